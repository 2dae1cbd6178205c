package dev.smtpprobe.testing;

import java.time.Duration;
import java.util.Objects;

/**
 * What a {@link FakeSmtpServer} does in answer to one command: send a reply (RFC 5321 §4.2), possibly late, cut
 * short or followed by a close, or one of the faults a test needs: never answer, close, reset.
 *
 * <pre>{@code
 * Response.of("250 2.1.5 Ok")                                  // a reply
 * Response.of("250-first\r\n250 last")                         // a multi-line reply
 * Response.of("451 4.3.0 Try later").delayedBy(ofSeconds(2))   // a slow one
 * Response.of("250 2.0.0 Ok: queued").droppedAfter(6)          // "250 2." then the connection drops
 * Response.of("421 4.3.2 Shutting down").thenClose()           // RFC 5321 §3.8
 * Response.stall()                                             // reads on, never answers
 * }</pre>
 */
public final class Response {

    private enum Kind { REPLY, STALL, CLOSE, RESET }

    private final Kind kind;
    private final String text;
    private final Duration delay;
    private final int dropAfter;
    private final boolean closeAfter;

    private Response(Kind kind, String text, Duration delay, int dropAfter, boolean closeAfter) {
        this.kind = kind;
        this.text = text;
        this.delay = delay;
        this.dropAfter = dropAfter;
        this.closeAfter = closeAfter;
    }

    /**
     * A reply: {@code text} is sent as written (lines separated by CRLF) with a final CRLF added, so that a test
     * can also send malformed replies ({@code "250"}, {@code "25O x"}, a bare LF).
     */
    public static Response of(String text) {
        return new Response(Kind.REPLY, Objects.requireNonNull(text, "text"), Duration.ZERO, -1, false);
    }

    /** A reply of several lines given one by one, joined with CRLF (RFC 5321 §4.2.1: {@code 250-a}, {@code 250 b}). */
    public static Response lines(String... lines) {
        return of(String.join("\r\n", lines));
    }

    /** Never answers: the server goes on reading (and recording) until the client closes. */
    public static Response stall() {
        return new Response(Kind.STALL, "", Duration.ZERO, -1, false);
    }

    /** Closes the connection (TCP FIN; close_notify first inside TLS) without a reply. */
    public static Response close() {
        return new Response(Kind.CLOSE, "", Duration.ZERO, -1, true);
    }

    /** Resets the connection ({@code SO_LINGER} 0: the client sees a TCP RST), as a crashing server does. */
    public static Response reset() {
        return new Response(Kind.RESET, "", Duration.ZERO, -1, true);
    }

    /** The same response, after a pause. */
    public Response delayedBy(Duration pause) {
        if (pause.isNegative()) {
            throw new IllegalArgumentException("a negative delay: " + pause);
        }
        return new Response(kind, text, pause, dropAfter, closeAfter);
    }

    /** The same reply, but only its first {@code bytes} bytes are sent, then the connection closes (drop mid-reply). */
    public Response droppedAfter(int bytes) {
        if (kind != Kind.REPLY || bytes < 0) {
            throw new IllegalArgumentException("only a reply can be cut, after 0 or more bytes");
        }
        return new Response(kind, text, delay, bytes, true);
    }

    /** The same reply, then the server closes the connection (as after a 421, RFC 5321 §3.8). */
    public Response thenClose() {
        return new Response(kind, text, delay, dropAfter, true);
    }

    /** The reply text without the final CRLF; empty for a fault without a reply. */
    public String text() {
        return text;
    }

    /** The reply's three-digit code, or -1 when it has none (a fault, or a malformed reply). */
    public int code() {
        if (kind != Kind.REPLY || text.length() < 3) {
            return -1;
        }
        for (int i = 0; i < 3; i++) {
            if (!Character.isDigit(text.charAt(i))) {
                return -1;
            }
        }
        return Integer.parseInt(text.substring(0, 3));
    }

    /** Sends this response on {@code script}; throws {@link FakeSmtpServer.ConnectionEnded} when it ends the connection. */
    void play(FakeSmtpServer.Script script) {
        if (!delay.isZero()) {
            script.pause(delay);
        }
        switch (kind) {
            case STALL -> {
                script.readUntilClosed();
                throw new FakeSmtpServer.ConnectionEnded("stalled until the client closed");
            }
            case CLOSE -> script.close();
            case RESET -> script.reset();
            case REPLY -> {
                byte[] bytes = (text + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                if (dropAfter >= 0) {
                    script.sendBytes(java.util.Arrays.copyOf(bytes, Math.min(dropAfter, bytes.length)));
                    script.close();
                } else {
                    script.sendBytes(bytes);
                    if (closeAfter) {
                        script.close();
                    }
                }
            }
            default -> throw new AssertionError(kind);
        }
        if (closeAfter) {
            throw new FakeSmtpServer.ConnectionEnded("closed by the response " + this);
        }
    }

    @Override
    public String toString() {
        String what = kind == Kind.REPLY ? text.replace("\r\n", "\\r\\n") : kind.name().toLowerCase(java.util.Locale.ROOT);
        return what + (delay.isZero() ? "" : " after " + delay) + (dropAfter >= 0 ? " cut after " + dropAfter + " bytes"
                : closeAfter && kind == Kind.REPLY ? " then close" : "");
    }
}
