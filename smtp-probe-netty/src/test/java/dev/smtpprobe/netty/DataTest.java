package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** DATA on the wire: dot-stuffing, line endings, large content in blocks, refusals as values, block timeouts. */
@Timeout(30)
class DataTest extends FakeServerTest {

    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(10);


    /** Greets, answers EHLO, MAIL and RCPT, then plays {@code afterRcpt}. */
    private static Consumer<FakeSmtpServer.Script> upToRcpt(Consumer<FakeSmtpServer.Script> afterRcpt) {
        return s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 8BITMIME\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            afterRcpt.accept(s);
        };
    }

    private Hello hello(Timeouts timeouts) {
        client = Probe.client(ProbeOptions.builder().timeouts(timeouts).build());
        SmtpSession session = client.connect(server.host(), server.port());
        return session.ehlo("client.test");
    }

    /** Sends {@code message} to a server that accepts it; returns the content bytes between DATA and the final dot. */
    private String wireContentOf(String message) {
        server = FakeSmtpServer.start(upToRcpt(s -> {
            s.reply("DATA", "354 go ahead\r\n");
            s.readData();
            s.send("250 2.0.0 Ok: queued as Q1\r\n");
            s.readUntilClosed();
        }));
        var result = hello(Timeouts.all(SHORT)).mailFrom("a@b.test").rcptTo("p@fake.test").data(message);
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.queueId()).hasValue("Q1");
        String wire = server.receivedText();
        int start = wire.indexOf("DATA\r\n") + "DATA\r\n".length();
        assertThat(wire).endsWith(".\r\n");
        return wire.substring(start, wire.length() - ".\r\n".length());
    }

    @Test
    void linesStartingWithADotAreDoubledOnTheWire() {
        assertThat(wireContentOf("Subject: dots\r\n\r\n.one\r\n..two\r\nmid.dot\r\n.\r\nend\r\n"))
                .isEqualTo("Subject: dots\r\n\r\n..one\r\n...two\r\nmid.dot\r\n..\r\nend\r\n");
    }

    @Test
    void aMessageOfOnlyADotCannotEndTheDataEarly() {
        assertThat(wireContentOf(".")).isEqualTo("..\r\n");
    }

    @Test
    void bareLfAndBareCrBecomeCrlf() {
        assertThat(wireContentOf("a\nb\rc\r\nd\n\n.e\n")).isEqualTo("a\r\nb\r\nc\r\nd\r\n\r\n..e\r\n");
    }

    @Test
    void finalCrlfIsAddedWhenMissing() {
        assertThat(wireContentOf("Subject: x\r\n\r\nno newline at the end")).isEqualTo("Subject: x\r\n\r\nno newline at the end\r\n");
    }

    @Test
    void emptyMessageSendsOnlyTheFinalDot() {
        assertThat(wireContentOf("")).isEmpty();
    }

    @Test
    void oneMebibyteMessageArrivesIntactInBlocks() {
        var message = new StringBuilder("Subject: big\r\n\r\n");
        int i = 0;
        while (message.length() < 1024 * 1024) {
            message.append(i % 7 == 0 ? "." : "").append("line ").append(i++).append(" ").append("x".repeat(60)).append("\r\n");
        }
        String expected = message.toString().replace("\r\n.", "\r\n..");
        String wire = wireContentOf(message.toString());
        assertThat(wire.length()).isEqualTo(expected.length());
        assertThat(wire).isEqualTo(expected);
    }

    @Test
    void dataRefusedIsAValueWithoutContentAndTheSessionGoesOnWithRsetAndMail() {
        server = FakeSmtpServer.start(upToRcpt(s -> {
            s.reply("DATA", "554 5.5.1 No valid recipients\r\n");
            s.reply("RSET", "250 2.0.0 reset\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok again\r\n");
            s.readUntilClosed();
        }));
        var hello = hello(Timeouts.all(SHORT));
        var result = hello.mailFrom("a@b.test").rcptTo("p@fake.test").data("Subject: x\r\n\r\nbody\r\n");
        assertThat(result.dataReply().code()).isEqualTo(554);
        assertThat(result.reply().code()).isEqualTo(554);
        assertThat(result.contentReply()).isEmpty();
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.rset().reply().code()).isEqualTo(250);
        assertThat(result.hello().mailFrom("c@d.test").reply().lines()).containsExactly("2.1.0 ok again");
        assertThat(server.receivedText()).doesNotContain("body").endsWith("DATA\r\nRSET\r\nMAIL FROM:<c@d.test>\r\n");
    }

    @Test
    void dataRefusedThenMailWithoutRsetIsSentAsTold() {
        // the encoder must not still expect content after a refused DATA (NettyConnection.abandonContent)
        server = FakeSmtpServer.start(upToRcpt(s -> {
            s.reply("DATA", "451 4.3.0 try later\r\n");
            s.reply("MAIL FROM:", "503 5.5.1 nested MAIL\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        }));
        var hello = hello(Timeouts.all(SHORT));
        var result = hello.mailFrom("a@b.test").rcptTo("p@fake.test").data("body\r\n");
        assertThat(result.dataReply().code()).isEqualTo(451);
        assertThat(result.hello().mailFrom("c@d.test").reply().code()).isEqualTo(503);
        assertThat(result.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).endsWith("DATA\r\nMAIL FROM:<c@d.test>\r\nNOOP\r\n");
    }

    @Test
    void contentRejectedIsAValueAndTheSessionGoesOn() {
        server = FakeSmtpServer.start(upToRcpt(s -> {
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("552 5.3.4 Message size exceeds fixed limit\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.readUntilClosed();
        }));
        var result = hello(Timeouts.all(SHORT)).mailFrom("a@b.test").rcptTo("p@fake.test").data("big\r\n");
        assertThat(result.dataReply().code()).isEqualTo(354);
        assertThat(result.contentReply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(552));
        assertThat(result.reply().isPermanentFailure()).isTrue();
        assertThat(result.reply().enhancedStatus().map(Object::toString)).hasValue("5.3.4");
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.queueId()).isEmpty();
        assertThat(result.hello().mailFrom("a@b.test").reply().code()).isEqualTo(250);
    }

    @Test
    void serverThatStopsReadingDuringDataIsADataBlockTimeout() {
        Duration block = Duration.ofSeconds(1);
        server = FakeSmtpServer.start(8 * 1024, upToRcpt(s -> {
            s.reply("DATA", "354 go\r\n");
            s.pause(Duration.ofSeconds(8)); // reads nothing more; ends early when the client closes the socket
        }));
        var tx = hello(Timeouts.all(SHORT).withDataBlock(block)).mailFrom("a@b.test").rcptTo("p@fake.test");
        byte[] message = new byte[16 * 1024 * 1024];
        java.util.Arrays.fill(message, (byte) 'm');
        for (int i = 100; i < message.length; i += 100) {
            message[i] = '\n';
        }
        long start = System.nanoTime();
        var e = catchThrowableOfType(StepTimeoutException.class, () -> tx.data(message));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.step()).isEqualTo(Step.DATA_CONTENT);
        assertThat(e.timeout()).isEqualTo(block);
        assertThat(tookMillis).isLessThan(5_000L);
        assertThat(e.transcript().toString()).contains("data block not taken within 1000 ms");
        assertThat(tx.session().isOpen()).isFalse();
    }

    @Test
    void contentIsRecordedInTheTranscriptWithoutTheWholeBody() {
        server = FakeSmtpServer.start(upToRcpt(s -> {
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 ok\r\n");
            s.readUntilClosed();
        }));
        var result = hello(Timeouts.all(SHORT)).mailFrom("a@b.test").rcptTo("p@fake.test")
                .data("Subject: t\n\n" + "line\n".repeat(100));
        var sent = result.transcript().sent();
        assertThat(sent).contains("DATA", "Subject: t", ".").hasSizeLessThan(40);
        assertThat(String.join("\n", sent)).contains("more lines");
        assertThat(server.receivedText().getBytes(StandardCharsets.ISO_8859_1).length).isGreaterThan(500);
    }
}
