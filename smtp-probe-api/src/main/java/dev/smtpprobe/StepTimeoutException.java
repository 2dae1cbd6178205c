package dev.smtpprobe;

import java.time.Duration;

/** A step did not complete in its time (RFC 5321 §4.5.3.2); the session is closed. */
public final class StepTimeoutException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    private final Duration timeout;

    /** The step that timed out, after how long. */
    public StepTimeoutException(Step step, Duration timeout, Transcript transcript) {
        super(step + " timed out after " + timeout.toMillis() + " ms", null, transcript);
        this.step = step;
        this.timeout = timeout;
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
