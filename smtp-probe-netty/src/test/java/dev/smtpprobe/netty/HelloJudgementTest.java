package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 item 4: only 250 accepts EHLO and HELO (RFC 5321 §4.1.1.1, §4.3.2), and a greeting other than 220 is not
 * followed by the STARTTLS upgrade as if nothing happened.
 */
@Timeout(20)
class HelloJudgementTest extends FakeServerTest {

    private SmtpSession connect(TlsMode mode, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(script);
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .tls(TlsOptions.builder().mode(mode).build()).build());
        return client.connect(server.host(), server.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"220 fake.test ESMTP", "221 2.0.0 Bye", "200 ok", "251 fake.test", "354 go ahead"})
    void ehloAnsweredWithAnythingButTwoFiftyOrARefusalIsAProtocolViolationAndTheClientCloses(String answer) {
        var session = connect(TlsMode.NONE, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", answer + "\r\n");
            s.readUntilClosed();
        });
        var e = catchThrowableOfType(ProtocolViolationException.class, () -> session.ehlo("client.test"));
        assertThat(e).as("EHLO answered %s", answer).isNotNull();
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.getMessage()).contains("EHLO answered " + answer.substring(0, 3), "RFC 5321");
        assertThat(new String(e.offendingBytes(), StandardCharsets.UTF_8)).isEqualTo(answer + "\r\n");
        assertThat(session.isOpen()).isFalse();
        server.awaitScript(Duration.ofSeconds(5)); // the server saw the client close
        assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\n"); // and no QUIT, no STARTTLS, nothing more
    }

    @Test
    void heloAnswered221IsAProtocolViolationToo() {
        var session = connect(TlsMode.NONE, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("HELO", "221 fake.test closing\r\n");
            s.readUntilClosed();
        });
        var e = catchThrowableOfType(ProtocolViolationException.class, () -> session.helo("client.test"));
        assertThat(e.step()).isEqualTo(Step.HELO);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void aRefusedEhloIsStillAReplyNotAnException() {
        var session = connect(TlsMode.NONE, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "502 5.5.1 EHLO not implemented\r\n");
            s.reply("HELO", "250 fake.test\r\n");
            s.readUntilClosed();
        });
        assertThat(session.ehlo("client.test").reply().code()).isEqualTo(502);
        assertThat(session.helo("client.test").reply().code()).isEqualTo(250);
        assertThat(session.isOpen()).isTrue();
    }

    @Test
    void aNonTwoTwentyGreetingInStartTlsRequiredFailsAtOnceWithoutSendingEhlo() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("554 5.7.1 no service for you\r\n");
            s.answerEachLine(line -> "250-fake.test\r\n250 STARTTLS\r\n"); // a server that would go on regardless
        });
        assertThat(session.greeting().code()).isEqualTo(554);
        var e = catchThrowableOfType(TlsFailedException.class, () -> session.ehlo("client.test"));
        assertThat(e.failure()).isEqualTo(TlsFailure.NOT_OFFERED);
        assertThat(e.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(554));
        assertThat(e.getMessage()).contains("greeting was 554");
        assertThat(session.isOpen()).isFalse();
        server.awaitScript(Duration.ofSeconds(5));
        assertThat(server.receivedText()).isEmpty();
    }

    @Test
    void aNonTwoTwentyGreetingInOpportunisticModeSendsEhloAsToldButNoStartTls() {
        var session = connect(TlsMode.STARTTLS_OPPORTUNISTIC, s -> {
            s.send("554 5.7.1 no service for you\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 STARTTLS\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        });
        var hello = session.ehlo("client.test");
        assertThat(hello.reply().code()).isEqualTo(250);
        assertThat(session.tls()).isEmpty();
        assertThat(session.tlsNotUsedReason()).hasValueSatisfying(r -> assertThat(r).contains("greeting was 554"));
        hello.noop();
        assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nNOOP\r\n");
    }

    @Test
    void heloAfterANonTwoTwentyGreetingIsSentAsToldInEveryMode() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("554 5.7.1 no service\r\n");
            s.reply("HELO", "503 5.5.1 no service\r\n");
            s.readUntilClosed();
        });
        assertThat(session.helo("client.test").reply().code()).isEqualTo(503);
        assertThat(server.receivedText()).isEqualTo("HELO client.test\r\n");
    }
}
