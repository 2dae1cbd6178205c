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

    /** A violation during {@code step}; {@code offendingBytes} are the bytes at fault (a bounded excerpt). */
    public ProtocolViolationException(Step step, String what, byte[] offendingBytes, Transcript transcript) {
        this(step, what, offendingBytes, transcript, ClosedBy.CLIENT);
    }

    /** The same, saying which side closed the connection. */
    public ProtocolViolationException(Step step, String what, byte[] offendingBytes, Transcript transcript, ClosedBy closedBy) {
        super("protocol violation during " + step + ": " + what + "; received: " + printable(offendingBytes), null, transcript, closedBy);
        this.step = step;
        this.offendingBytes = offendingBytes.clone();
    }

    private ProtocolViolationException(ProtocolViolationException original) {
        super(original);
        this.step = original.step;
        this.offendingBytes = original.offendingBytes;
    }

    @Override
    ProtocolViolationException onCallerThread() {
        return new ProtocolViolationException(this);
    }

    /** The step during which the bytes arrived. */
    public Step step() {
        return step;
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
