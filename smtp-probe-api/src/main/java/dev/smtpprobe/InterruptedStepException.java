package dev.smtpprobe;

/** The thread blocked in a step was interrupted; the session is closed and the interrupt flag is set again. */
public final class InterruptedStepException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;

    /** The step that was waiting. */
    public InterruptedStepException(Step step, InterruptedException cause, Transcript transcript) {
        super("interrupted while waiting for " + step, cause, transcript);
        this.step = step;
    }

    /** The step that was waiting. */
    public Step step() {
        return step;
    }
}
