package dev.smtpprobe.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Turns a message into DATA content incrementally (RFC 5321 §4.1.1.4, §4.5.2), one pass, block by block: every line
 * ending becomes CRLF (a bare LF and a bare CR included, a CRLF stays one), a line starting with {@code .} gets
 * another {@code .} (dot-stuffing), and {@link #finish} adds a final CRLF when the last line has none, so that the
 * terminating {@code .CRLF} stands on its own line. The state crosses block boundaries: a CR that ends one block
 * and the LF that starts the next are one line ending, and a dot that starts a block after a line ending is stuffed.
 *
 * <p>Beside the bytes it keeps what the transcript shows: the first {@code displayLines} lines of the content as
 * written (each cut at {@link #DISPLAY_LINE_LIMIT} octets), each reported with the content offset its CRLF ends at,
 * so a transport records a line once its bytes are written; then {@link #summary()} for the rest. Not thread-safe:
 * one encoder per message, used by one thread at a time.
 */
public final class ContentEncoder {

    /** Octets of one line kept for the transcript; a longer line is shown cut, with its length. */
    public static final int DISPLAY_LINE_LIMIT = 1000;

    /** Receives each display line when the encoder has written its CRLF. */
    @FunctionalInterface
    public interface DisplayLineListener {
        /**
         * The line {@code text} (without CRLF) is complete in the content: its CRLF ends at content offset
         * {@code end}.
         *
         * @param end   the content offset right after the line's CRLF
         * @param text  the line as written (dot-stuffed), UTF-8 decoded
         * @param ascii true when every octet of the line kept for display is ASCII: then {@code text} has one char
         *              per octet, and its UTF-8 length is its length
         */
        void line(long end, String text, boolean ascii);

        /**
         * An ASCII line shown whole (not cut): its octets are {@code bytes[offset, offset + length)}, which the
         * encoder never changes again, so that the listener may keep the array instead of a copy (the transcript
         * keeps it until it drops the line). By default {@link #line} with the text of those octets.
         *
         * @param end the content offset right after the line's CRLF
         */
        default void asciiLine(long end, byte[] bytes, int offset, int length) {
            line(end, new String(bytes, offset, length, StandardCharsets.ISO_8859_1), true);
        }
    }

    /** The most octets the first display chunk takes, however long the message: its first lines are all it shows. */
    private static final int FIRST_CHUNK_MAX = 2048;
    /** The most octets a later display chunk takes (a chunk holds whole lines; a line takes at most the limit). */
    private static final int CHUNK_MAX = 16 * 1024;

    private static final byte[] DOT = {'.'};
    private static final byte[] NO_CHUNK = new byte[0];
    /** Where {@link #encode(byte[], int, int, java.nio.ByteBuffer)} encodes before a bulk copy into a direct buffer. */
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final int displayLines;
    private final DisplayLineListener listener;
    private boolean lineStart = true;
    private boolean afterCr;
    private long octets;
    private long lines;
    /**
     * The display lines' octets, line after line: the lines handed out so far are {@code chunk[0, chunkUsed)} and are
     * never written again (listeners may keep the array); the current line's kept octets follow. Full, it is replaced
     * by a new one, never grown in place.
     */
    private byte[] chunk = NO_CHUNK;
    private int chunkUsed;
    private final int firstChunk;
    private int lineKept;
    private long lineLength;

    /**
     * An encoder that reports the first {@code displayLines} lines to {@code listener}.
     *
     * @param displayLines how many lines the transcript shows (0 for none)
     * @param listener     told of each display line once its CRLF is encoded
     */
    public ContentEncoder(int displayLines, DisplayLineListener listener) {
        this(displayLines, listener, -1);
    }

    /**
     * An encoder for a message of {@code messageOctets} octets (negative when not known: a stream), which sizes the
     * room it keeps the display lines in (a short message's lines in one array as large as the message).
     */
    public ContentEncoder(int displayLines, DisplayLineListener listener, long messageOctets) {
        if (displayLines < 0) {
            throw new IllegalArgumentException("displayLines must be >= 0");
        }
        this.displayLines = displayLines;
        this.listener = listener;
        // what is shown is at most the message plus a stuffed dot a line
        long shown = messageOctets < 0 ? FIRST_CHUNK_MAX : messageOctets + Math.min(displayLines, messageOctets);
        this.firstChunk = (int) Math.max(16, Math.min(shown, FIRST_CHUNK_MAX));
    }

    /** The most octets {@code n} message octets can become: CR, LF and a line-leading dot each become two. */
    public static long maxEncodedLength(long n) {
        return 2 * n + 2;
    }

    /**
     * The octets {@code message} becomes as content (without the final dot), counted without encoding it: for a
     * transport that says how far a cut-short write got out of how much.
     */
    public static long encodedLength(byte[] message) {
        long n = 0;
        boolean start = true;
        boolean cr = false;
        for (byte b : message) {
            if (b == '\n' && cr) {
                cr = false;
                continue;
            }
            cr = b == '\r';
            if (b == '\r' || b == '\n') {
                n += 2;
                start = true;
            } else {
                n += start && b == '.' ? 2 : 1;
                start = false;
            }
        }
        return start ? n : n + 2;
    }

    /**
     * Encodes message octets from {@code src[off, off + len)} into {@code dst[dstOff, dstOff + dstLen)} until either
     * runs out (each message octet needs at most two octets of room).
     *
     * @return how many message octets were taken; what was written is the growth of {@link #octets()}
     */
    public int encode(byte[] src, int off, int len, byte[] dst, int dstOff, int dstLen) {
        int i = off;
        int end = off + len;
        int o = dstOff;
        int limit = dstOff + dstLen; // a message octet is taken only with two octets of room left
        while (i < end && limit - o >= 2) {
            byte b = src[i];
            if (b == '\n' && afterCr) {
                afterCr = false; // the LF of a CRLF whose CR (maybe in the previous block) ended the line already
                i++;
                continue;
            }
            afterCr = false;
            if (b == '\r' || b == '\n') {
                dst[o++] = '\r';
                dst[o++] = '\n';
                i++;
                afterCr = b == '\r';
                lineStart = true;
                if (lines < displayLines) {
                    lineEnded(octets + (o - dstOff));
                } else {
                    lines++;
                }
                continue;
            }
            if (lineStart) {
                lineStart = false;
                if (b == '.') {
                    dst[o++] = '.'; // dot-stuffing; the line's own dot follows as an ordinary octet
                    keep(DOT, 0, 1);
                    continue;
                }
            }
            // a run of ordinary octets up to the next line ending, copied at once
            int max = Math.min(end, i + (limit - 1 - o));
            int j = i + 1;
            while (j < max) {
                byte c = src[j];
                if (c == '\r' || c == '\n') {
                    break;
                }
                j++;
            }
            int n = j - i;
            System.arraycopy(src, i, dst, o, n);
            keep(src, i, n);
            i = j;
            o += n;
        }
        octets += o - dstOff;
        return i - off;
    }

    /**
     * {@link #encode(byte[], int, int, byte[], int, int)} into {@code dst} from its position to its limit (a direct
     * buffer of the transport's pool, say), advancing its position by what was written. A buffer without an array
     * is filled in bulk from a per-thread scratch array, never an octet at a time.
     *
     * @return how many message octets were taken
     */
    public int encode(byte[] src, int off, int len, java.nio.ByteBuffer dst) {
        if (dst.hasArray()) {
            long before = octets;
            int taken = encode(src, off, len, dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
            dst.position(dst.position() + (int) (octets - before));
            return taken;
        }
        byte[] scratch = SCRATCH.get();
        int taken = 0;
        while (taken < len && dst.remaining() >= 2) {
            long before = octets;
            int t = encode(src, off + taken, len - taken, scratch, 0, Math.min(scratch.length, dst.remaining()));
            int written = (int) (octets - before);
            dst.put(scratch, 0, written);
            taken += t;
            if (t == 0) {
                break;
            }
        }
        return taken;
    }

    /** {@link #finish(byte[], int)} into {@code dst} at its position (two octets of room needed), advancing it. */
    public int finish(java.nio.ByteBuffer dst) {
        if (lineStart) {
            return 0;
        }
        dst.put((byte) '\r').put((byte) '\n');
        octets += 2;
        lineStart = true;
        if (lines < displayLines) {
            lineEnded(octets);
        } else {
            lines++;
        }
        return 2;
    }

    /**
     * Ends the content: writes the CRLF of an unterminated last line into {@code dst} (which needs two octets of
     * room) and returns how many octets it wrote, 0 or 2. The content is then complete but for the final dot.
     */
    public int finish(byte[] dst, int dstOff) {
        if (lineStart) {
            return 0;
        }
        dst[dstOff] = '\r';
        dst[dstOff + 1] = '\n';
        octets += 2;
        lineStart = true;
        if (lines < displayLines) {
            lineEnded(octets);
        } else {
            lines++;
        }
        return 2;
    }

    /** Keeps {@code n} octets of the current line for the transcript (while lines are shown; at most the limit). */
    private void keep(byte[] src, int from, int n) {
        if (lines >= displayLines) {
            return;
        }
        int take = Math.min(n, DISPLAY_LINE_LIMIT - lineKept);
        if (take > 0) {
            if (chunkUsed + lineKept + take > chunk.length) {
                newChunk(lineKept + take);
            }
            System.arraycopy(src, from, chunk, chunkUsed + lineKept, take);
            lineKept += take;
        }
        lineLength += n;
    }

    /**
     * A new chunk with room for at least {@code needed} octets of the current line, which moves there (the old
     * chunk's lines stay as they were, for whoever keeps them).
     */
    private void newChunk(int needed) {
        int size = chunk.length == 0 ? firstChunk : Math.min(2 * chunk.length, CHUNK_MAX);
        byte[] next = new byte[Math.max(size, needed)];
        System.arraycopy(chunk, chunkUsed, next, 0, lineKept);
        chunk = next;
        chunkUsed = 0;
    }

    private void lineEnded(long end) {
        int from = chunkUsed;
        int kept = lineKept;
        boolean ascii = dev.smtpprobe.internal.Utf8.isAscii(chunk, from, from + kept); // the mark below is ASCII too
        long length = lineLength;
        boolean whole = length == kept;
        byte[] bytes = chunk;
        lines++;
        lineKept = 0;
        lineLength = 0;
        if (ascii && whole) {
            chunkUsed += kept; // handed out: never written again
        }
        if (lines >= displayLines) {
            chunk = NO_CHUNK; // no more lines to keep
            chunkUsed = 0;
        }
        if (ascii && whole) {
            listener.asciiLine(end, bytes, from, kept);
        } else {
            String text = new String(bytes, from, kept, StandardCharsets.UTF_8); // its room is used again
            listener.line(end, whole ? text : text + " [... line of " + length + " octets]", ascii);
        }
    }

    /** Octets of content encoded so far. */
    public long octets() {
        return octets;
    }

    /** Lines of content encoded so far (each ends in CRLF). */
    public long lines() {
        return lines;
    }

    /**
     * After {@link #finish}: the transcript line that stands for the lines beyond the displayed ones, e.g.
     * {@code [... 120 more lines; 9000 bytes of content in all]}; empty when every line was shown.
     */
    public Optional<String> summary() {
        return lines > displayLines
                ? Optional.of("[... " + (lines - displayLines) + " more lines; " + octets + " bytes of content in all]")
                : Optional.empty();
    }
}
