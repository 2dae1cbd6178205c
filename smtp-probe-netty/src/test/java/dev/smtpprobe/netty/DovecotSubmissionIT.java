package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ServerProof;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.DovecotInstance;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library against Dovecot's real submission server (scripts/dovecot-test.sh, which lists its replies):
 * SCRAM-SHA-256 with the server's proof checked, the other mechanisms it offers, MAIL refused before AUTH, SIZE,
 * BDAT (Dovecot relays the message to a sink), several messages per session, and implicit TLS.
 */
class DovecotSubmissionIT {

    private static final String USER = "probeuser";
    private static final String PASSWORD = "probepass";

    private static ProbeClient startTls;
    private static ProbeClient implicitTls;

    @BeforeAll
    static void start() {
        DovecotInstance.start();
        startTls = client(TlsMode.STARTTLS_REQUIRED);
        implicitTls = client(TlsMode.IMPLICIT);
    }

    private static ProbeClient client(TlsMode mode) {
        return Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(TlsOptions.builder().mode(mode).trustStore(DovecotInstance.trustStore())
                        .serverName(DovecotInstance.SERVER_NAME).build())
                .build());
    }

    @AfterAll
    static void stop() {
        startTls.close();
        implicitTls.close();
    }

    private static SmtpSession connect() {
        return startTls.connect(DovecotInstance.HOST, DovecotInstance.submissionPort());
    }

    private static Hello secured(SmtpSession session) {
        Hello hello = session.ehlo("client.probe.test");
        assertThat(session.tls()).isPresent();
        return hello;
    }

    @Test
    void scramSha256ProvesTheServerAndTheMessageIsRelayed() {
        try (var session = connect()) {
            var hello = secured(session);
            assertThat(hello.capabilities().authMechanisms()).contains("SCRAM-SHA-256");
            var auth = hello.authScramSha256(USER, PASSWORD);
            assertThat(auth.isSuccess()).as(auth.transcript().toString()).isTrue();
            assertThat(auth.reply().text()).contains("Logged in");
            assertThat(auth.serverProof()).isEqualTo(ServerProof.VERIFIED);
            assertThat(auth.isServerVerified()).isTrue();
            assertThat(auth.transcript().toString()).doesNotContain(PASSWORD);
            var sent = auth.mailFrom("probeuser@probe.test").rcptTo("someone@elsewhere.test")
                    .data("Subject: scram\r\n\r\nbody\r\n");
            assertThat(sent.isAccepted()).as(sent.transcript().toString()).isTrue();
        }
    }

    @Test
    void scramWithAWrongPasswordIsAFailedResultWithoutAServerProof() {
        try (var session = connect()) {
            var auth = secured(session).authScramSha256(USER, "wrong-password");
            assertThat(auth.isSuccess()).isFalse();
            assertThat(auth.reply().code()).isEqualTo(535);
            assertThat(auth.serverProof()).isNotEqualTo(ServerProof.VERIFIED);
        }
    }

    @Test
    void mailBeforeAuthIsRefusedWith530() {
        try (var session = connect()) {
            var tx = secured(session).mailFrom("someone@elsewhere.test");
            assertThat(tx.mailReply().code()).isEqualTo(530);
            assertThat(tx.mailReply().enhancedStatus()).hasValueSatisfying(s -> assertThat(s.toString()).isEqualTo("5.7.0"));
        }
    }

    private static void assertMechanism(BiFunction<Hello, String, AuthResult> auth) {
        try (var session = connect()) {
            AuthResult ok = auth.apply(secured(session), PASSWORD);
            assertThat(ok.isSuccess()).as(ok.transcript().toString()).isTrue();
            assertThat(ok.reply().code()).isEqualTo(235);
            assertThat(ok.transcript().toString()).doesNotContain(PASSWORD);
        }
        try (var session = connect()) {
            AuthResult bad = auth.apply(secured(session), "wrong-password");
            assertThat(bad.isSuccess()).isFalse();
            assertThat(bad.reply().code()).isEqualTo(535);
        }
    }

    @Test
    void everyOtherOfferedMechanismSucceedsAndFails() {
        try (var session = connect()) {
            assertThat(secured(session).capabilities().authMechanisms())
                    .containsExactlyInAnyOrder("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-1", "SCRAM-SHA-256");
        }
        assertMechanism((h, p) -> h.authPlain(USER, p));
        assertMechanism((h, p) -> h.authLogin(USER, p));
        assertMechanism((h, p) -> h.authCramMd5(USER, p));
        try (var session = connect()) {
            assertThat(secured(session).authPlain("alice@probe.test", "wonderland").isSuccess()).isTrue();
        }
    }

    @Test
    void chunkedMessagesAreAcceptedAndRelayedSeveralPerSession() {
        byte[] message = ("Subject: chunked\r\n\r\n.a line starting with a dot\r\nend\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        try (var session = connect()) {
            var hello = secured(session);
            assertThat(hello.capabilities().supportsChunking()).isTrue();
            var auth = hello.authScramSha256(USER, PASSWORD);
            var first = auth.mailFrom("probeuser@probe.test").rcptTo("someone@elsewhere.test").dataChunked(message, 10);
            assertThat(first.chunkReplies()).hasSize((message.length + 9) / 10).allMatch(r -> r.isPositive());
            assertThat(first.isAccepted()).as(first.transcript().toString()).isTrue();
            var second = first.hello().nextMailFrom("probeuser@probe.test").rcptTo("other@elsewhere.test")
                    .bdatLast(message);
            assertThat(second.isAccepted()).isTrue();
            assertThat(session.transactions()).isEqualTo(2);
        }
    }

    @Test
    void aPipelinedTransactionAfterAuthMatchesEachReply() {
        try (var session = connect()) {
            var hello = secured(session);
            assertThat(hello.capabilities().supportsPipelining()).isTrue();
            assertThat(hello.capabilities().serverName()).isEqualTo(DovecotInstance.SERVER_NAME);
            var auth = hello.authPlain(USER, PASSWORD);
            var sent = auth.hello().pipelined().mailFrom("probeuser@probe.test").rcptTo("one@elsewhere.test")
                    .rcptTo("two@elsewhere.test").data("Subject: pipelined\r\n\r\nbody\r\n");
            assertThat(sent.transaction().isPipelined()).isTrue();
            assertThat(sent.transaction().recipients()).extracting(r -> r.reply().code()).containsExactly(250, 250);
            assertThat(sent.isAccepted()).as(sent.transcript().toString()).isTrue();
        }
    }

    @Test
    void sizeIsAnnouncedAndADeclaredOversizeIsRefusedAtMail() {
        try (var client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                        .sizePrecheck(false).tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED)
                                .trustStore(DovecotInstance.trustStore()).serverName(DovecotInstance.SERVER_NAME).build())
                        .build());
                var session = client.connect(DovecotInstance.HOST, DovecotInstance.submissionPort())) {
            var hello = secured(session);
            assertThat(hello.capabilities().size()).hasValue(200000);
            var tx = hello.authPlain(USER, PASSWORD).mailFrom("probeuser@probe.test",
                    MailParameters.builder().size(300_000).build());
            assertThat(tx.mailReply().code()).as(tx.transcript().toString()).isEqualTo(552);
        }
    }

    @Test
    void implicitTlsOnTheSubmissionsPort() {
        try (var session = implicitTls.connect(DovecotInstance.HOST, DovecotInstance.submissionsPort())) {
            assertThat(session.greeting().text()).contains(DovecotInstance.SERVER_NAME);
            var facts = session.tls().orElseThrow();
            assertThat(facts.trusted()).isTrue();
            assertThat(facts.leafSubject()).contains(DovecotInstance.SERVER_NAME);
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().supportsStartTls()).isFalse();
            var auth = hello.authScramSha256(USER, PASSWORD);
            assertThat(auth.serverProof()).isEqualTo(ServerProof.VERIFIED);
        }
    }
}
