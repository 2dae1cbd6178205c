package dev.smtpprobe;

import java.util.Objects;

/**
 * The caller ended the session while a step was waiting: {@link SmtpSession#cancel()}, or {@link SmtpSession#close()}
 * during the step (QUIT cannot be sent in the middle of another command). The connection was closed at once, by the
 * client ({@link #closedBy()} is {@link ClosedBy#CLIENT}); the server's reply to the step, if it ever comes, is not
 * read.
 */
public final class SessionCancelledException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;

    /** {@code step} was waiting when the caller ended the session with {@code how} (e.g. {@code "cancel()"}). */
    public SessionCancelledException(Step step, String how, Transcript transcript) {
        super(Objects.requireNonNull(step, "step") + " cancelled: SmtpSession." + how + " closed the connection while"
                + " it was waiting", null, transcript, ClosedBy.CLIENT);
        this.step = step;
    }

    private SessionCancelledException(SessionCancelledException original) {
        super(original);
        this.step = original.step;
    }

    @Override
    SessionCancelledException onCallerThread() {
        return new SessionCancelledException(this);
    }

    /** The step that was waiting (the step the caller called: EHLO for an EHLO that also upgrades to TLS). */
    public Step step() {
        return step;
    }
}
