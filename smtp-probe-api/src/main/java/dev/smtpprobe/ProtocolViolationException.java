package dev.smtpprobe;

import java.nio.charset.StandardCharsets;

/**
 * The server sent bytes that are not a valid SMTP reply (RFC 5321 §4.2): a line without CRLF, a code outside
 * 200–599, lines with different codes, a reply over the {@link ReplyLimits}, a reply nobody asked for. The
 * session is closed.
 */
public final class ProtocolViolationException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    private final byte[] offendingBytes;
    @SuppressWarnings("serial")
    private final Reply earlyReply;

    /** A violation during {@code step}; {@code offendingBytes} are the bytes at fault (a bounded excerpt). */
    public ProtocolViolationException(Step step, String what, byte[] offendingBytes, Transcript transcript) {
        this(step, what, offendingBytes, transcript, ClosedBy.CLIENT);
    }

    /** The same, saying which side closed the connection. */
    public ProtocolViolationException(Step step, String what, byte[] offendingBytes, Transcript transcript, ClosedBy closedBy) {
        this(step, what, null, offendingBytes, transcript, closedBy);
    }

    /**
     * A reply that arrived before the client had finished writing what it would answer (message content after
     * {@code 354} before the final dot, a BDAT chunk, a pipelined command not yet written, RFC 5321 §4.1.1.4,
     * RFC 3030 §2, RFC 2920 §3.1): it answers nothing the client sent, so it is never taken as the reply.
     * {@code earlyReply} is that reply, {@code offendingBytes} its lines as received.
     */
    public ProtocolViolationException(Step step, String what, Reply earlyReply, byte[] offendingBytes,
            Transcript transcript, ClosedBy closedBy) {
        super("protocol violation during " + step + ": " + what + "; received: " + printable(offendingBytes), null, transcript, closedBy);
        this.step = step;
        this.offendingBytes = offendingBytes.clone();
        this.earlyReply = earlyReply;
    }

    private ProtocolViolationException(ProtocolViolationException original) {
        super(original);
        this.step = original.step;
        this.offendingBytes = original.offendingBytes;
        this.earlyReply = original.earlyReply;
    }

    @Override
    ProtocolViolationException onCallerThread() {
        return new ProtocolViolationException(this);
    }

    /** The step during which the bytes arrived. */
    public Step step() {
        return step;
    }

    /**
     * The reply the server sent before the client had finished writing (message content, a BDAT chunk, a
     * pipelined command): the server answered before the end of data. Empty for other violations.
     */
    public java.util.Optional<Reply> earlyReply() {
        return java.util.Optional.ofNullable(earlyReply);
    }

    /** The offending bytes (a bounded excerpt). */
    public byte[] offendingBytes() {
        return offendingBytes.clone();
    }

    /**
     * Bytes as text with CR, LF, NUL and other control or non-ASCII bytes escaped ({@code \r}, {@code \x00}):
     * {@link Printable#quoted(byte[])}, kept here for existing callers.
     */
    public static String printable(byte[] bytes) {
        return Printable.quoted(bytes);
    }

    /** The same escaping for a string's UTF-8 bytes. */
    static String printable(String s) {
        return printable(s.getBytes(StandardCharsets.UTF_8));
    }
}
