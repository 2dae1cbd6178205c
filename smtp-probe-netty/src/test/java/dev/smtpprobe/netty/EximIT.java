package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Hello;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.RcptParameters;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.EximInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The library against a real Exim 4 (scripts/exim-test.sh, which lists every reply used here): CHUNKING, DSN,
 * SMTPUTF8, SIZE, implicit TLS and STARTTLS with the test CA, every AUTH mechanism it offers including NTLMv1 (its
 * spa authenticator refuses NTLMv2), relay and unknown-user refusals, several messages per session, and the stock
 * syntax-error limit, after which Exim closes the connection.
 */
class EximIT {

    private static final String USER = "probeuser";
    private static final String PASSWORD = "probepass";

    private static ProbeClient plain;
    private static ProbeClient startTls;
    private static ProbeClient implicitTls;

    @BeforeAll
    static void start() {
        EximInstance.start();
        plain = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
        startTls = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(trusting(TlsMode.STARTTLS_REQUIRED)).build());
        implicitTls = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(trusting(TlsMode.IMPLICIT)).build());
    }

    private static TlsOptions trusting(TlsMode mode) {
        return TlsOptions.builder().mode(mode).trustStore(EximInstance.trustStore())
                .serverName(EximInstance.SERVER_NAME).build();
    }

    @AfterAll
    static void stop() {
        plain.close();
        startTls.close();
        implicitTls.close();
    }

    private static SmtpSession connect() {
        return plain.connect(EximInstance.HOST, EximInstance.port());
    }

    /** EHLO after STARTTLS, verified with the test CA. */
    private static Hello secured(SmtpSession session) {
        Hello hello = session.ehlo("client.probe.test");
        assertThat(session.tls()).isPresent();
        return hello;
    }

    private static String spool(Path file) throws Exception {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void eximOffersItsExtensionsAndQueuesAMessage() throws Exception {
        String marker = "smoke-" + UUID.randomUUID();
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().serverName()).isEqualTo(EximInstance.SERVER_NAME);
            assertThat(hello.capabilities().keywords())
                    .contains("CHUNKING", "DSN", "SMTPUTF8", "PRDR", "STARTTLS", "PIPELINING", "8BITMIME");
            assertThat(hello.capabilities().size()).hasValue(200000);
            assertThat(hello.capabilities().authMechanisms()).as("AUTH only inside TLS").isEmpty();
            var sent = hello.mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test")
                    .data("Subject: " + marker + "\r\n\r\nbody\r\n");
            assertThat(sent.isAccepted()).as(sent.transcript().toString()).isTrue();
            assertThat(sent.queueId()).isPresent();
            assertThat(spool(EximInstance.messageBody(sent.queueId().orElseThrow()))).contains("body");
            assertThat(spool(EximInstance.messageEnvelope(sent.queueId().orElseThrow()))).contains(marker);
        }
    }

    @Test
    void chunkedMessageIsQueuedByteForByteWithoutDotStuffing() throws Exception {
        String body = ".a line starting with a dot\r\n..two dots\r\nend\r\n";
        byte[] message = ("Subject: chunked\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII);
        try (var session = connect()) {
            var sent = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test")
                    .rcptTo("postmaster@probe.test").dataChunked(message, 16);
            assertThat(sent.chunkReplies()).hasSize((message.length + 15) / 16).allMatch(r -> r.isPositive());
            assertThat(sent.chunkReplies().get(0).text()).contains("16 byte chunk");
            assertThat(sent.isAccepted()).isTrue();
            String id = sent.queueId().orElseThrow();
            // The -D file holds the body with LF line ends, exactly as sent (BDAT content is never dot-stuffed).
            assertThat(spool(EximInstance.messageBody(id))).endsWith(body.replace("\r\n", "\n"));
        }
    }

    @Test
    void dsnParametersAreTakenAndKeptWithTheMessage() throws Exception {
        String envId = "env-" + UUID.randomUUID();
        try (var session = connect()) {
            var tx = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test",
                    MailParameters.builder().ret(MailParameters.Ret.HDRS).envId(envId).build());
            assertThat(tx.mailReply().code()).isEqualTo(250);
            tx = tx.rcptTo("postmaster@probe.test", RcptParameters.builder()
                    .notify(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE)
                    .originalRecipient("postmaster@probe.test").build());
            assertThat(tx.reply().code()).as(tx.transcript().toString()).isEqualTo(250);
            var sent = tx.data("Subject: dsn\r\n\r\nbody\r\n");
            String envelope = spool(EximInstance.messageEnvelope(sent.queueId().orElseThrow()));
            assertThat(envelope).contains("-dsn_envid " + envId).contains("-dsn_ret");
            assertThat(session.transcript().sent()).anySatisfy(line -> assertThat(line).contains("NOTIFY=SUCCESS,FAILURE",
                    "ORCPT=rfc822;postmaster@probe.test"));
        }
    }

    @Test
    void smtpUtf8SenderIsAcceptedAndTheMessageIsMarked() throws Exception {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().supportsSmtpUtf8()).isTrue();
            var tx = hello.mailFrom("rené@elsewhere.test", MailParameters.builder().smtpUtf8().build());
            assertThat(tx.mailReply().code()).as(tx.transcript().toString()).isEqualTo(250);
            var sent = tx.rcptTo("postmaster@probe.test").data("Subject: héllo\r\n\r\nbödy\r\n");
            assertThat(sent.isAccepted()).isTrue();
            String envelope = spool(EximInstance.messageEnvelope(sent.queueId().orElseThrow()));
            assertThat(envelope).contains("rené@elsewhere.test").contains("-smtputf8");
        }
    }

    @Test
    void aDeclaredSizeOverTheLimitIsRefusedByTheClientFirstAndByEximAtMail() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            var e = catchThrowableOfType(NotSentException.class, () -> hello.mailFrom("someone@elsewhere.test",
                    MailParameters.builder().size(300_000).build()));
            assertThat(e.reason()).isEqualTo(NotSentException.Reason.SIZE_OVER_LIMIT);
        }
        try (var client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                        .sizePrecheck(false).build());
                var session = client.connect(EximInstance.HOST, EximInstance.port())) {
            var tx = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test",
                    MailParameters.builder().size(300_000).build());
            assertThat(tx.mailReply().code()).isEqualTo(552);
            assertThat(tx.mailReply().text()).contains("Message size exceeds maximum permitted");
        }
    }

    @Test
    void relayIsRefusedAndAnUnknownUserToo() {
        try (var session = connect()) {
            var tx = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test")
                    .rcptTo("x@foreign.example").rcptTo("nobody@probe.test").rcptTo("postmaster@probe.test");
            assertThat(tx.recipients()).extracting(r -> r.reply().code()).containsExactly(550, 550, 250);
            assertThat(tx.recipients().get(0).reply().text()).contains("relay not permitted");
            assertThat(tx.recipients().get(1).reply().text()).contains("Unrouteable address");
            assertThat(tx.acceptedRecipients()).containsExactly("postmaster@probe.test");
        }
    }

    @Test
    void severalMessagesInOneSessionEachGetTheirOwnId() {
        try (var session = connect()) {
            var first = session.ehlo("client.probe.test").mailFrom("a@elsewhere.test").rcptTo("postmaster@probe.test")
                    .data("Subject: one\r\n\r\n1\r\n");
            var second = first.hello().nextMailFrom("b@elsewhere.test").rcptTo("probeuser@probe.test")
                    .data("Subject: two\r\n\r\n2\r\n");
            var third = second.hello().pipelined().mailFrom("c@elsewhere.test").rcptTo("alice@probe.test")
                    .data("Subject: three\r\n\r\n3\r\n");
            assertThat(third.transaction().isPipelined()).isTrue();
            assertThat(java.util.List.of(first, second, third)).allMatch(d -> d.isAccepted());
            assertThat(java.util.Set.of(first.queueId().orElseThrow(), second.queueId().orElseThrow(),
                    third.queueId().orElseThrow())).hasSize(3);
            assertThat(session.transactions()).isEqualTo(3);
        }
    }

    @Test
    void vrfyAnswersForAKnownAndAnUnknownAddress() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.vrfy("postmaster@probe.test").reply().code()).isEqualTo(250);
            assertThat(hello.vrfy("nobody@probe.test").reply().code()).isEqualTo(550);
        }
    }

    @Test
    void implicitTlsIsVerifiedWithTheTestCaBeforeTheGreeting() {
        try (var session = implicitTls.connect(EximInstance.HOST, EximInstance.tlsPort())) {
            assertThat(session.greeting().text()).contains("exim.probe.test ESMTP Exim");
            var facts = session.tls().orElseThrow();
            assertThat(facts.trusted()).isTrue();
            assertThat(facts.protocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(facts.leafSubject()).contains(EximInstance.SERVER_NAME);
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().supportsStartTls()).isFalse();
            assertThat(hello.capabilities().authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN", "CRAM-MD5", "NTLM");
            var sent = hello.authPlain(USER, PASSWORD).mailFrom("probeuser@probe.test").rcptTo("someone@foreign.example")
                    .data("Subject: over implicit TLS\r\n\r\nbody\r\n");
            assertThat(sent.isAccepted()).isTrue();
        }
    }

    @Test
    void startTlsUpgradesAndOnlyThenOffersAuth() {
        try (var session = startTls.connect(EximInstance.HOST, EximInstance.port())) {
            var hello = secured(session);
            var facts = session.tls().orElseThrow();
            assertThat(facts.trusted()).isTrue();
            assertThat(facts.hostnameMatched()).isTrue();
            assertThat(hello.capabilities().supportsStartTls()).isFalse();
            assertThat(hello.capabilities().authMechanisms()).containsExactlyInAnyOrder("PLAIN", "LOGIN", "CRAM-MD5", "NTLM");
            assertThat(session.transcript().toString()).contains("220 TLS go ahead");
        }
    }

    private static void assertMechanism(BiFunction<Hello, String, AuthResult> auth) {
        try (var session = startTls.connect(EximInstance.HOST, EximInstance.port())) {
            AuthResult ok = auth.apply(secured(session), PASSWORD);
            assertThat(ok.isSuccess()).as(ok.transcript().toString()).isTrue();
            assertThat(ok.reply().code()).isEqualTo(235);
            assertThat(ok.transcript().toString()).doesNotContain(PASSWORD);
            // authenticated: relaying is allowed now
            assertThat(ok.mailFrom("probeuser@probe.test").rcptTo("someone@foreign.example").reply().code()).isEqualTo(250);
        }
        try (var session = startTls.connect(EximInstance.HOST, EximInstance.port())) {
            AuthResult bad = auth.apply(secured(session), "wrong-password");
            assertThat(bad.isSuccess()).isFalse();
            assertThat(bad.reply().code()).isEqualTo(535);
            assertThat(bad.reply().text()).contains("Incorrect authentication data");
        }
    }

    @Test
    void authPlainSucceedsAndFailsAsAValue() {
        assertMechanism((h, p) -> h.authPlain(USER, p));
    }

    @Test
    void authLoginShowsEximsPrompts() {
        assertMechanism((h, p) -> h.authLogin(USER, p));
        try (var session = startTls.connect(EximInstance.HOST, EximInstance.port())) {
            var result = secured(session).authLogin(USER, PASSWORD);
            assertThat(result.exchanges()).extracting(e -> e.decoded()).containsExactly("Username:", "Password:");
        }
    }

    @Test
    void authCramMd5SucceedsAndFails() {
        assertMechanism((h, p) -> h.authCramMd5(USER, p));
    }

    /** Issue 14 item 6: Exim's spa authenticator takes only NTLMv1; the opted-in NTLMv1 gets 235 as swaks does. */
    @Test
    void ntlmV1IsAcceptedByEximsSpaAuthenticator() {
        assertMechanism((h, p) -> h.authNtlmV1("", USER, p));
        assertMechanism((h, p) -> h.authNtlmV1("ANYDOMAIN", USER, p)); // spa ignores the domain
    }

    @Test
    void ntlmV2TheDefaultIsRefusedBySpa() {
        try (var session = startTls.connect(EximInstance.HOST, EximInstance.port())) {
            AuthResult v2 = secured(session).authNtlm("", USER, PASSWORD);
            assertThat(v2.isSuccess()).isFalse();
            assertThat(v2.reply().code()).isEqualTo(535);
        }
    }

    /** Issue 13 item 1: the stock limit of three syntax or protocol errors; the fourth ends the session. */
    @Test
    void afterThreeSyntaxErrorsTheFourthClosesTheSessionClosedByTheServer() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            for (int i = 0; i < 3; i++) {
                var refused = hello.command("MAIL FROM:<unterminated@elsewhere.test");
                assertThat(refused.reply().code()).isEqualTo(501);
                assertThat(refused.reply().text()).contains("'>' missing at end of address");
            }
            var last = hello.command("MAIL FROM:<unterminated@elsewhere.test");
            assertThat(last.reply().code()).isEqualTo(501);
            assertThat(last.reply().lines()).last().asString().contains("Too many syntax or protocol errors");
            var lost = catchThrowableOfType(ConnectionLostException.class, () -> hello.noop());
            assertThat(lost.closedBy()).isEqualTo(ClosedBy.SERVER);
        }
    }

    @Test
    void afterThreeUnknownCommandsTheFourthClosesTheSessionClosedByTheServer() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            for (String verb : new String[] {"XFOO", "XBAR", "XBAZ"}) {
                var refused = hello.command(verb);
                assertThat(refused.reply().code()).isEqualTo(500);
                assertThat(refused.reply().text()).isEqualTo("unrecognized command");
            }
            var fourth = hello.command("XQUX");
            assertThat(fourth.reply().code()).isEqualTo(500);
            assertThat(fourth.reply().text()).contains("Too many unrecognized commands");
            var lost = catchThrowableOfType(ConnectionLostException.class, () -> hello.noop());
            assertThat(lost.closedBy()).isEqualTo(ClosedBy.SERVER);
        }
    }
}
