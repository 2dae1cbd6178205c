package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.PostfixInstance;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The core conversation against a real Postfix on loopback, configured by {@code scripts/postfix-test.sh}. */
class PostfixIT {

    private static ProbeClient client;

    @BeforeAll
    static void startPostfix() {
        PostfixInstance.start();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    private static SmtpSession connect() {
        return client.connect(PostfixInstance.HOST, PostfixInstance.port());
    }

    @Test
    void bannerNamesTheConfiguredHost() {
        try (var session = connect()) {
            assertThat(session.greeting().code()).isEqualTo(220);
            assertThat(session.greetingHost()).isEqualTo("mx.probe.test");
            assertThat(session.greeting().text()).contains("ESMTP Postfix");
        }
    }

    @Test
    void ehloListsPostfixExtensionsWithTypedSize() {
        try (var session = connect()) {
            var caps = session.ehlo("client.probe.test").capabilities();
            assertThat(caps.serverName()).isEqualTo("mx.probe.test");
            assertThat(caps.size()).hasValue(200000);
            assertThat(caps.supportsPipelining()).isTrue();
            assertThat(caps.supportsEnhancedStatusCodes()).isTrue();
            assertThat(caps.supports8BitMime()).isTrue();
            assertThat(caps.supportsDsn()).isTrue();
            assertThat(caps.supportsSmtpUtf8()).isTrue();
            assertThat(caps.supportsChunking()).isTrue();
            assertThat(caps.keywords()).contains("VRFY", "ETRN");
        }
    }

    @Test
    void relayToAForeignDomainIsRefusedAsAValue() {
        try (var session = connect()) {
            var tx = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test").rcptTo("foreign@external.test");
            assertThat(tx.mailReply().isPositive()).isTrue();
            assertThat(tx.reply().isPermanentFailure()).isTrue();
            assertThat(tx.reply().enhancedStatus()).hasValue(EnhancedStatus.parse("5.7.1"));
            assertThat(tx.reply().text()).contains("Relay access denied");
            assertThat(tx.acceptedRecipients()).isEmpty();
        }
    }

    @Test
    void unknownLocalUserIsRejectedWith511AndTheTransactionGoesOn() {
        try (var session = connect()) {
            var tx = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test")
                    .rcptTo("nobody@probe.test")
                    .rcptTo("postmaster@probe.test");
            assertThat(tx.recipients().get(0).reply().code()).isEqualTo(550);
            assertThat(tx.recipients().get(0).reply().enhancedStatus()).hasValue(EnhancedStatus.parse("5.1.1"));
            assertThat(tx.recipients().get(1).accepted()).isTrue();
            assertThat(tx.acceptedRecipients()).containsExactly("postmaster@probe.test");
        }
    }

    @Test
    void acceptedMessageHasAQueueIdAndIsDelivered() throws Exception {
        String marker = "smtp-probe-" + UUID.randomUUID();
        try (var session = connect()) {
            var sent = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test")
                    .rcptTo("postmaster@probe.test")
                    .data("Subject: " + marker + "\n\n.leading dot\nhello\n");
            assertThat(sent.dataReply().code()).isEqualTo(354);
            assertThat(sent.reply().code()).isEqualTo(250);
            assertThat(sent.isAccepted()).isTrue();
            assertThat(sent.queueId()).isPresent();
            assertThat(sent.queueId().get()).matches("[0-9A-Za-z]+");
            assertThat(session.quit().reply().code()).isEqualTo(221);
        }
        String mailbox = awaitMailboxContaining(marker);
        assertThat(mailbox).contains("\n.leading dot\n");
    }

    private static String awaitMailboxContaining(String marker) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(PostfixInstance.mailbox())) {
                String content = Files.readString(PostfixInstance.mailbox());
                int at = content.indexOf(marker);
                if (at >= 0) {
                    return content.substring(at);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no message with " + marker + " in " + PostfixInstance.mailbox());
    }

    @Test
    void declaredSizeOverTheLimitIsRefusedWith534() {
        // the client's own SIZE pre-check would refuse this before sending: turned off to hear Postfix's verdict
        var noPrecheck = client.options().toBuilder().sizePrecheck(false).build();
        try (var session = client.connect(PostfixInstance.HOST, PostfixInstance.port(), noPrecheck)) {
            var tx = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test", "SIZE=300000");
            assertThat(tx.mailReply().code()).isEqualTo(552);
            assertThat(tx.mailReply().enhancedStatus()).hasValue(EnhancedStatus.parse("5.3.4"));
        }
    }

    @Test
    void messageOverTheLimitIsRefusedAfterTheContent() {
        try (var session = connect()) {
            var sent = session.ehlo("client.probe.test").mailFrom("someone@elsewhere.test")
                    .rcptTo("postmaster@probe.test")
                    .data("Subject: big\r\n\r\n" + ("y".repeat(99) + "\r\n").repeat(3000));
            assertThat(sent.dataReply().code()).isEqualTo(354);
            assertThat(sent.isAccepted()).isFalse();
            assertThat(sent.reply().code()).isEqualTo(552);
            assertThat(sent.reply().enhancedStatus()).hasValue(EnhancedStatus.parse("5.3.4"));
            assertThat(session.noop().reply().isPositive()).isTrue();
        }
    }

    @Test
    void vrfyAnswersForKnownAndUnknownUsers() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.vrfy("postmaster").reply().code()).isIn(250, 252);
            var unknown = hello.vrfy("nobody").reply();
            assertThat(unknown.code()).isEqualTo(550);
            assertThat(unknown.enhancedStatus()).hasValue(EnhancedStatus.parse("5.1.1"));
        }
    }

    @Test
    void rejectedDataLeavesTheSessionUsable() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            // DATA without any accepted recipient: Postfix answers 554 5.5.1, no content is sent
            var tx = hello.mailFrom("someone@elsewhere.test").rcptTo("foreign@external.test");
            var sent = tx.data("Subject: never sent\r\n\r\nx\r\n");
            assertThat(sent.dataReply().isPermanentFailure()).isTrue();
            assertThat(sent.contentReply()).isEmpty();
            assertThat(hello.rset().reply().code()).isEqualTo(250);
            var again = hello.mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test")
                    .data("Subject: second\r\n\r\nx\r\n");
            assertThat(again.isAccepted()).isTrue();
        }
    }
}
