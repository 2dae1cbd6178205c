package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Protocol;
import dev.smtpprobe.Reply;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** LMTP (RFC 2033) on the wire: LHLO, and one reply per accepted recipient to the end of the message. */
@Timeout(20)
class LmtpTest extends FakeServerTest {

    static final String LHLO_REPLY = "250-lmtp.fake.test\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 ENHANCEDSTATUSCODES\r\n";

    private Hello lhlo(Duration timeout, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 lmtp.fake.test LMTP ready\r\n");
            s.reply("LHLO client.test", LHLO_REPLY);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().protocol(Protocol.LMTP).timeouts(Timeouts.all(timeout)).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    private Hello lhlo(Consumer<FakeSmtpServer.Script> script) {
        return lhlo(Duration.ofSeconds(3), script);
    }

    @Test
    void ehloUnderLmtpSendsLhloAndReadsItsCapabilities() {
        var hello = lhlo(s -> s.reply("NOOP", "250 ok\r\n"));
        assertThat(hello.isExtended()).isTrue();
        assertThat(hello.capabilities().supportsChunking()).isTrue();
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).startsWith("LHLO client.test\r\n").doesNotContain("EHLO");
        assertThat(ProbeOptions.DEFAULT.protocol()).isEqualTo(Protocol.SMTP);
    }

    @Test
    void eachAcceptedRecipientGetsItsOwnReplyAfterTheFinalDotInRcptOrder() {
        var hello = lhlo(s -> {
            s.reply("MAIL FROM:<a@b.test>", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:<x@fake.test>", "250 2.1.5 ok\r\n");
            s.reply("RCPT TO:<gone@fake.test>", "550 5.1.1 no such user\r\n");
            s.reply("RCPT TO:<full@fake.test>", "250 2.1.5 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 2.0.0 <x@fake.test> Saved\r\n452 4.2.2 <full@fake.test> Mailbox full\r\n");
            s.reply("NOOP", "250 2.0.0 still here\r\n");
        });
        var result = hello.mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("gone@fake.test").rcptTo("full@fake.test")
                .data("Subject: lmtp\r\n\r\nhi\r\n");
        assertThat(result.recipientReplies()).extracting(RecipientReply::address, r -> r.reply().code())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("x@fake.test", 250),
                        org.assertj.core.groups.Tuple.tuple("full@fake.test", 452));
        assertThat(result.contentReplies()).extracting(Reply::code).containsExactly(250, 452);
        assertThat(result.isAccepted()).isFalse(); // not for every recipient: never "accepted" when it was not
        assertThat(result.acceptedRecipients()).containsExactly("x@fake.test");
        assertThat(result.reply().code()).isEqualTo(452);
        // the second reply was read as the content's, not left for the next command
        assertThat(hello.noop().reply().text()).contains("still here");
        assertThat(hello.session().transactions()).isEqualTo(1);
    }

    @Test
    void everyRecipientAcceptedIsAnAcceptedMessage() {
        var hello = lhlo(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 2.0.0 <x@fake.test> Saved\r\n");
            s.pause(Duration.ofMillis(100)); // the second reply in another segment
            s.send("250 2.0.0 <y@fake.test> Saved\r\n");
            s.reply("QUIT", "221 bye\r\n");
        });
        var result = hello.mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("y@fake.test").data("hi");
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.acceptedRecipients()).containsExactly("x@fake.test", "y@fake.test");
        assertThat(result.reply().text()).contains("<y@fake.test>");
        assertThat(hello.quit().reply().code()).isEqualTo(221);
    }

    @Test
    void bdatLastIsAnsweredOncePerAcceptedRecipient() {
        var hello = lhlo(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.expect("BDAT 2 LAST");
            s.readBytes(2);
            s.send("250 2.0.0 <x@fake.test> Saved\r\n550 5.2.0 <y@fake.test> refused\r\n");
            s.reply("NOOP", "250 ok\r\n");
        });
        var result = hello.mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("y@fake.test")
                .bdatLast("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(result.recipientReplies()).extracting(r -> r.reply().code()).containsExactly(250, 550);
        assertThat(result.chunkReplies()).extracting(Reply::code).containsExactly(250);
        assertThat(result.acceptedRecipients()).containsExactly("x@fake.test");
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void aStreamedMessageWaitsForEveryRecipientsReply() {
        var hello = lhlo(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 one\r\n250 two\r\n");
            s.reply("NOOP", "250 ok\r\n");
        });
        var result = hello.mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("y@fake.test")
                .data(new ByteArrayInputStream("Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(result.contentReplies()).extracting(Reply::text).containsExactly("one", "two");
        assertThat(result.isAccepted()).isTrue();
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void aPipelinedTransactionCountsOnlyTheRecipientsTheServerAccepted() {
        var hello = lhlo(s -> {
            s.expect("MAIL");
            s.expect("RCPT TO:<x@fake.test>");
            s.expect("RCPT TO:<gone@fake.test>");
            s.expect("DATA");
            s.send("250 ok\r\n250 ok\r\n550 5.1.1 unknown\r\n354 go\r\n");
            s.readData();
            s.send("250 2.0.0 <x@fake.test> Saved\r\n");
            s.reply("NOOP", "250 after\r\n");
        });
        var result = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("gone@fake.test").data("hi");
        assertThat(result.recipientReplies()).extracting(RecipientReply::address).containsExactly("x@fake.test");
        assertThat(result.isAccepted()).isTrue();
        assertThat(hello.noop().reply().text()).isEqualTo("after");
    }

    @Test
    void a421AfterTheDotIsTheOneReplyAndNoPerRecipientReplyIsAwaited() {
        var hello = lhlo(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("421 4.3.2 shutting down\r\n");
            s.reply("QUIT", "221 bye\r\n");
        });
        var result = hello.mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("y@fake.test").data("hi");
        assertThat(result.reply().code()).isEqualTo(421);
        assertThat(result.recipientReplies()).isEmpty();
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.acceptedRecipients()).isEmpty();
    }

    @Test
    void aMissingPerRecipientReplyTimesOutTheContentStep() {
        var hello = lhlo(Duration.ofMillis(800), s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 2.0.0 <x@fake.test> Saved\r\n"); // and nothing for y
        });
        var tx = hello.mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("y@fake.test");
        assertThatThrownBy(() -> tx.data("hi")).isInstanceOfSatisfying(StepTimeoutException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.DATA_CONTENT);
            assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        });
    }
}
