package dev.smtpprobe.bench;

import java.nio.charset.StandardCharsets;

/**
 * What every client says in the benchmark: EHLO, MAIL FROM, RCPT TO, DATA with the same 1 KB message, QUIT
 * (RFC 5321 §3.3), on loopback. The message has CRLF line endings and no line starting with a dot, so no client
 * has to rewrite it.
 */
public final class Conversation {

    /** The name given in EHLO. */
    public static final String CLIENT_NAME = "bench.test";
    /** The reverse-path of MAIL FROM. */
    public static final String FROM = "bench@bench.test";
    /** The forward-path of RCPT TO. */
    public static final String TO = "sink@bench.test";
    /** The message body text, 1,000 bytes of headers and lines, as a string. */
    public static final String MESSAGE_TEXT = buildMessage();
    /** The same message as bytes (US-ASCII). */
    public static final byte[] MESSAGE = MESSAGE_TEXT.getBytes(StandardCharsets.US_ASCII);
    /** The body after the header block, for clients that compose the headers themselves (Vert.x). */
    public static final String BODY_TEXT = MESSAGE_TEXT.substring(MESSAGE_TEXT.indexOf("\r\n\r\n") + 4);
    /** The Subject header's value. */
    public static final String SUBJECT = "bench";

    private Conversation() {}

    private static String buildMessage() {
        var sb = new StringBuilder();
        sb.append("From: ").append(FROM).append("\r\n");
        sb.append("To: ").append(TO).append("\r\n");
        sb.append("Subject: ").append(SUBJECT).append("\r\n");
        sb.append("Message-ID: <bench@bench.test>\r\n");
        sb.append("\r\n");
        while (sb.length() < 1000 - 72) {
            sb.append("x".repeat(70)).append("\r\n");
        }
        sb.append("y".repeat(1000 - sb.length() - 2)).append("\r\n");
        return sb.toString();
    }
}
