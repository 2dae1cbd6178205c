package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Hello;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Pipelining;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.RcptParameters;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PIPELINING, CHUNKING, SIZE, BODY, SMTPUTF8 and DSN parameters, and several messages per session, on the wire. */
@Timeout(20)
class EsmtpExtensionsTest extends FakeServerTest {

    static final String ALL = "250-fake.test\r\n250-PIPELINING\r\n250-SIZE 1000\r\n250-CHUNKING\r\n250-BINARYMIME\r\n"
            + "250-8BITMIME\r\n250-DSN\r\n250 SMTPUTF8\r\n";

    private Hello hello(String ehloReply, Pipelining pipelining, boolean sizePrecheck, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", ehloReply);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .pipelining(pipelining).sizePrecheck(sizePrecheck).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    private Hello hello(Consumer<FakeSmtpServer.Script> script) {
        return hello(ALL, Pipelining.WHEN_OFFERED, true, script);
    }

    @Test
    void pipelinedTransactionSendsMailRcptsAndDataBeforeAnyReplyAndMatchesEachReply() {
        var hello = hello(s -> {
            s.expect("MAIL FROM:<a@b.test>");
            s.expect("RCPT TO:<x@fake.test>");
            s.expect("RCPT TO:<nobody@fake.test>");
            s.expect("DATA"); // a client waiting for replies would never get here: the server has not answered yet
            s.send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 no such user\r\n354 go\r\n");
            s.readData();
            s.send("250 2.0.0 Ok: queued as PIPE1\r\n");
        });
        var sent = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("nobody@fake.test")
                .data("Subject: p\r\n\r\nhi\r\n");
        var tx = sent.transaction();
        assertThat(tx.isPipelined()).isTrue();
        assertThat(tx.mailReply().code()).isEqualTo(250);
        assertThat(tx.recipients()).extracting(r -> r.reply().code()).containsExactly(250, 550);
        assertThat(tx.recipients().get(1).reply().enhancedStatus().map(Object::toString)).hasValue("5.1.1");
        assertThat(sent.dataReply().code()).isEqualTo(354);
        assertThat(sent.queueId()).hasValue("PIPE1");
        assertThat(hello.session().transactions()).isEqualTo(1);
    }

