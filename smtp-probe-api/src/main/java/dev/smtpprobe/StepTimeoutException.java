package dev.smtpprobe;

import java.time.Duration;

/**
 * A step did not complete in its time (RFC 5321 §4.5.3.2), or the whole conversation outlived its
 * {@linkplain ProbeOptions.Builder#sessionDeadline(Duration) session deadline} ({@link #isSessionDeadline()});
 * the session is closed.
 */
public final class StepTimeoutException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    private final Duration timeout;
    private final boolean sessionDeadline;

    /** The step that timed out, after how long. */
    public StepTimeoutException(Step step, Duration timeout, Transcript transcript) {
        this(step, timeout, transcript, ClosedBy.CLIENT);
    }

    /** The same, saying which side closed the connection. */
    public StepTimeoutException(Step step, Duration timeout, Transcript transcript, ClosedBy closedBy) {
        this(step + " timed out after " + timeout.toMillis() + " ms", step, timeout, false, transcript, closedBy);
    }

    private StepTimeoutException(String message, Step step, Duration timeout, boolean sessionDeadline,
            Transcript transcript, ClosedBy closedBy) {
        super(message, null, transcript, closedBy);
        this.step = step;
        this.timeout = timeout;
        this.sessionDeadline = sessionDeadline;
    }

    private StepTimeoutException(StepTimeoutException original) {
        super(original);
        this.step = original.step;
        this.timeout = original.timeout;
        this.sessionDeadline = original.sessionDeadline;
    }

    /**
     * The session deadline expired: {@code step} was waiting (or, when {@code beforeSending}, was about to be sent
     * and was not); the client closed the connection.
     */
    static StepTimeoutException sessionDeadline(Step step, Duration deadline, boolean beforeSending, Transcript transcript) {
        String message = "session deadline of " + deadline.toMillis() + " ms expired "
                + (beforeSending ? "before " + step + " (nothing was sent)" : "while " + step + " was waiting")
                + ": the whole conversation's limit (ProbeOptions.Builder.sessionDeadline), not " + step
                + "'s own timeout; the session is closed";
        return new StepTimeoutException(message, step, deadline, true, transcript, ClosedBy.CLIENT);
    }

    @Override
    StepTimeoutException onCallerThread() {
        return new StepTimeoutException(this);
    }

    /** The step that timed out (for a {@linkplain #isSessionDeadline() session deadline}, the step that was waiting). */
    public Step step() {
        return step;
    }

    /** The timeout that expired: the step's own, or the session deadline when {@link #isSessionDeadline()}. */
    public Duration timeout() {
        return timeout;
    }

    /**
     * Whether the session's whole-conversation deadline expired ({@link ProbeOptions#sessionDeadline()}) rather
     * than the step's own timeout ({@link Timeouts}).
     */
    public boolean isSessionDeadline() {
        return sessionDeadline;
    }
}
