package dev.smtpprobe;

import dev.smtpprobe.internal.QueueIds;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server reply (RFC 5321 §4.2): a three-digit code and one or more lines of text. A negative reply (4xx, 5xx)
 * is a normal value, not an exception: a probe that expects {@code 550 5.7.1 Unable to relay} gets it here.
 *
 * <p><b>Text for code, escapes for people.</b> {@link #lines()}, {@link #text()} and {@link #message()} are the
 * server's text decoded as UTF-8, exactly as sent except that a byte sequence that is not UTF-8 becomes U+FFFD:
 * what code compares and parses. They are server-controlled and may hold any control character (ESC, BS, DEL,
 * NUL): escape them with {@link Printable#text(CharSequence)} before showing them to a person, or show
 * {@link #toString()}, which does. {@link #wire()} gives the bytes as the server sent them, invalid UTF-8
 * included.
 *
 * @param code    the reply code, 200–599 (RFC 5321 §4.2.1)
 * @param lines   the text of each line after the code and its separator, in order; a bare {@code 250} has one
 *                empty line
 * @param elapsed time from the moment the command was written (or the connection opened, for the greeting)
 *                until the whole reply was read
 * @param wire    the reply's bytes as they came from the server: every line with its code, separator and CRLF;
 *                {@code lines} must be what they decode to
 */
public record Reply(int code, List<String> lines, Duration elapsed, byte[] wire) {

    /** Checks the code range, copies the lines and the bytes, and checks that the lines are what the bytes say. */
    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply codes run from 200 to 599, not " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        Objects.requireNonNull(elapsed, "elapsed");
        Objects.requireNonNull(wire, "wire");
        int form = asciiForm(code, lines, wire);
        if (form == CANONICAL) {
            wire = null; // exactly what the lines say: kept once, as the lines (wire() writes them out again)
        } else if (form == ASCII_AS_LINES) {
            wire = wire.clone(); // what the lines say, in a form encode() would not write ("250 " for "250")
        } else if (!decode(code, wire = wire.clone()).equals(lines)) {
            throw new IllegalArgumentException("the lines are not what the wire bytes of the reply decode to: "
                    + Printable.quoted(wire));
        }
    }

    /**
     * A reply made from its text, as the server would have sent it ({@code 250-first CRLF 250 last CRLF}, UTF-8):
     * for tests and hand-made replies. A bare code is a single empty line.
     */
    public Reply(int code, List<String> lines, Duration elapsed) {
        this(code, lines, elapsed, encode(code, lines));
    }

    /** A reply with no elapsed time, for tests and hand-made replies. */
    public static Reply of(int code, String... lines) {
        return new Reply(code, List.of(lines), Duration.ZERO);
    }

    /**
     * The text of all lines joined with {@code \n}, without codes: the decoded text with the server's control
     * characters intact, for comparing; escape it with {@link Printable#text(CharSequence)} before showing it.
     */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * The RFC 3463 enhanced status code at the start of the first line's text (RFC 2034 §4), when the server sent
     * one whose class equals the first digit of {@link #code()}. Never invented: empty when absent or malformed.
     */
    public Optional<EnhancedStatus> enhancedStatus() {
        return EnhancedStatus.parseReplyText(code, lines.get(0));
    }

    /**
     * The first line's text without its enhanced status code (the human part, e.g. {@code Sender OK}); raw like
     * {@link #text()}.
     */
    public String message() {
        String first = lines.get(0);
        // cut what the server wrote (it may be "5.01.1"), not the normalised form
        return enhancedStatus().map(s -> first.replaceFirst("^\\S+", "").stripLeading()).orElse(first);
    }

    /** The queue id the server gave when it accepted a message (Postfix, Exchange, Sendmail, Exim, ...), if any. */
    public Optional<String> queueId() {
        return isPositive() ? QueueIds.find(text()) : Optional.empty();
    }

    /** The first digit of the code: 2 success, 3 intermediate, 4 transient failure, 5 permanent failure. */
    public int codeClass() {
        return code / 100;
    }

    /** 2yz: the requested action was completed (RFC 5321 §4.2.1). */
    public boolean isPositive() {
        return codeClass() == 2;
    }

    /** 3yz: accepted, the server waits for more (the {@code 354} to DATA, {@code 334} in AUTH). */
    public boolean isIntermediate() {
        return codeClass() == 3;
    }

    /** 4yz: not done this time; the same command may succeed later (RFC 5321 §4.2.1). */
    public boolean isTransientFailure() {
        return codeClass() == 4;
    }

    /** 5yz: not done and will not be done if repeated as is (RFC 5321 §4.2.1). */
    public boolean isPermanentFailure() {
        return codeClass() == 5;
    }

    /** 4yz or 5yz. */
    public boolean isFailure() {
        return codeClass() >= 4;
    }

    /** The bytes the server sent, every line with its CRLF (a copy: the reply stays immutable). */
    @Override
    public byte[] wire() {
        return wire != null ? wire.clone() : encode(code, lines);
    }

    /**
     * The reply as it was on the wire, {@code 250-first} ... {@code 250 last}, lines joined with {@code \n}, with
     * control characters and invalid UTF-8 escaped by {@link Printable#utf8(byte[])}: safe to print.
     */
    @Override
    public String toString() {
        var out = new StringBuilder();
        byte[] wire = this.wire != null ? this.wire : encode(code, lines);
        int start = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] == '\r' && wire[i + 1] == '\n') {
                if (start > 0) {
                    out.append('\n');
                }
                out.append(Printable.utf8(Arrays.copyOfRange(wire, start, i)));
                start = i + 2;
                i++;
            }
        }
        return out.toString();
    }

    /** Equal when code, lines, elapsed time and the bytes are. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Reply r && code == r.code && lines.equals(r.lines) && elapsed.equals(r.elapsed)
                && Arrays.equals(wire, r.wire);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, lines, elapsed, Arrays.hashCode(wire));
    }

    /** The forms of {@link #asciiForm}. */
    private static final int CANONICAL = 0;
    private static final int ASCII_AS_LINES = 1;
    private static final int OTHER = 2;

    /**
     * Whether {@code wire} is exactly {@link #encode} of ASCII {@code lines} (the usual reply: {@link #CANONICAL},
     * which keeps its lines only), ASCII that decodes to {@code lines} in another form ({@link #ASCII_AS_LINES}: an
     * empty last line sent with its space), or anything else (UTF-8, control characters: {@link #OTHER}, checked
     * by {@link #decode}); checked without allocating.
     */
    private static int asciiForm(int code, List<String> lines, byte[] wire) {
        byte d0 = (byte) ('0' + code / 100);
        byte d1 = (byte) ('0' + code / 10 % 10);
        byte d2 = (byte) ('0' + code % 10);
        int p = 0;
        int n = lines.size();
        boolean canonical = true;
        for (int i = 0; i < n; i++) {
            String text = lines.get(i);
            boolean bare = i == n - 1 && text.isEmpty();
            if (p + 3 + (bare ? 0 : 1 + text.length()) + 2 > wire.length
                    || wire[p] != d0 || wire[p + 1] != d1 || wire[p + 2] != d2) {
                return OTHER;
            }
            p += 3;
            if (bare && wire[p] == ' ') { // "250 " CRLF: an empty last line with its separator (smtp-sink's EHLO)
                canonical = false;
                if (++p + 2 > wire.length) {
                    return OTHER;
                }
            }
            if (!bare) {
                if (wire[p++] != (i == n - 1 ? ' ' : '-')) {
                    return OTHER;
                }
                for (int k = 0; k < text.length(); k++) {
                    char c = text.charAt(k);
                    if (c >= 0x80 || c == '\r' || c == '\n' || wire[p++] != c) {
                        return OTHER;
                    }
                }
            }
            if (wire[p] != '\r' || wire[p + 1] != '\n') {
                return OTHER;
            }
            p += 2;
        }
        return p != wire.length ? OTHER : canonical ? CANONICAL : ASCII_AS_LINES;
    }

    /** The bytes a server sends for this reply's lines. */
    private static byte[] encode(int code, List<String> lines) {
        var out = new ByteArrayOutputStream();
        for (int i = 0; i < Objects.requireNonNull(lines, "lines").size(); i++) {
            String text = Objects.requireNonNull(lines.get(i), "line");
            String line = code + (i < lines.size() - 1 ? "-" + text : text.isEmpty() ? "" : " " + text);
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /**
     * The text of each line of {@code wire} after code and separator, decoded as UTF-8; a line without CRLF, with
     * another code or with the wrong separator ({@code -} before the last line, SP or nothing on it) makes the
     * result empty, which no reply's lines equal.
     */
    private static List<String> decode(int code, byte[] wire) {
        var lines = new ArrayList<String>();
        byte[] digits = Integer.toString(code).getBytes(StandardCharsets.US_ASCII);
        int start = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] != '\r' || wire[i + 1] != '\n') {
                continue;
            }
            int length = i - start;
            boolean last = i + 2 == wire.length;
            if (length < 3 || !Arrays.equals(wire, start, start + 3, digits, 0, 3)
                    || (length == 3 ? !last : wire[start + 3] != (last ? ' ' : '-'))) {
                return List.of();
            }
            lines.add(length > 4 ? new String(wire, start + 4, length - 4, StandardCharsets.UTF_8) : "");
            start = i + 2;
            i++;
        }
        return start == wire.length ? lines : List.of();
    }
}
