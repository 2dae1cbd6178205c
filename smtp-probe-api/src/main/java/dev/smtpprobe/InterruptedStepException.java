package dev.smtpprobe;

/** The thread blocked in a step was interrupted; the session is closed and the interrupt flag is set again. */
public final class InterruptedStepException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;

    /** The step that was waiting. */
    public InterruptedStepException(Step step, InterruptedException cause, Transcript transcript) {
        this(step, cause, transcript, ClosedBy.CLIENT);
    }

    /** The same, saying which side closed the connection. */
    public InterruptedStepException(Step step, InterruptedException cause, Transcript transcript, ClosedBy closedBy) {
        super("interrupted while waiting for " + step, cause, transcript, closedBy);
        this.step = step;
    }

    private InterruptedStepException(InterruptedStepException original) {
        super(original);
        this.step = original.step;
    }

    @Override
    InterruptedStepException onCallerThread() {
        return new InterruptedStepException(this);
    }

    /** The step that was waiting. */
    public Step step() {
        return step;
    }
}