    @Test
    void pipelinedRepliesSplitAcrossSegmentsAreMatchedInOrder() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("DATA");
            s.send("250 ok\r\n25");
            s.pause(Duration.ofMillis(100));
            s.send("0 2.1.5 ok\r\n354");
            s.pause(Duration.ofMillis(100));
            s.send(" go\r\n");
            s.readData();
            s.send("250 done\r\n");
        });
        var sent = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").data("x");
        assertThat(sent.transaction().recipients()).singleElement().satisfies(r -> assertThat(r.accepted()).isTrue());
        assertThat(sent.isAccepted()).isTrue();
    }

    @Test
    void dataRefusedInThePipelinedBatchSendsNoContentAndTheSessionGoesOn() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("DATA");
            s.send("250 ok\r\n550 5.7.1 Unable to relay\r\n554 5.5.1 No valid recipients\r\n");
            s.reply("RSET", "250 reset\r\n");
        });
        var sent = hello.pipelined().mailFrom("a@b.test").rcptTo("foreign@elsewhere.test").data("secret content");
        assertThat(sent.dataReply().code()).isEqualTo(554);
        assertThat(sent.contentReply()).isEmpty();
        assertThat(hello.rset().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("secret content");
        assertThat(hello.session().transactions()).isZero();
    }

    @Test
    void dataAcceptedAfterEveryRecipientFailedGetsAnEmptyMessage() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("DATA");
            s.send("250 ok\r\n550 no\r\n354 go\r\n");
            s.expect("."); // RFC 2920 3.1: a lone dot, not the message
            s.send("554 5.5.1 no recipients\r\n");
        });
        var sent = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").data("must not be sent");
        assertThat(sent.reply().code()).isEqualTo(554);
        assertThat(server.receivedText()).doesNotContain("must not be sent");
    }

    @Test
    void withoutPipeliningOfferedTheCommandsGoOneByOne() {
        var hello = hello("250-fake.test\r\n250 SIZE 1000\r\n", Pipelining.WHEN_OFFERED, true, s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 ok\r\n");
        });
        var pipeline = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test");
        assertThat(pipeline.willPipeline()).isFalse();
        var sent = pipeline.data("x");
        assertThat(sent.transaction().isPipelined()).isFalse();
        assertThat(sent.isAccepted()).isTrue();
    }

    @Test
    void forcedPipeliningBatchesEvenWhenNotOffered() {
        var hello = hello("250-fake.test\r\n250 SIZE 1000\r\n", Pipelining.ALWAYS, true, s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("DATA");
            s.send("250 ok\r\n250 ok\r\n354 go\r\n");
            s.readData();
            s.send("250 ok\r\n");
        });
        assertThat(hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").data("x").transaction().isPipelined()).isTrue();
    }

    @Test
    void bdatSendsChunksAsTheyAreWithoutDotStuffingAndKeepsEachReply() {
        byte[] message = "Subject: c\r\n\r\n.line\r\n.\r\nend\r\n".getBytes(StandardCharsets.US_ASCII);
        var received = new StringBuilder();
        var hello = hello(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            for (int sent = 0; sent < message.length; ) {
                String line = s.expect("BDAT ");
                int n = Integer.parseInt(line.split(" ")[1]);
                received.append(new String(s.readBytes(n), StandardCharsets.US_ASCII));
                sent += n;
                s.send(line.endsWith("LAST") ? "250 2.0.0 Ok: " + sent + " bytes queued as CHUNKED1\r\n" : "250 2.0.0 chunk ok\r\n");
            }
        });
        var sent = hello.mailFrom("a@b.test", MailParameters.builder().body(MailParameters.Body.BINARYMIME).build())
                .rcptTo("x@fake.test").dataChunked(message, 10);
        assertThat(received.toString()).isEqualTo(new String(message, StandardCharsets.US_ASCII));
        assertThat(sent.chunkReplies()).hasSize(3); // 29 bytes: 10, 10, 9
        assertThat(sent.queueId()).hasValue("CHUNKED1");
        assertThat(server.receivedText()).contains("MAIL FROM:<a@b.test> BODY=BINARYMIME\r\n", "BDAT 10\r\n", "BDAT 9 LAST\r\n");
        assertThat(hello.transcript().sent()).contains("BDAT 10", "[10 octets of chunk data]");
        assertThat(hello.session().transactions()).isEqualTo(1);
    }

    @Test
    void bdatRefusedMidStreamStopsSendingAndReturnsTheRefusal() {
        var hello = hello(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.expect("BDAT 5");
            s.readBytes(5);
            s.send("250 ok\r\n");
            s.expect("BDAT 5");
            s.readBytes(5);
            s.send("552 5.3.4 Message too big\r\n");
        });
        var sent = hello.mailFrom("a@b.test").rcptTo("x@fake.test").dataChunked("0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII), 5);
        assertThat(sent.reply().code()).isEqualTo(552);
        assertThat(sent.chunkReplies()).extracting(r -> r.code()).containsExactly(250, 552);
        assertThat(sent.isAccepted()).isFalse();
        assertThat(server.receivedText()).doesNotContain("ABCDEF").doesNotContain("LAST");
    }

    @Test
    void binaryMimeIsRefusedOverData() {
        var hello = hello(s -> s.reply("MAIL", "250 ok\r\n").reply("RCPT", "250 ok\r\n"));
        var tx = hello.mailFrom("a@b.test", MailParameters.builder().body(MailParameters.Body.BINARYMIME).build()).rcptTo("x@fake.test");
        assertThatThrownBy(() -> tx.data("x")).isInstanceOf(IllegalStateException.class).hasMessageContaining("BDAT");
        assertThat(server.receivedText()).doesNotContain("DATA");
    }

    @Test
    void declaredSizeOverTheAdvertisedLimitIsRefusedBeforeSending() {
        var hello = hello(s -> s.reply("NOOP", "250 ok\r\n"));
        var e = catchThrowableOfType(dev.smtpprobe.NotSentException.class,
                () -> hello.mailFrom("a@b.test", MailParameters.builder().size(5000).build()));
        assertThat(e.reason()).isEqualTo(dev.smtpprobe.NotSentException.Reason.SIZE_OVER_LIMIT);
        assertThat(e.getMessage()).contains("ProbeOptions.builder().sizePrecheck(false)");
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("MAIL");
    }

    @Test
    void sizePrecheckCanBeTurnedOffToTestTheServersOwnLimit() {
        var hello = hello(ALL, Pipelining.WHEN_OFFERED, false,
                s -> s.reply("MAIL FROM:<a@b.test> SIZE=5000", "552 5.3.4 Message size exceeds fixed limit\r\n"));
        var tx = hello.mailFrom("a@b.test", MailParameters.builder().size(5000).build());
        assertThat(tx.mailReply().code()).isEqualTo(552);
    }

    @Test
    void rawSizeParameterOverTheAdvertisedLimitIsRefusedLikeTheTypedOne() {
        var hello = hello(s -> s.reply("NOOP", "250 ok\r\n"));
        List<Runnable> calls = List.of(
                () -> hello.mailFrom("a@b.test", "SIZE=999999999"),
                () -> hello.mailFrom("a@b.test", "BODY=8BITMIME", "size=1001"),
                () -> hello.mailFromAsync("a@b.test", "SIZE=99999999999999999999999999"),
                () -> hello.mailFrom("a@b.test", MailParameters.builder().raw("SIZE=5000").build()),
                () -> hello.nextMailFrom("a@b.test", MailParameters.builder().size(10).raw("SIZE=5000").build()),
                () -> hello.pipelined().mailFrom("a@b.test", MailParameters.builder().raw("SIZE=5000").build())
                        .rcptTo("x@fake.test").data("x\r\n"));
        for (Runnable call : calls) {
            var e = catchThrowableOfType(dev.smtpprobe.NotSentException.class, call::run);
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(dev.smtpprobe.NotSentException.Reason.SIZE_OVER_LIMIT);
            assertThat(e.getMessage()).contains("over the server's advertised limit of 1000",
                    "ProbeOptions.builder().sizePrecheck(false)");
        }
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("MAIL");
        assertThat(MailParameters.builder().raw("SIZE=5000").build().size()).hasValue(5000);
    }

    @Test
    void rawSizeParameterAtTheLimitOrNotANumberGoesOutAndThePrecheckCanBeTurnedOff() {
        var hello = hello(s -> {
            s.reply("MAIL FROM:<a@b.test> SIZE=1000", "250 ok\r\n");
            s.reply("RSET", "250 ok\r\n");
            s.reply("MAIL FROM:<a@b.test> SIZE=lots", "501 5.5.4 bad SIZE\r\n");
        });
        assertThat(hello.mailFrom("a@b.test", "SIZE=1000").mailReply().code()).isEqualTo(250);
        hello.rset();
        assertThat(hello.mailFrom("a@b.test", "SIZE=lots").mailReply().code()).isEqualTo(501);
        client.close();
        server.close();

        var unchecked = hello(ALL, Pipelining.WHEN_OFFERED, false,
                s -> s.reply("MAIL FROM:<a@b.test> SIZE=5000", "552 5.3.4 Message size exceeds fixed limit\r\n"));
        assertThat(unchecked.mailFrom("a@b.test", "SIZE=5000").mailReply().code()).isEqualTo(552);
    }

    @Test
    void smtpUtf8AddressesGoOutAsUtf8WhenNegotiated() {
        String sender = "用户@例子.test";
        var hello = hello(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
        });
        var tx = hello.mailFrom(sender, MailParameters.builder().smtpUtf8().build()).rcptTo("pelé@fake.test");
        assertThat(tx.reply().code()).isEqualTo(250);
        byte[] wire = server.received();
        String asUtf8 = new String(wire, StandardCharsets.UTF_8);
        assertThat(asUtf8).contains("MAIL FROM:<" + sender + "> SMTPUTF8\r\n", "RCPT TO:<pelé@fake.test>\r\n");
        assertThat(hello.transcript().sent()).contains("MAIL FROM:<" + sender + "> SMTPUTF8");
    }

    @Test
    void smtpUtf8IsRefusedWhenTheServerDoesNotOfferIt() {
        var hello = hello("250-fake.test\r\n250 PIPELINING\r\n", Pipelining.WHEN_OFFERED, true, s -> { });
        var e = catchThrowableOfType(dev.smtpprobe.NotSentException.class,
                () -> hello.mailFrom("用户@例子.test", MailParameters.builder().smtpUtf8().build()));
        assertThat(e.reason()).isEqualTo(dev.smtpprobe.NotSentException.Reason.SMTPUTF8_NOT_OFFERED);
        var ascii = catchThrowableOfType(InvalidArgumentException.class, () -> hello.mailFrom("用户@例子.test"));
        assertThat(ascii.getMessage()).contains("non-ASCII");
        assertThat(server.receivedText()).doesNotContain("MAIL");
    }

    @Test
    void utf8ArgumentsAreStillCheckedForLineBreaks() {
        var hello = hello(s -> { });
        assertThatThrownBy(() -> hello.mailFrom("用户\r\nRCPT TO:<evil@x>", MailParameters.builder().smtpUtf8().build()))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> hello.mailFrom("a\uD800b@x.test", MailParameters.builder().smtpUtf8().build()))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("surrogate");
    }

    @Test
    void dsnParametersAreTypedAndXtextEncoded() {
        var hello = hello(s -> {
            s.reply("MAIL FROM:<a@b.test> RET=HDRS ENVID=QQ+2B314", "250 ok\r\n");
            s.reply("RCPT TO:<x@fake.test> NOTIFY=SUCCESS,FAILURE ORCPT=rfc822;x+2Bold=40fake.test".replace("=40", "@"), "250 ok\r\n");
        });
        var tx = hello.mailFrom("a@b.test", MailParameters.builder().ret(MailParameters.Ret.HDRS).envId("QQ+314").build())
                .rcptTo("x@fake.test", RcptParameters.builder().notify(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE)
                        .originalRecipient("x+old@fake.test").build());
        assertThat(tx.reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).contains("ORCPT=rfc822;x+2Bold@fake.test");
    }

    @Test
    void notifyNeverCannotBeCombined() {
        assertThatThrownBy(() -> RcptParameters.builder().notify(RcptParameters.Notify.NEVER, RcptParameters.Notify.DELAY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void severalMessagesPerSessionAreCounted() {
        var hello = hello(s -> {
            for (int i = 0; i < 3; i++) {
                s.reply("MAIL", "250 ok\r\n");
                s.reply("RCPT", "250 ok\r\n");
                s.reply("DATA", "354 go\r\n");
                s.readData();
                s.send("250 queued as M" + i + "\r\n");
            }
        });
        for (int i = 0; i < 3; i++) {
            assertThat(hello.mailFrom("a@b.test").rcptTo("x@fake.test").data("m" + i).queueId()).hasValue("M" + i);
        }
        assertThat(hello.session().transactions()).isEqualTo(3);
    }

    @Test
    void nextMailFromResetsOnlyWhenTheServerStillHoldsATransaction() {
        var hello = hello(s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "451 4.3.0 try later\r\n"); // refused: MAIL and RCPT still stand on the server
            s.reply("RSET", "250 reset\r\n");
            s.reply("MAIL FROM:<second@b.test>", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 queued\r\n");
            s.reply("MAIL FROM:<third@b.test>", "250 ok\r\n"); // after a completed message: no RSET
        });
        var refused = hello.mailFrom("first@b.test").rcptTo("x@fake.test").data("m1");
        assertThat(refused.dataReply().code()).isEqualTo(451);
        var second = hello.nextMailFrom("second@b.test").rcptTo("x@fake.test").data("m2");
        assertThat(second.isAccepted()).isTrue();
        assertThat(hello.nextMailFrom("third@b.test").mailReply().code()).isEqualTo(250);
        assertThat(hello.transcript().sent()).containsSubsequence("DATA", "RSET", "MAIL FROM:<second@b.test>", "DATA", "m2",
                ".", "MAIL FROM:<third@b.test>");
        assertThat(hello.transcript().sent().stream().filter("RSET"::equals)).hasSize(1);
        assertThat(hello.session().transactions()).isEqualTo(1);
    }
}
