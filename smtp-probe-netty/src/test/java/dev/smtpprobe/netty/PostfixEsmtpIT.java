package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.RcptParameters;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.PostfixInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** PIPELINING, CHUNKING, DSN, SMTPUTF8, 8BITMIME, SIZE and several messages per session against Postfix. */
class PostfixEsmtpIT {

    private static ProbeClient client;

    @BeforeAll
    static void start() {
        PostfixInstance.start();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static SmtpSession connect() {
        return client.connect(PostfixInstance.HOST, PostfixInstance.port());
    }

    private static String awaitFile(Path file, String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(file)) {
                String content = Files.readString(file, StandardCharsets.UTF_8);
                int at = content.indexOf(marker);
                if (at >= 0) {
                    return content.substring(Math.max(0, at - 2000));
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + marker + " in " + file);
    }

    @Test
    void pipelinedTransactionMatchesEachReplyAndIsDelivered() throws Exception {
        String marker = "pipelined-" + UUID.randomUUID();
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            var sent = hello.pipelined().mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test")
                    .rcptTo("nobody@probe.test").data("Subject: " + marker + "\r\n\r\nbody\r\n");
            assertThat(sent.transaction().isPipelined()).isTrue();
            assertThat(sent.transaction().recipients()).extracting(r -> r.reply().code()).containsExactly(250, 550);
            assertThat(sent.queueId()).isPresent();
        }
        awaitFile(PostfixInstance.mailbox(), marker);
    }

    @Test
    void chunkedMessageIsDeliveredWithoutDotStuffing() throws Exception {
        String marker = "chunked-" + UUID.randomUUID();
        byte[] message = ("Subject: " + marker + "\r\n\r\n.a line starting with a dot\r\nend\r\n").getBytes(StandardCharsets.US_ASCII);
        try (var session = connect()) {
            var sent = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test")
                    .dataChunked(message, 16);
            assertThat(sent.chunkReplies()).hasSizeGreaterThan(2).allMatch(r -> r.isPositive());
            assertThat(sent.queueId()).isPresent();
        }
        String delivered = awaitFile(PostfixInstance.mailbox(), marker);
        assertThat(delivered).contains("\n.a line starting with a dot\n");
    }

    @Test
    void smtpUtf8AddressesAreAcceptedAndDelivered() throws Exception {
        String marker = "utf8-" + UUID.randomUUID();
        try (var session = connect()) {
            var sent = session.ehlo("client.probe.test")
                    .mailFrom("用户@例子.test", MailParameters.builder().smtpUtf8().body(MailParameters.Body.EIGHT_BIT_MIME).build())
                    .rcptTo("postmaster@probe.test")
                    .data("Subject: " + marker + "\r\n\r\nhéllo wörld\r\n");
            assertThat(sent.transaction().mailReply().code()).isEqualTo(250);
            assertThat(sent.isAccepted()).isTrue();
        }
        String delivered = awaitFile(PostfixInstance.mailbox(), marker);
        assertThat(delivered).contains("用户@例子.test").contains("héllo wörld");
    }

    @Test
    void dsnParametersAreAcceptedAndASuccessNotificationIsGenerated() throws Exception {
        String marker = "dsn-" + UUID.randomUUID();
        String queueId;
        try (var session = connect()) {
            var sent = session.ehlo("client.probe.test")
                    .mailFrom("someone@elsewhere.test", MailParameters.builder().ret(MailParameters.Ret.HDRS).envId(marker).build())
                    .rcptTo("postmaster@probe.test", RcptParameters.builder()
                            .notify(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE)
                            .originalRecipient("postmaster@probe.test").build())
                    .data("Subject: " + marker + "\r\n\r\nx\r\n");
            assertThat(sent.transaction().reply().code()).isEqualTo(250);
            queueId = sent.queueId().orElseThrow();
        }
        // the reply cannot tell that NOTIFY=SUCCESS was honoured; Postfix's log can
        awaitFile(PostfixInstance.stateDir().resolve("maillog"), queueId + ": sender delivery status notification");
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedLocallyOrByPostfix() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().size()).hasValue(200000);
            var refusedLocally = org.assertj.core.api.Assertions.catchThrowableOfType(dev.smtpprobe.NotSentException.class,
                    () -> hello.mailFrom("a@elsewhere.test", MailParameters.builder().size(300000).build()));
            assertThat(refusedLocally.reason()).isEqualTo(dev.smtpprobe.NotSentException.Reason.SIZE_OVER_LIMIT);
        }
        try (var noPrecheck = Probe.client(ProbeOptions.builder().sizePrecheck(false).build());
                var session = noPrecheck.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var tx = session.ehlo("client.probe.test").mailFrom("a@elsewhere.test", MailParameters.builder().size(300000).build());
            assertThat(tx.mailReply().code()).isEqualTo(552);
            assertThat(tx.mailReply().enhancedStatus().map(Object::toString)).hasValue("5.3.4");
        }
    }

    @Test
    void severalMessagesInOneSessionEachGetTheirOwnQueueId() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            var ids = new HashSet<String>();
            for (int i = 0; i < 3; i++) {
                ids.add(hello.mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test")
                        .data("Subject: message " + i + "\r\n\r\nx\r\n").queueId().orElseThrow());
            }
            assertThat(ids).hasSize(3);
            assertThat(session.transactions()).isEqualTo(3);
        }
    }
}
