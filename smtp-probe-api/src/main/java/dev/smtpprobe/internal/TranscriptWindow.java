package dev.smtpprobe.internal;

import dev.smtpprobe.Direction;
import dev.smtpprobe.TranscriptEntry;
import java.nio.charset.StandardCharsets;
import java.util.AbstractList;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * The entries of a {@link dev.smtpprobe.Transcript} snapshot without a copy: an optional first entry (the marker
 * saying what a bounded transcript dropped) and the first {@code size} lines of a session's record, kept as three
 * parallel arrays that their owner only ever appends to beyond {@code size} and never changes below it, so that the
 * view stays as it was when it was made. Unmodifiable, like {@link java.util.List#copyOf}'s lists.
 *
 * <p>A line is stored as its text, its time ({@link TranscriptEntry#epochNanos()}) and a <em>kind</em> (an int of
 * the flags below); its {@link TranscriptEntry} is made when it is read ({@link #entry}), so that a session whose
 * transcript nobody reads makes none. The text is a {@code String}, or for a line received with bytes that are not
 * its text's UTF-8 (invalid UTF-8, say) those exact bytes; a reply line may be stored as the text after its code
 * and separator, with the code and separator in its kind ({@link #replyLine}), the form in which
 * {@link dev.smtpprobe.Reply#lines()} already holds it; an ASCII line of message content may be stored as a range
 * of an array that is never written again (the content encoder's display chunk), its offset and length in its kind
 * ({@link #contentSlice}).
 */
public final class TranscriptWindow extends AbstractList<TranscriptEntry> implements RandomAccess {

    private static final Direction[] DIRECTIONS = Direction.values();
    private static final int DIRECTION_MASK = 0b11;
    /** The line travelled inside TLS. */
    public static final int TLS = 1 << 2;
    /** A line of message content: a bounded transcript drops these first. */
    public static final int CONTENT = 1 << 3;
    /** The line's size in octets is its stored length (its chars are ASCII, or it is stored as bytes). */
    public static final int ASCII = 1 << 4;
    private static final int PREFIX_SHIFT = 5;
    private static final int PREFIX_MASK = 0b11 << PREFIX_SHIFT;
    private static final int CODE_ONLY = 1;
    private static final int CODE_SPACE = 2;
    private static final int CODE_DASH = 3;
    private static final int CODE_SHIFT = 7;
    private static final int SLICE_LENGTH_SHIFT = 5;
    private static final int SLICE_LENGTH_BITS = 10;
    private static final int SLICE_OFFSET_SHIFT = SLICE_LENGTH_SHIFT + SLICE_LENGTH_BITS;
    /** The longest content slice a kind can hold. */
    public static final int MAX_SLICE_LENGTH = (1 << SLICE_LENGTH_BITS) - 1;
    /** The largest offset of a content slice a kind can hold. */
    public static final int MAX_SLICE_OFFSET = (1 << (32 - SLICE_OFFSET_SHIFT)) - 1;

    private final TranscriptEntry first;
    private final Object[] texts;
    private final long[] times;
    private final int[] kinds;
    private final int size;

    /**
     * A view of {@code first} (if not null) followed by lines {@code [0, size)} of the three arrays. The caller
     * promises that no element below {@code size} is ever written again and that none of the texts is null.
     */
    public TranscriptWindow(TranscriptEntry first, Object[] texts, long[] times, int[] kinds, int size) {
        Objects.checkFromIndexSize(0, size, texts.length);
        Objects.checkFromIndexSize(0, size, times.length);
        Objects.checkFromIndexSize(0, size, kinds.length);
        this.first = first;
        this.texts = texts;
        this.times = times;
        this.kinds = kinds;
        this.size = size;
    }

    /** The kind of a line: its direction and flags ({@link #TLS}, {@link #CONTENT}, {@link #ASCII}). */
    public static int kind(Direction direction, int flags) {
        return direction.ordinal() | flags;
    }

    /**
     * The kind of a reply line received as ASCII and stored as the text after its code and separator:
     * {@code separator} is {@code '-'} (more lines follow), {@code ' '} (the last line) or {@code 0} (a last line
     * that is the bare code, with an empty text).
     */
    public static int replyLine(int code, char separator, int flags) {
        if (code < 0 || code > 999) {
            throw new IllegalArgumentException("a reply code has three digits, not " + code);
        }
        int prefix = switch (separator) {
            case 0 -> CODE_ONLY;
            case ' ' -> CODE_SPACE;
            case '-' -> CODE_DASH;
            default -> throw new IllegalArgumentException("a reply code is followed by ' ' or '-', not " + (int) separator);
        };
        return Direction.RECEIVED.ordinal() | flags | ASCII | prefix << PREFIX_SHIFT | code << CODE_SHIFT;
    }

    /**
     * The kind of an ASCII content line sent, stored as {@code bytes[offset, offset + length)} of an array that is
     * never written again: offset at most {@link #MAX_SLICE_OFFSET}, length at most {@link #MAX_SLICE_LENGTH}.
     */
    public static int contentSlice(int offset, int length, int flags) {
        if (offset < 0 || offset > MAX_SLICE_OFFSET || length < 0 || length > MAX_SLICE_LENGTH) {
            throw new IllegalArgumentException("no content slice at " + offset + " of " + length + " octets");
        }
        return Direction.SENT.ordinal() | flags | CONTENT | ASCII | length << SLICE_LENGTH_SHIFT
                | offset << SLICE_OFFSET_SHIFT;
    }

    /** Whether a line of this kind is message content. */
    public static boolean isContent(int kind) {
        return (kind & CONTENT) != 0;
    }

    /** The octets the line takes (its text's UTF-8, or its stored bytes), as {@link TranscriptEntry#byteLength()}. */
    public static int octets(Object text, int kind) {
        if (text instanceof byte[] bytes) {
            return isContent(kind) ? sliceLength(kind) : bytes.length;
        }
        String line = (String) text;
        return prefixLength(kind) + ((kind & ASCII) != 0 ? line.length() : Utf8.length(line));
    }

    /** The entry a stored line stands for. */
    public static TranscriptEntry entry(Object text, long time, int kind) {
        Direction direction = DIRECTIONS[kind & DIRECTION_MASK];
        boolean tls = (kind & TLS) != 0;
        if (text instanceof byte[] bytes) {
            if (isContent(kind)) { // a slice: ASCII, so its chars are its octets
                String line = new String(bytes, kind >>> SLICE_OFFSET_SHIFT, sliceLength(kind), StandardCharsets.ISO_8859_1);
                return new TranscriptEntry(time, direction, line, tls, null);
            }
            return new TranscriptEntry(time, direction, new String(bytes, StandardCharsets.UTF_8), tls, bytes);
        }
        String line = (String) text;
        int prefix = (kind & PREFIX_MASK) >>> PREFIX_SHIFT;
        if (prefix != 0) {
            int code = kind >>> CODE_SHIFT;
            var whole = new StringBuilder(prefixLength(kind) + line.length())
                    .append((char) ('0' + code / 100)).append((char) ('0' + code / 10 % 10)).append((char) ('0' + code % 10));
            if (prefix != CODE_ONLY) {
                whole.append(prefix == CODE_DASH ? '-' : ' ');
            }
            line = whole.append(line).toString();
        }
        return new TranscriptEntry(time, direction, line, tls, null);
    }

    private static int sliceLength(int kind) {
        return (kind >>> SLICE_LENGTH_SHIFT) & MAX_SLICE_LENGTH;
    }

    private static int prefixLength(int kind) {
        return switch ((kind & PREFIX_MASK) >>> PREFIX_SHIFT) {
            case 0 -> 0;
            case CODE_ONLY -> 3;
            default -> 4;
        };
    }

    @Override
    public TranscriptEntry get(int index) {
        if (first != null) {
            if (index == 0) {
                return first;
            }
            index--;
        }
        Objects.checkIndex(index, size);
        return entry(texts[index], times[index], kinds[index]);
    }

    @Override
    public int size() {
        return first != null ? size + 1 : size;
    }
}
