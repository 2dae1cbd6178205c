package dev.smtpprobe.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a message into DATA content (RFC 5321 §4.1.1.4, §4.5.2): every line ending becomes CRLF (bare LF and bare
 * CR included), a line starting with {@code .} gets another {@code .} (dot-stuffing), and a final CRLF is added
 * when missing, so that the terminating {@code .CRLF} stands on its own line.
 */
public final class MessageContent {

    private MessageContent() {}

    /** The content ready to write before the final {@code .CRLF}; empty for an empty message. */
    public static byte[] prepare(byte[] message) {
        var out = new ByteArrayOutputStream(message.length + message.length / 64 + 4);
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                lineStart = true;
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
                lineStart = true;
            } else {
                out.write(b);
                lineStart = false;
            }
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** The first {@code max} lines of prepared content for the transcript, then one line summarising the rest. */
    public static List<String> displayLines(byte[] prepared, int max) {
        var lines = new ArrayList<String>();
        int start = 0;
        int count = 0;
        for (int i = 0; i + 1 < prepared.length; i++) {
            if (prepared[i] == '\r' && prepared[i + 1] == '\n') {
                if (count < max) {
                    lines.add(new String(prepared, start, i - start, StandardCharsets.UTF_8));
                }
                count++;
                start = i + 2;
                i++;
            }
        }
        if (count > max) {
            lines.add("[... " + (count - max) + " more lines; " + prepared.length + " bytes of content in all]");
        }
        return lines;
    }
}
