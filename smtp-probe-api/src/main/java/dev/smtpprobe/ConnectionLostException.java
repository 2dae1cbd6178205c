package dev.smtpprobe;

import java.util.List;

/**
 * The connection closed (or was reset) while a step waited for its reply, or before a step could be sent; the
 * lines of an incomplete reply received before the loss are kept.
 */
public final class ConnectionLostException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    @SuppressWarnings("serial")
    private final List<String> partialReply;

    /** The connection was lost during {@code step}, after {@code partialReply} (raw lines, possibly none). */
    public ConnectionLostException(Step step, List<String> partialReply, String detail, Throwable cause, Transcript transcript) {
        this(step, partialReply, detail, cause, transcript, ClosedBy.SERVER);
    }

    /** The same, saying which side closed the connection. */
    public ConnectionLostException(Step step, List<String> partialReply, String detail, Throwable cause, Transcript transcript, ClosedBy closedBy) {
        super("connection lost during " + step + (detail == null ? "" : ": " + detail)
                + (partialReply.isEmpty() ? "" : "; partial reply: " + partialReply), cause, transcript, closedBy);
        this.step = step;
        this.partialReply = List.copyOf(partialReply);
    }

    private ConnectionLostException(ConnectionLostException original) {
        super(original);
        this.step = original.step;
        this.partialReply = original.partialReply;
    }

    @Override
    ConnectionLostException onCallerThread() {
        return new ConnectionLostException(this);
    }

    /** The step that was waiting. */
    public Step step() {
        return step;
    }

    /**
     * Raw lines of a reply the server had begun (without CRLF; the last one may be a fragment), decoded as UTF-8
     * with control characters intact (a bare CR included): for code. A secret the session sent that the server
     * echoed in them is {@code <redacted>}. The message shows them escaped; the exact bytes are the transcript's
     * last received entries ({@link TranscriptEntry#bytes()}).
     */
    public List<String> partialReply() {
        return partialReply.stream().map(this::redacted).toList();
    }
}
