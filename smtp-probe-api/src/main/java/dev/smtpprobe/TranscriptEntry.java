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
 * <p><b>Time.</b> The moment is kept as a number, {@link #epochNanos()} (nanoseconds since 1970-01-01T00:00Z, as
 * {@link Instant#getEpochSecond()} {@code * 1e9 +} {@link Instant#getNano()}); {@link #time()} makes the
 * {@link Instant} when asked. A session reads the wall clock once, when it starts, and times each line from the
 * monotonic clock ({@link System#nanoTime()}) since then, so the lines of one session never go back in time even
 * if the system clock is set back meanwhile. A long holds the instants from 1677-09-21 to 2262-04-11.
 *
 * @param epochNanos when the line was written or read, in nanoseconds since the epoch (see {@link #time()})
 * @param direction  who sent it
 * @param line       the line without its CRLF
 * @param tls        true when the line travelled inside TLS (RFC 3207)
 * @param bytes      for a {@link Direction#RECEIVED received} line, its bytes as they arrived, without CRLF (a
 *                   line whose text was rewritten, as a redacted one, has the UTF-8 of its new text); for a sent
 *                   line or an event, the UTF-8 encoding of {@code line}. {@code null} stands for the UTF-8 encoding
 *                   of {@code line}; {@link #bytes()} never returns null
 */
public record TranscriptEntry(long epochNanos, Direction direction, String line, boolean tls, byte[] bytes) {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    /**
     * Checks that no component but {@code bytes} is null and copies the bytes (bytes that are the line's own
     * encoding are not kept twice).
     */
    public TranscriptEntry {
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(line, "line");
        if (bytes != null) {
            bytes = dev.smtpprobe.internal.Utf8.isAsciiOf(bytes, line) ? null : bytes.clone();
        }
    }

    /** An entry at {@code time} whose bytes are given (see the record's {@code bytes}). */
    public TranscriptEntry(Instant time, Direction direction, String line, boolean tls, byte[] bytes) {
        this(epochNanosOf(time), direction, line, tls, Objects.requireNonNull(bytes, "bytes"));
    }

    /** An entry whose bytes are the UTF-8 encoding of {@code line}: a sent line, an event, a hand-made entry. */
    public TranscriptEntry(Instant time, Direction direction, String line, boolean tls) {
        this(epochNanosOf(time), direction, line, tls, null);
    }

    /**
     * A received line made from its bytes as they arrived (without CRLF): {@link #line()} is their UTF-8 decoding.
     */
    public static TranscriptEntry received(Instant time, byte[] bytes, boolean tls) {
        return new TranscriptEntry(time, Direction.RECEIVED, new String(bytes, StandardCharsets.UTF_8), tls, bytes);
    }

    /**
     * {@code time} as nanoseconds since the epoch, the form {@link #epochNanos()} keeps.
     *
     * @throws IllegalArgumentException if {@code time} is before 1677-09-21 or after 2262-04-11 (outside a long)
     */
    public static long epochNanosOf(Instant time) {
        Objects.requireNonNull(time, "time");
        try {
            return Math.addExact(Math.multiplyExact(time.getEpochSecond(), NANOS_PER_SECOND), time.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("a transcript time must lie between 1677 and 2262, not " + time, e);
        }
    }

    /** When the line was written or read, made from {@link #epochNanos()} on each call. */
    public Instant time() {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, NANOS_PER_SECOND), Math.floorMod(epochNanos, NANOS_PER_SECOND));
    }

    /** The same entry with another text (and its UTF-8 as bytes), e.g. with a secret replaced by {@code <redacted>}. */
    public TranscriptEntry withLine(String text) {
        return new TranscriptEntry(epochNanos, direction, text, tls, null);
    }

    /** The line's bytes (a copy: the entry stays immutable). */
    @Override
    public byte[] bytes() {
        return bytes != null ? bytes.clone() : line.getBytes(StandardCharsets.UTF_8);
    }

    /** How many bytes {@link #bytes()} has, without copying them. */
    public int byteLength() {
        return bytes != null ? bytes.length : dev.smtpprobe.internal.Utf8.length(line);
    }

    /** The line with control characters and invalid UTF-8 escaped ({@link Printable#utf8(byte[])}): safe to print. */
    public String printableLine() {
        return bytes != null ? Printable.utf8(bytes) : Printable.text(line);
    }

    /** Equal when every component is, the bytes compared by content. */
    @Override
    public boolean equals(Object o) {
        return o instanceof TranscriptEntry e && epochNanos == e.epochNanos && direction == e.direction
                && tls == e.tls && line.equals(e.line) && (bytes == e.bytes || Arrays.equals(bytes(), e.bytes()));
    }

    /** Consistent with {@link #equals(Object)}: the bytes follow from the line in all but rare cases. */
    @Override
    public int hashCode() {
        return Objects.hash(epochNanos, direction, line, tls);
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
