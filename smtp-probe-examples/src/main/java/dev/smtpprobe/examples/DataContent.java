package dev.smtpprobe.examples;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads the message that follows {@code 354} (RFC 5321 §4.1.1.4, §4.5.2): everything up to the line holding only
 * {@code .}, with the leading dot of every other line that starts with one removed — the first line included,
 * which SubEthaSMTP's own {@code DotUnstuffingInputStream} misses.
 *
 * <p>Reads byte by byte from the session's buffered stream, so that pipelined commands after the final dot stay
 * there for the command loop. Keeps at most {@code limit} bytes and reads the rest to the end without keeping it.
 *
 * @param bytes    the content (at most the limit)
 * @param tooLarge whether the content was longer than the limit
 */
record DataContent(byte[] bytes, boolean tooLarge) {

    /** Reads the content and its terminating {@code .CRLF}. */
    static DataContent read(InputStream in, long limit) throws IOException {
        var out = new ByteArrayOutputStream();
        long length = 0;
        boolean lineStart = true;
        int previous = -1;
        while (true) {
            int b = next(in);
            if (lineStart && b == '.') {
                b = next(in); // that dot was dot-stuffing, or the start of the final ".CRLF"
                if (b == '\r') {
                    int c = next(in);
                    if (c == '\n') {
                        return new DataContent(out.toByteArray(), length > limit);
                    }
                    if (++length <= limit) {
                        out.write('\r');
                    }
                    previous = '\r';
                    b = c;
                }
            }
            if (++length <= limit) {
                out.write(b);
            }
            lineStart = previous == '\r' && b == '\n';
            previous = b;
        }
    }

    private static int next(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("connection closed before the final <CRLF>.<CRLF>");
        }
        return b;
    }
}
