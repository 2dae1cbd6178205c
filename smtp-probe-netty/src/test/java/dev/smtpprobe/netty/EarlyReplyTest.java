package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Direction;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reply that arrives while the client is still writing what it would answer (message content before the final
 * dot, a BDAT chunk) answers nothing the client sent (RFC 5321 §4.1.1.4, RFC 3030 §2): it is never taken as the
 * verdict on the message. The step fails, the transcript shows exactly what was written, the client closes.
 */
@Timeout(30)
class EarlyReplyTest extends FakeServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final int MIB = 1024 * 1024;
    private static final Pattern CUT = Pattern.compile("(content|chunk) cut after (\\d+) of (\\d+) octets");

    /** Greets, answers EHLO (with CHUNKING), MAIL and RCPT, then plays {@code afterRcpt}. */
    private Hello hello(Consumer<FakeSmtpServer.Script> afterRcpt) {
        // a small receive buffer: a server that stops reading holds the client back after little data
        server = FakeSmtpServer.start(8 * 1024, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250-CHUNKING\r\n250 8BITMIME\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            afterRcpt.accept(s);
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    /** About 8 MiB of 100-octet lines, each ending in CRLF. */
    private static byte[] bigMessage() {
        byte[] message = new byte[8 * MIB / 100 * 100]; // whole lines: the content is the message as it is
        Arrays.fill(message, (byte) 'm');
        for (int i = 99; i < message.length; i += 100) {
            message[i - 1] = '\r';
            message[i] = '\n';
        }
        return message;
    }

    /**
     * The number of octets the INFO line says were written before the cut, checked against the total (none when the
     * reply came before the client had begun the content).
     */
    private static long octetsWritten(ProtocolViolationException e, long total) {
        String info = String.join("\n", e.transcript().lines(Direction.INFO));
        if (info.contains("content cut before its first octet was written")) {
            return 0;
        }
        var m = CUT.matcher(info);
        assertThat(m.find()).as("an INFO line saying where the writing was cut, in %s", info).isTrue();
        assertThat(Long.parseLong(m.group(3))).isEqualTo(total);
        return Long.parseLong(m.group(2));
    }

    @Test
    void replyBeforeTheFinalDotIsAProtocolViolationAndNeverAnAcceptedMessage() {
        var tx = hello(s -> {
            s.reply("DATA", "354 go ahead\r\n");
            s.pause(Duration.ofMillis(200)); // reads nothing of the content
            s.send("250 2.0.0 queued as X\r\n");
            s.readUntilClosed();
        }).mailFrom("a@b.test").rcptTo("p@fake.test");
        byte[] message = bigMessage();

        var e = catchThrowableOfType(ProtocolViolationException.class, () -> tx.data(message));

        assertThat(e.step()).isEqualTo(Step.DATA_CONTENT);
        assertThat(e.getMessage()).contains("the server answered before the end of data");
        assertThat(e.earlyReply()).hasValueSatisfying(r -> {
            assertThat(r.code()).isEqualTo(250);
            assertThat(r.lines()).containsExactly("2.0.0 queued as X");
        });
        assertThat(new String(e.offendingBytes(), StandardCharsets.US_ASCII)).isEqualTo("250 2.0.0 queued as X");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(tx.session().isOpen()).isFalse();
        // the transcript: no final dot, the lines that were written, where the content was cut
        assertThat(e.transcript().sent()).doesNotContain(".").noneMatch(l -> l.contains("more lines"));
        assertThat(e.transcript().lines(Direction.INFO)).anyMatch(l -> l.contains("the final dot was not sent"));
        long written = octetsWritten(e, message.length);
        assertThat(written).isLessThan(message.length);
        // on the wire: the client closed, the dot never came, and the server got exactly what the transcript says
        server.awaitScript(WAIT);
        String wire = server.receivedText();
        String content = wire.substring(wire.indexOf("DATA\r\n") + "DATA\r\n".length());
        assertThat(content).doesNotContain("\r\n.\r\n");
        assertThat((long) content.length()).isEqualTo(written);
    }

    @Test
    void replyMidContentCutsTheContentAndTheTranscriptShowsTheLinesWritten() {
        var tx = hello(s -> {
            s.reply("DATA", "354 go ahead\r\n");
            s.readBytes(1000); // the client is writing the content
            s.pause(Duration.ofMillis(200)); // then reads nothing more
            s.send("451 4.3.0 out of spool space\r\n");
            s.readUntilClosed();
        }).mailFrom("a@b.test").rcptTo("p@fake.test");
        byte[] message = bigMessage();

        var e = catchThrowableOfType(ProtocolViolationException.class, () -> tx.data(message));

        assertThat(e.earlyReply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(451));
        long written = octetsWritten(e, message.length);
        assertThat(written).isBetween(1000L, message.length - 1L);
        // the first display lines were written; the summary of the rest was not, nor the dot
        assertThat(e.transcript().sent()).contains("m".repeat(98)).doesNotContain(".")
                .noneMatch(l -> l.contains("more lines"));
        server.awaitScript(WAIT);
        String wire = server.receivedText();
        assertThat((long) wire.substring(wire.indexOf("DATA\r\n") + "DATA\r\n".length()).length()).isEqualTo(written);
    }

    @Test
    void replyBeforeTheBdatChunkIsWrittenIsAProtocolViolation() {
        var tx = hello(s -> {
            s.expect("BDAT ");
            s.pause(Duration.ofMillis(200)); // reads nothing of the chunk
            s.send("250 2.0.0 queued as X\r\n");
            s.readUntilClosed();
        }).mailFrom("a@b.test").rcptTo("p@fake.test");
        byte[] chunk = bigMessage();

        var e = catchThrowableOfType(ProtocolViolationException.class, () -> tx.bdatLast(chunk));

        assertThat(e.step()).isEqualTo(Step.BDAT);
        assertThat(e.getMessage()).contains("the server answered before the end of the BDAT chunk");
        assertThat(e.earlyReply()).hasValueSatisfying(r -> assertThat(r.lines()).containsExactly("2.0.0 queued as X"));
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(tx.session().isOpen()).isFalse();
        assertThat(e.transcript().sent()).contains("BDAT " + chunk.length + " LAST")
                .doesNotContain("[" + chunk.length + " octets of chunk data]");
        long written = octetsWritten(e, chunk.length);
        assertThat(written).isLessThan(chunk.length);
        server.awaitScript(WAIT);
        String wire = server.receivedText();
        String sent = wire.substring(wire.indexOf(" LAST\r\n") + " LAST\r\n".length());
        assertThat((long) sent.length()).isEqualTo(written);
    }

    @Test
    void replyAfterTheFinalDotIsTheVerdictOnTheMessage() {
        var tx = hello(s -> {
            s.reply("DATA", "354 go ahead\r\n");
            s.readData();
            s.send("250 2.0.0 queued as Y\r\n");
            s.readUntilClosed();
        }).mailFrom("a@b.test").rcptTo("p@fake.test");
        var result = tx.data(bigMessage());
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.queueId()).hasValue("Y");
        assertThat(result.transcript().sent()).endsWith(".");
        assertThat(result.transcript().lines(Direction.INFO)).noneMatch(l -> l.contains("cut after"));
    }
}
