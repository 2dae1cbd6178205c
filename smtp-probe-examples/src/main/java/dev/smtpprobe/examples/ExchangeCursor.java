package dev.smtpprobe.examples;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.TranscriptEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a transcript's lines and its {@linkplain dev.smtpprobe.Transcript#exchanges() exchanges} side by side, so
 * that a printer can write something under the last line of each reply (its enhanced status code explained, its
 * queue id) without putting replies back together from the lines: an exchange's {@link Exchange#repliedAt()} is the
 * time of its reply's last line. Not thread-safe; one per printed session.
 */
public final class ExchangeCursor {

    private int next;

    /** A cursor before the first exchange. */
    public ExchangeCursor() {}

    /**
     * The exchanges of {@code exchanges} (the same session's, growing) whose reply ended with {@code entry} (or before
     * it, if the transcript dropped that line), each returned once, in order; none after a line the server did not
     * send.
     */
    public List<Exchange> endingAt(TranscriptEntry entry, List<Exchange> exchanges) {
        if (entry.direction() != Direction.RECEIVED) {
            return List.of();
        }
        var ended = new ArrayList<Exchange>(1);
        while (next < exchanges.size() && exchanges.get(next).repliedAt() <= entry.epochNanos()) {
            ended.add(exchanges.get(next++));
        }
        return ended;
    }
}
