package dev.smtpprobe;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * One line of a {@link Transcript}: when, which way, the line as it was on the wire (without CRLF; secrets
 * replaced by {@code <redacted>}), and whether the connection was TLS-protected at that moment.
 *
 * <p>{@link #line()} is the text for code to compare: a received line decoded as UTF-8 (a byte sequence that is
 * not UTF-8 becomes U+FFFD), control characters intact. {@link #bytes()} is the line as the server sent it,
 * invalid UTF-8 included. {@link #toString()} and {@link #printableLine()} are for people: controls and invalid
 * bytes escaped by {@link Printable}.
 *
 * @param time      when the line was written or read
 * @param direction who sent it
 * @param line      the line without its CRLF
 * @param tls       true when the line travelled inside TLS (RFC 3207)
 * @param bytes     for a {@link Direction#RECEIVED received} line, its bytes as they arrived, without CRLF (a
 *                  line whose text was rewritten, as a redacted one, has the UTF-8 of its new text); for a sent
 *                  line or an event, the UTF-8 encoding of {@code line}
 */
public record TranscriptEntry(Instant time, Direction direction, String line, boolean tls, byte[] bytes) {

    /** Checks that no component is null and copies the bytes. */
    public TranscriptEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(line, "line");
        bytes = Objects.requireNonNull(bytes, "bytes").clone();
    }

    /** An entry whose bytes are the UTF-8 encoding of {@code line}: a sent line, an event, a hand-made entry. */
    public TranscriptEntry(Instant time, Direction direction, String line, boolean tls) {
        this(time, direction, line, tls, line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A received line made from its bytes as they arrived (without CRLF): {@link #line()} is their UTF-8 decoding.
     */
    public static TranscriptEntry received(Instant time, byte[] bytes, boolean tls) {
        return new TranscriptEntry(time, Direction.RECEIVED, new String(bytes, StandardCharsets.UTF_8), tls, bytes);
    }

    /** The same entry with another text (and its UTF-8 as bytes), e.g. with a secret replaced by {@code <redacted>}. */
    public TranscriptEntry withLine(String text) {
        return new TranscriptEntry(time, direction, text, tls);
    }

    /** The line's bytes (a copy: the entry stays immutable). */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The line with control characters and invalid UTF-8 escaped ({@link Printable#utf8(byte[])}): safe to print. */
    public String printableLine() {
        return Printable.utf8(bytes);
    }

    /** Equal when every component is, the bytes compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TranscriptEntry e && time.equals(e.time) && direction == e.direction && line.equals(e.line)
                && tls == e.tls && Arrays.equals(bytes, e.bytes);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, direction, line, tls, Arrays.hashCode(bytes));
    }

    /**
     * The entry as swaks prints it: {@code <- } for the server, {@code  ->} for the client, {@code ===} for events;
     * {@code ~} instead of {@code -} under TLS; the line escaped as {@link #printableLine()} does, so that no
     * server can move the cursor, overwrite the line or forge another one.
     */
    @Override
    public String toString() {
        String prefix = switch (direction) {
            case RECEIVED -> tls ? "<~  " : "<-  ";
            case SENT -> tls ? " ~> " : " -> ";
            case INFO -> "=== ";
        };
        return prefix + printableLine();
    }
}
