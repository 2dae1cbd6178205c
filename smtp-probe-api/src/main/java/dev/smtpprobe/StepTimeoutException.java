package dev.smtpprobe;

import java.time.Duration;

/** A step did not complete in its time (RFC 5321 §4.5.3.2); the session is closed. */
public final class StepTimeoutException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    private final Duration timeout;

    /** The step that timed out, after how long. */
    public StepTimeoutException(Step step, Duration timeout, Transcript transcript) {
        this(step, timeout, transcript, ClosedBy.CLIENT);
    }

    /** The same, saying which side closed the connection. */
    public StepTimeoutException(Step step, Duration timeout, Transcript transcript, ClosedBy closedBy) {
        super(step + " timed out after " + timeout.toMillis() + " ms", null, transcript, closedBy);
        this.step = step;
        this.timeout = timeout;
    }

    private StepTimeoutException(StepTimeoutException original) {
        super(original);
        this.step = original.step;
        this.timeout = original.timeout;
    }

    @Override
    StepTimeoutException onCallerThread() {
        return new StepTimeoutException(this);
    }

    /** The step that timed out. */
    public Step step() {
        return step;
    }

    /** The timeout that expired. */
    public Duration timeout() {
        return timeout;
    }
}
