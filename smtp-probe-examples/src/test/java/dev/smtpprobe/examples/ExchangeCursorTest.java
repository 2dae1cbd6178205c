package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.TranscriptEntry;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The printers' explanations come from the exchanges, under the line that ended each reply, once each. */
class ExchangeCursorTest {

    private static TranscriptEntry line(long nanos, Direction direction, String text) {
        return new TranscriptEntry(nanos, direction, text, false, null);
    }

    private static Exchange exchange(long repliedAt, String command, int code, String... lines) {
        return new Exchange(Step.COMMAND, command, Reply.of(code, lines), repliedAt - 5, repliedAt, false);
    }

    @Test
    void eachExchangeEndsAtTheReceivedLineOfItsTimeOnlyOnce() {
        var ehlo = exchange(30, "EHLO probe.test", 250, "mx.test", "PIPELINING");
        var mail = exchange(50, "MAIL FROM:<a@b.test>", 250, "2.1.0 Ok");
        List<Exchange> exchanges = List.of(ehlo, mail);
        var cursor = new ExchangeCursor();

        assertThat(cursor.endingAt(line(10, Direction.SENT, "EHLO probe.test"), exchanges)).isEmpty();
        assertThat(cursor.endingAt(line(20, Direction.RECEIVED, "250-mx.test"), exchanges)).isEmpty();
        assertThat(cursor.endingAt(line(30, Direction.RECEIVED, "250 PIPELINING"), exchanges)).containsExactly(ehlo);
        assertThat(cursor.endingAt(line(35, Direction.INFO, "an event"), exchanges)).isEmpty();
        assertThat(cursor.endingAt(line(50, Direction.RECEIVED, "250 2.1.0 Ok"), exchanges)).containsExactly(mail);
        assertThat(cursor.endingAt(line(60, Direction.RECEIVED, "250 2.1.0 Ok"), exchanges)).isEmpty();
    }

    @Test
    void anExchangeWhoseLastLineTheBoundedTranscriptDroppedIsExplainedAfterTheNextReceivedLine() {
        var dropped = exchange(30, "NOOP", 250, "2.0.0 Ok");
        var kept = exchange(50, "RSET", 250, "2.0.0 Reset");
        List<Exchange> exchanges = List.of(dropped, kept);
        var cursor = new ExchangeCursor();

        assertThat(cursor.endingAt(line(50, Direction.RECEIVED, "250 2.0.0 Reset"), exchanges))
                .containsExactly(dropped, kept);
    }
}
