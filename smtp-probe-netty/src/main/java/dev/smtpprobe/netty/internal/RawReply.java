package dev.smtpprobe.netty.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A complete, well-framed reply as the decoder read it.
 *
 * @param code     the three-digit code shared by every line
 * @param lines    the text of each line after code and separator, decoded as UTF-8
 * @param wire     the reply's bytes as received, every line with its CRLF
 * @param trailing bytes that followed a {@code 220} to STARTTLS in the same read (an excerpt), or null: a
 *                 response injection attempt
 */
record RawReply(int code, List<String> lines, byte[] wire, byte[] trailing) {

    /** A reply with nothing trailing, from the text of each whole line as received (without CRLF). */
    RawReply(int code, List<String> lines, List<String> wireLines) {
        this(code, lines, join(wireLines), null);
    }

    /**
     * Each whole line as received, without CRLF, decoded as UTF-8 (the transcript's text of it); made from
     * {@link #wire()} when asked.
     */
    List<String> wireLines() {
        return wireLineBytes().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList();
    }

    /**
     * Whether the last line is the bare code, without a separator or text ({@code "250"} CRLF; RFC 5321 §4.2
     * allows it): the one line whose text in {@link #lines()} does not follow its code and a separator.
     */
    boolean lastLineBare() {
        int n = wire.length;
        // a last line of three octets starts the reply or follows the CRLF before it; a longer one has no LF there
        return n == 5 || n > 5 && wire[n - 6] == '\n';
    }

    /**
     * Whether every byte of the reply is ASCII: then each line is exactly its code, its separator and its text in
     * {@link #lines()}, and the transcript needs no copy of them.
     */
    boolean isAscii() {
        for (byte b : wire) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }

    /** Each line as received, without CRLF. */
    List<byte[]> wireLineBytes() {
        var out = new ArrayList<byte[]>();
        int start = 0;
        for (int i = 0; i + 1 < wire.length; i++) {
            if (wire[i] == '\r' && wire[i + 1] == '\n') {
                out.add(Arrays.copyOfRange(wire, start, i));
                start = i + 2;
                i++;
            }
        }
        return out;
    }

    private static byte[] join(List<String> wireLines) {
        var out = new ByteArrayOutputStream();
        for (String line : wireLines) {
            out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RawReply r && code == r.code && lines.equals(r.lines) && Arrays.equals(wire, r.wire)
                && Arrays.equals(trailing, r.trailing);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, lines, Arrays.hashCode(wire), Arrays.hashCode(trailing));
    }

    @Override
    public String toString() {
        return "RawReply[" + dev.smtpprobe.Printable.quoted(wire) + (trailing == null ? "" : ", trailing "
                + dev.smtpprobe.Printable.quoted(trailing)) + "]";
    }
}
