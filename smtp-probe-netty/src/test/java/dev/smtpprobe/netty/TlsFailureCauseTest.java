package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsFailureCause;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.TestCertificates;
import dev.smtpprobe.testing.TestIdentity;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A failed TLS handshake names its cause (RFC 8446 §6.2 alerts: protocol version, no shared cipher, certificate;
 * a timeout; a connection closed mid-handshake) and which side ended it, against the fake server's JDK TLS.
 */
@Timeout(30)
class TlsFailureCauseTest extends FakeServerTest {

    private static final String HOST = "localhost";
    private static final TestIdentity SERVER = TestCertificates.valid(HOST);
    private static final Duration WAIT = Duration.ofSeconds(10);

    /** Greets, offers STARTTLS, answers it with 220 and plays {@code tls}. */
    private Hello hello(UnaryOperator<TlsOptions.Builder> options, Consumer<FakeSmtpServer.Script> tls) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 2.0.0 go ahead\r\n");
            tls.accept(s);
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5)))
                .tls(options.apply(TlsOptions.builder()
                        .trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa()))
                        .handshakeTimeout(Duration.ofSeconds(2))).build())
                .build());
        return client.connect(HOST, server.port()).ehlo("client.test");
    }

    private static Consumer<FakeSmtpServer.Script> serverTls(String... protocols) {
        return s -> {
            s.startTls(SERVER.serverSslContext(), Duration.ofSeconds(5), protocols);
            s.readUntilClosed();
        };
    }

    @Test
    void serverAllowingOnlyTls13AndClientOnlyTls12NamesTheProtocolVersion() {
        var hello = hello(b -> b.protocols("TLSv1.2"), serverTls("TLSv1.3"));

        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);

        assertThat(e.failure()).isEqualTo(TlsFailure.HANDSHAKE);
        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.PROTOCOL_VERSION);
        assertThat(e.getMessage()).contains("protocol_version", "no TLS protocol version both sides accept", "[TLSv1.2]")
                .doesNotContain("ClosedChannelException").doesNotContain("null");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.SERVER); // the server ended it with its alert
        server.awaitScript(WAIT);
        assertThat(server.tlsHandshakeFailure()).hasValueSatisfying(t -> assertThat(t).hasMessageContaining("TLSv1.2"));
    }

    @Test
    void serverAllowingOnlyTls12AndClientOnlyTls13NamesTheProtocolVersion() {
        var hello = hello(b -> b.protocols("TLSv1.3"), serverTls("TLSv1.2"));

        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);

        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.PROTOCOL_VERSION);
        assertThat(e.getMessage()).contains("protocol_version", "[TLSv1.3]");
    }

    @Test
    void noCipherSuiteInCommonIsNamed() {
        // the server's key is EC: an RSA-only suite cannot be agreed
        var hello = hello(b -> b.protocols("TLSv1.2").cipherSuites("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"),
                serverTls("TLSv1.2"));

        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);

        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.NO_SHARED_CIPHER);
        assertThat(e.getMessage()).contains("handshake_failure", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.SERVER);
        server.awaitScript(WAIT);
        assertThat(server.tlsHandshakeFailure()).hasValueSatisfying(t -> assertThat(t).hasMessageContaining("cipher"));
    }

    @Test
    void serverClosingDuringTheHandshakeIsConnectionClosedByTheServer() {
        var hello = hello(b -> b, FakeSmtpServer.Script::close);

        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);

        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.CONNECTION_CLOSED);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.SERVER);
        assertThat(e.getMessage()).contains("closed by the server during the handshake").doesNotContain(": null");
    }

    @Test
    void handshakeTimeoutIsNamedAndTheClientClosed() {
        var hello = hello(b -> b, s -> s.pause(Duration.ofSeconds(4))); // no ServerHello ever

        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);

        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.HANDSHAKE_TIMEOUT);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.getMessage()).contains("2000 ms");
    }

    @Test
    void untrustedCertificateIsACertificateFailureTheClientEnded() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(TestCertificates.untrustedCa(HOST).serverSslContext());
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5)))
                .tls(TlsOptions.builder().trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa())).build())
                .build());
        var hello = client.connect(HOST, server.port()).ehlo("client.test");

        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);

        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.CERTIFICATE);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        server.awaitScript(WAIT); // on the wire: the client's alert ended the handshake
        // the server reads the client's certificate alert, or, when the client has closed right after sending it
        // while the server was still writing its own flight, fails that write: either way the client ended it
        assertThat(server.tlsHandshakeFailure()).hasValueSatisfying(t -> assertThat(t.getMessage())
                .containsAnyOf("certificate", "Broken pipe", "Connection reset"));
    }
}
