package dev.smtpprobe;

import java.time.Instant;
import java.util.Objects;

/**
 * One line of a {@link Transcript}: when, which way, the line as it was on the wire (without CRLF; secrets
 * replaced by {@code <redacted>}), and whether the connection was TLS-protected at that moment.
 *
 * @param time      when the line was written or read
 * @param direction who sent it
 * @param line      the line without its CRLF
 * @param tls       true when the line travelled inside TLS (RFC 3207)
 */
public record TranscriptEntry(Instant time, Direction direction, String line, boolean tls) {

    /** Checks that no component is null. */
    public TranscriptEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(line, "line");
    }

    /** The entry as swaks prints it: {@code <- } for the server, {@code  ->} for the client, {@code ===} for events; {@code ~} instead of {@code -} under TLS. */
    @Override
    public String toString() {
        String prefix = switch (direction) {
            case RECEIVED -> tls ? "<~  " : "<-  ";
            case SENT -> tls ? " ~> " : " -> ";
            case INFO -> "=== ";
        };
        return prefix + line;
    }
}
