package dev.smtpprobe;

import java.util.Optional;

/**
 * TLS could not be established, or was required and is missing. Carries the STARTTLS reply when there was one
 * and the certificate facts when the server presented a certificate. In {@link TlsMode#STARTTLS_REQUIRED} the
 * session is closed: nothing is sent in plaintext after it.
 */
public final class TlsFailedException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final TlsFailure failure;
    @SuppressWarnings("serial")
    private final Reply reply;
    @SuppressWarnings("serial")
    private final TlsFacts facts;
    private final TlsFailureCause handshakeCause;

    /** A TLS failure; {@code reply} and {@code facts} may be null. */
    public TlsFailedException(TlsFailure failure, String detail, Reply reply, TlsFacts facts, Throwable cause,
            Transcript transcript) {
        this(failure, detail, reply, facts, cause, transcript, ClosedBy.CLIENT);
    }

    /** The same, saying which side closed the connection. */
    public TlsFailedException(TlsFailure failure, String detail, Reply reply, TlsFacts facts, Throwable cause,
            Transcript transcript, ClosedBy closedBy) {
        this(failure, null, detail, reply, facts, cause, transcript, closedBy);
    }

    /**
     * A failed handshake with why it failed ({@code handshakeCause}, may be null when unknown), saying which side
     * closed the connection; {@code reply} and {@code facts} may be null.
     */
    public TlsFailedException(TlsFailure failure, TlsFailureCause handshakeCause, String detail, Reply reply,
            TlsFacts facts, Throwable cause, Transcript transcript, ClosedBy closedBy) {
        super("TLS failed (" + failure.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + "): " + detail
                + (reply == null ? "" : "; reply: " + reply.toString().replace('\n', ' ')), cause, transcript, closedBy);
        this.failure = failure;
        this.reply = reply;
        this.facts = facts;
        this.handshakeCause = handshakeCause;
    }

    private TlsFailedException(TlsFailedException original) {
        super(original);
        this.failure = original.failure;
        this.reply = original.reply;
        this.facts = original.facts;
        this.handshakeCause = original.handshakeCause;
    }

    @Override
    TlsFailedException onCallerThread() {
        return new TlsFailedException(this);
    }

    /** What went wrong. */
    public TlsFailure failure() {
        return failure;
    }

    /** The server's reply to STARTTLS or EHLO, when it was the reason. */
    public Optional<Reply> reply() {
        return Optional.ofNullable(reply);
    }

    /**
     * Why the handshake failed (protocol version, no shared cipher, a certificate, a timeout, the connection closed,
     * the client's own settings), for {@link TlsFailure#HANDSHAKE} and {@link TlsFailure#VERIFICATION}; empty for
     * {@link TlsFailure#NOT_OFFERED} and {@link TlsFailure#REFUSED}, where no handshake took place.
     */
    public Optional<TlsFailureCause> handshakeCause() {
        return Optional.ofNullable(handshakeCause);
    }

    /** The certificate facts, when the server presented a certificate. */
    public Optional<TlsFacts> facts() {
        return Optional.ofNullable(facts);
    }
}
