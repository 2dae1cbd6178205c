package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.TestCertificates;
import dev.smtpprobe.testing.TestIdentity;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * STARTTLS (RFC 3207) on the wire, including the client cases of the EAST test suite ("Why TLS is better without
 * STARTTLS", USENIX Security 2021): in required mode none of them may lead to a plaintext MAIL or AUTH.
 */
@Timeout(30)
class StartTlsTest extends FakeServerTest {

    static final String HOST = "localhost";
    static final TestIdentity SERVER = TestCertificates.valid(HOST);
    static final String EHLO_WITH_STARTTLS = "250-fake.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n";
    static final String EHLO_IN_TLS = "250-fake.test\r\n250-SIZE 1000\r\n250 AUTH PLAIN\r\n";


    private SmtpSession connect(TlsMode mode, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(script);
        client = Probe.client(ProbeOptions.builder()
                .timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .tls(TlsOptions.builder().mode(mode).trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa()))
                        .handshakeTimeout(Duration.ofSeconds(3)).build())
                .build());
        return client.connect(HOST, server.port());
    }

    /** Nothing that carries mail or credentials was sent outside TLS. */
    private void assertNoPlaintextMailOrAuth() {
        String plain = server.receivedBeforeTls().toUpperCase(java.util.Locale.ROOT);
        assertThat(plain).doesNotContain("MAIL FROM").doesNotContain("AUTH").doesNotContain("RCPT TO");
    }

    @Test
    void startTlsUpgradesForgetsCapabilitiesAndMarksTheTranscript() {
        var session = connect(TlsMode.NONE, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
            s.startTls(SERVER.serverSslContext());
            s.reply("EHLO", EHLO_IN_TLS);
            s.reply("MAIL FROM", "250 ok\r\n");
            s.readUntilClosed();
        });
        Hello plain = session.ehlo("client.test");
        assertThat(plain.capabilities().supportsStartTls()).isTrue();
        var started = plain.startTls();
        assertThat(started.reply().code()).isEqualTo(220);
        assertThat(started.tls().protocol()).startsWith("TLSv1.");
        assertThat(started.tls().trusted()).isTrue();
        assertThat(started.tls().hostnameMatched()).isTrue();
        assertThat(started.tls().sniName()).hasValue(HOST);
        assertThat(server.tlsSni()).hasValue(HOST);
        Hello secured = started.ehlo("client.test");
        assertThat(secured.capabilities().supportsStartTls()).isFalse();
        assertThat(secured.capabilities().size()).hasValue(1000);
        assertThat(session.tls()).isPresent();
        assertThat(secured.mailFrom("a@b.test").reply().code()).isEqualTo(250);
        assertThat(server.receivedInTls()).contains("EHLO client.test\r\n", "MAIL FROM:<a@b.test>\r\n");
        assertThat(server.receivedBeforeTls()).doesNotContain("MAIL");
        var entries = session.transcript().entries();
        assertThat(entries.stream().filter(e -> e.line().startsWith("MAIL FROM")).map(TranscriptEntry::tls)).containsExactly(true);
        assertThat(entries.stream().filter(e -> e.line().equals("STARTTLS")).map(TranscriptEntry::tls)).containsExactly(false);
        assertThat(session.transcript().toString()).contains(" ~> MAIL FROM:<a@b.test>", "=== TLS started: TLSv1.");
    }

    @Test
    void requiredModeUpgradesInsideEhloAndReturnsTheCapabilitiesOfferedUnderTls() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(SERVER.serverSslContext());
            s.reply("EHLO", EHLO_IN_TLS);
            s.readUntilClosed();
        });
        Hello hello = session.ehlo("client.test");
        assertThat(hello.capabilities().authMechanisms()).containsExactly("PLAIN");
        assertThat(session.tls()).isPresent();
        assertThat(session.transcript().sent()).containsSubsequence("EHLO client.test", "STARTTLS", "EHLO client.test");
    }

    @Test
    void eastInjectedEhloReplyInTheSameSegmentAsThe220IsAProtocolViolation() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.expect("STARTTLS");
            s.send("220 go\r\n250-evil.test\r\n250 AUTH PLAIN\r\n");
            s.readUntilClosed();
        });
        var e = catchThrowableOfType(ProtocolViolationException.class, () -> session.ehlo("client.test"));
        assertThat(e.step()).isEqualTo(Step.STARTTLS);
        assertThat(new String(e.offendingBytes(), java.nio.charset.StandardCharsets.US_ASCII)).startsWith("250-evil.test");
        assertThat(session.isOpen()).isFalse();
        assertThat(server.tlsHandshakeFailure()).isEmpty();
        assertNoPlaintextMailOrAuth();
    }

    @Test
    void eastInjectedFragmentWithoutCrlfAfterThe220IsAProtocolViolation() {
        var session = connect(TlsMode.NONE, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.expect("STARTTLS");
            s.send("220 go\r\n250 fragm");
            s.readUntilClosed();
        });
        Hello hello = session.ehlo("client.test");
        var e = catchThrowableOfType(ProtocolViolationException.class, hello::startTls);
        assertThat(new String(e.offendingBytes(), java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("250 fragm");
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void eastStartTlsNotAdvertisedEndsARequiredSession() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n");
            s.readUntilClosed();
        });
        var e = catchThrowableOfType(TlsFailedException.class, () -> session.ehlo("client.test"));
        assertThat(e.failure()).isEqualTo(TlsFailure.NOT_OFFERED);
        assertThat(session.isOpen()).isFalse();
        assertNoPlaintextMailOrAuth();
    }

    @Test
    void eastStartTlsNotAdvertisedAndAnswered502WhenTheClientInsists() {
        var session = connect(TlsMode.NONE, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH PLAIN\r\n");
            s.reply("STARTTLS", "502 5.5.1 Command not implemented\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        });
        Hello hello = session.ehlo("client.test");
        var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);
        assertThat(e.failure()).isEqualTo(TlsFailure.REFUSED);
        assertThat(e.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(502));
        assertThat(hello.noop().reply().code()).isEqualTo(250); // mode NONE: the plaintext session goes on
    }

    private void assertRequiredRefusal(String reply, int code) {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", reply);
            s.readUntilClosed();
        });
        var e = catchThrowableOfType(TlsFailedException.class, () -> session.ehlo("client.test"));
        assertThat(e.failure()).isEqualTo(TlsFailure.REFUSED);
        assertThat(e.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(code));
        assertThat(session.isOpen()).isFalse();
        var mail = catchThrowableOfType(IllegalStateException.class, () -> session.noop());
        assertThat(mail).hasMessageContaining("closed");
        assertNoPlaintextMailOrAuth();
    }

    @Test
    void eastAdvertisedButAnswered502EndsARequiredSession() {
        assertRequiredRefusal("502 5.5.1 not now\r\n", 502);
    }

    @Test
    void eastAnswered454EndsARequiredSession() {
        assertRequiredRefusal("454 4.7.0 TLS not available due to temporary reason\r\n", 454);
    }

    @Test
    void eastAnswered354EndsARequiredSession() {
        assertRequiredRefusal("354 go ahead\r\n", 354);
    }

    @Test
    void eastAnswered501EndsARequiredSession() {
        assertRequiredRefusal("501 5.5.4 Syntax error\r\n", 501);
    }

    @Test
    void eastHeloOnlyServerEndsARequiredSessionWithoutFallingBackToPlaintext() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test SMTP\r\n");
            s.reply("EHLO", "502 5.5.2 Error: command not recognized\r\n");
            s.readUntilClosed();
        });
        var e = catchThrowableOfType(TlsFailedException.class, () -> session.ehlo("client.test"));
        assertThat(e.failure()).isEqualTo(TlsFailure.NOT_OFFERED);
        assertThat(server.receivedText()).doesNotContain("HELO").doesNotContain("MAIL");
    }

    @Test
    void requiredModeNeverSendsMailOrAuthWithoutTlsEvenWhenAskedDirectly() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("HELO", "250 fake.test\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        });
        Hello hello = session.helo("client.test");
        var e = catchThrowableOfType(NotSentException.class, () -> hello.mailFrom("a@b.test"));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.TLS_REQUIRED);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.NOT_CLOSED);
        var raw = catchThrowableOfType(NotSentException.class, () -> hello.command("AUTH PLAIN AGFAYg=="));
        assertThat(raw.reason()).isEqualTo(NotSentException.Reason.TLS_REQUIRED);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertNoPlaintextMailOrAuth();
    }

    @Test
    void eastServerIgnoringTheEhloAfterTlsTimesOutInsteadOfReusingOldCapabilities() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(SERVER.serverSslContext());
            s.expect("EHLO");
            s.pause(Duration.ofSeconds(4)); // never answers
        });
        var e = catchThrowableOfType(StepTimeoutException.class, () -> session.ehlo("client.test"));
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertNoPlaintextMailOrAuth();
    }

    @Test
    void eastSixtyAuthMechanismsBeforeTlsAreForgottenAfterIt() {
        String many = IntStream.range(0, 60).mapToObj(i -> "X-MECH-" + i).collect(Collectors.joining(" "));
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250-AUTH PLAIN LOGIN " + many + "\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(SERVER.serverSslContext());
            s.reply("EHLO", "250-fake.test\r\n250 AUTH SCRAM-SHA-256\r\n");
            s.readUntilClosed();
        });
        Hello hello = session.ehlo("client.test");
        assertThat(hello.capabilities().authMechanisms()).containsExactly("SCRAM-SHA-256");
        assertNoPlaintextMailOrAuth();
    }

    @Test
    void opportunisticModeRecordsWhyTlsWasNotUsed() {
        var session = connect(TlsMode.STARTTLS_OPPORTUNISTIC, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 PIPELINING\r\n");
            s.reply("MAIL", "250 ok\r\n");
            s.readUntilClosed();
        });
        Hello hello = session.ehlo("client.test");
        assertThat(session.tls()).isEmpty();
        assertThat(session.tlsNotUsedReason()).hasValueSatisfying(r -> assertThat(r).contains("does not offer STARTTLS"));
        assertThat(hello.mailFrom("a@b.test").reply().code()).isEqualTo(250);
        assertThat(session.transcript().lines(Direction.INFO)).anyMatch(l -> l.startsWith("TLS not used"));
    }

    @Test
    void opportunisticModeGoesOnInPlaintextAfterA454() {
        var session = connect(TlsMode.STARTTLS_OPPORTUNISTIC, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", "454 4.7.0 not now\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        });
        Hello hello = session.ehlo("client.test");
        assertThat(hello.reply().code()).isEqualTo(250);
        assertThat(session.tlsNotUsedReason()).hasValueSatisfying(r -> assertThat(r).contains("454"));
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void implicitTlsReadsTheGreetingInsideTls() {
        server = FakeSmtpServer.startImplicitTls(SERVER.serverSslContext(), s -> {
            s.send("220 fake.test ESMTPS\r\n");
            s.reply("EHLO", EHLO_IN_TLS);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .tls(TlsOptions.builder().mode(TlsMode.IMPLICIT)
                        .trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa())).build())
                .build());
        var session = client.connect(HOST, server.port());
        assertThat(session.tls()).hasValueSatisfying(t -> {
            assertThat(t.trusted()).isTrue();
            assertThat(t.hostnameMatched()).isTrue();
        });
        assertThat(session.transcript().entries()).filteredOn(e -> e.line().startsWith("220 fake.test")).allMatch(TranscriptEntry::tls);
        assertThat(session.ehlo("client.test").capabilities().size()).hasValue(1000);
    }

    @Test
    void handshakeThatNeverStartsFailsAfterTheHandshakeTimeout() {
        var session = connect(TlsMode.STARTTLS_REQUIRED, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", "220 go\r\n");
            s.pause(Duration.ofSeconds(5)); // no ServerHello ever comes
        });
        long start = System.nanoTime();
        var e = catchThrowableOfType(TlsFailedException.class, () -> session.ehlo("client.test"));
        assertThat(e.failure()).isEqualTo(TlsFailure.HANDSHAKE);
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(4_500L); // the 3 s handshake timeout
        assertThat(e.reply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(220));
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void offeredProtocolVersionsAreHonoured() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO_WITH_STARTTLS);
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(SERVER.serverSslContext());
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .tls(TlsOptions.builder().protocols("TLSv1.2")
                        .cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")
                        .trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa())).build())
                .build());
        var session = client.connect(HOST, server.port());
        var facts = session.ehlo("client.test").startTls().tls();
        assertThat(facts.protocol()).isEqualTo("TLSv1.2");
        assertThat(facts.cipherSuite()).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
        session.close();
        server.awaitScript(Duration.ofSeconds(5)); // the server records its side once its handshake returned
        assertThat(server.tlsProtocol()).hasValue("TLSv1.2");
    }
}
