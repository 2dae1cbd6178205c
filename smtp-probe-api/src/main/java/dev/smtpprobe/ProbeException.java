package dev.smtpprobe;

import java.util.Objects;

/**
 * The conversation broke: the probe could not connect, a step timed out, the connection was lost, or the
 * server violated the protocol. A negative SMTP reply is not one of these: it is a {@link Reply}.
 *
 * <p>Every instance carries the {@link Transcript} up to the failure.
 */
public abstract class ProbeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The transcript is a snapshot of immutable entries. */
    @SuppressWarnings("serial")
    private final Transcript transcript;

    /** A failure with its message, cause (may be null) and transcript. */
    protected ProbeException(String message, Throwable cause, Transcript transcript) {
        super(message, cause);
        this.transcript = Objects.requireNonNull(transcript, "transcript");
    }

    /** The conversation up to the failure. */
    public Transcript transcript() {
        return transcript;
    }
}
