package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Hello;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.TestCertificates;
import dev.smtpprobe.testing.TestIdentity;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** REQUIRETLS (RFC 8689) as a MAIL parameter, and the ETRN step (RFC 1985). */
@Timeout(20)
class RequireTlsAndEtrnTest extends FakeServerTest {

    static final String HOST = "localhost";
    static final TestIdentity SERVER = TestCertificates.valid(HOST);
    static final String EHLO = "250-fake.test\r\n250-ETRN\r\n250 REQUIRETLS\r\n";

    private static final MailParameters REQUIRETLS = MailParameters.builder().requireTls().build();

    private Hello plaintext(Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3))).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    private Hello implicitTls(String ehlo, TlsOptions.Builder trust, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.startImplicitTls(SERVER.serverSslContext(), s -> {
            s.send("220 fake.test ESMTPS\r\n");
            s.reply("EHLO", ehlo);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .tls(trust.mode(TlsMode.IMPLICIT).build()).build());
        return client.connect(HOST, server.port()).ehlo("client.test");
    }

    private static TlsOptions.Builder verified() {
        return TlsOptions.builder().trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa()));
    }

    @Test
    void requireTlsOverVerifiedTlsToAServerThatOffersItIsWritten() {
        var hello = implicitTls(EHLO, verified(), s -> s.reply("MAIL FROM:<a@b.test> REQUIRETLS", "250 2.1.0 ok\r\n"));
        assertThat(hello.capabilities().supportsRequireTls()).isTrue();
        assertThat(hello.mailFrom("a@b.test", REQUIRETLS).reply().code()).isEqualTo(250);
        assertThat(REQUIRETLS.requireTls()).isTrue();
    }

    @Test
    void requireTlsInPlaintextIsRefusedBeforeAnythingIsSent() {
        var hello = plaintext(s -> s.reply("NOOP", "250 ok\r\n"));
        assertThatThrownBy(() -> hello.mailFrom("a@b.test", REQUIRETLS))
                .isInstanceOfSatisfying(NotSentException.class, e -> {
                    assertThat(e.reason()).isEqualTo(NotSentException.Reason.REQUIRETLS_NOT_POSSIBLE);
                    assertThat(e.getMessage()).contains("no TLS");
                });
        assertThatThrownBy(() -> hello.mailFrom("a@b.test", "REQUIRETLS")) // raw counts as typed
                .isInstanceOf(NotSentException.class);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("MAIL");
    }

    @Test
    void requireTlsWithoutCertificateVerificationIsRefused() {
        var hello = implicitTls(EHLO, TlsOptions.builder().trustAllCertificatesInsecure(), s -> s.reply("NOOP", "250 ok\r\n"));
        assertThatThrownBy(() -> hello.mailFrom("a@b.test", REQUIRETLS))
                .isInstanceOfSatisfying(NotSentException.class,
                        e -> assertThat(e.getMessage()).contains("not verified"));
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedInTls()).doesNotContain("MAIL");
    }

    @Test
    void requireTlsToAServerThatDoesNotOfferItIsRefused() {
        var hello = implicitTls("250-fake.test\r\n250 8BITMIME\r\n", verified(), s -> s.reply("NOOP", "250 ok\r\n"));
        assertThatThrownBy(() -> hello.pipelined().mailFrom("a@b.test", REQUIRETLS).rcptTo("x@fake.test").data("x"))
                .isInstanceOfSatisfying(NotSentException.class,
                        e -> assertThat(e.getMessage()).contains("did not offer REQUIRETLS"));
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedInTls()).doesNotContain("MAIL");
    }

    @Test
    void etrnSendsTheNodeAndReturnsTheReplyAsData() {
        var hello = plaintext(s -> {
            s.reply("ETRN @example.test", "250 Queuing for node example.test started\r\n");
            s.reply("ETRN #backup", "458 Unable to queue messages for node #backup\r\n");
        });
        assertThat(hello.capabilities().supportsEtrn()).isTrue();
        var started = hello.etrn("@example.test");
        assertThat(started.reply().code()).isEqualTo(250);
        assertThat(started.command()).isEqualTo("ETRN @example.test");
        assertThat(hello.etrn("#backup").reply().code()).isEqualTo(458);
    }

    @Test
    void anEtrnNodeThatIsNotOneTokenIsRefusedBeforeAnythingIsSent() {
        var hello = plaintext(s -> s.reply("NOOP", "250 ok\r\n"));
        assertThatThrownBy(() -> hello.etrn("example.test RSET")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> hello.etrn("example.test\r\nRSET")).isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> hello.etrn("")).isInstanceOf(InvalidArgumentException.class);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("ETRN");
        assertThat(ProbeOptions.DEFAULT.timeouts().of(Step.ETRN)).isEqualTo(ProbeOptions.DEFAULT.timeouts().command());
    }
}
