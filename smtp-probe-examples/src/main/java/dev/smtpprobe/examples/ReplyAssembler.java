package dev.smtpprobe.examples;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Reply;
import dev.smtpprobe.TranscriptEntry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Puts the server's replies back together from a transcript's received lines, one entry at a time, so that a printer
 * can write something under the last line of each reply (its enhanced status code explained, its queue id). Not
 * thread-safe; one per printed transcript.
 */
public final class ReplyAssembler {

    private final List<String> lines = new ArrayList<>();

    /** A new assembler with no reply begun. */
    public ReplyAssembler() {}

    /**
     * Takes the next transcript entry; returns the reply it completes (its elapsed time unknown: zero), or empty
     * when it is not a received reply line or the reply goes on.
     */
    public Optional<Reply> accept(TranscriptEntry entry) {
        String line = entry.line();
        if (entry.direction() != Direction.RECEIVED || !line.matches("[2-5]\\d\\d([ -].*)?")) {
            return Optional.empty();
        }
        lines.add(line.length() > 4 ? line.substring(4) : "");
        if (line.length() > 3 && line.charAt(3) == '-') {
            return Optional.empty();
        }
        var reply = new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines), Duration.ZERO);
        lines.clear();
        return Optional.of(reply);
    }
}
