package dev.smtpprobe;

import java.util.Objects;

/**
 * A caller's argument was refused before anything was written: a CR, LF or NUL (which would end the command line
 * early and let the rest be read as another command: SMTP command injection) or a character the command cannot
 * carry (non-ASCII without SMTPUTF8, a space inside an ESMTP parameter, a {@code >} or space that would let an
 * address carry a parameter: RFC 5321 §4.1.2). The message names the character, escaped, and its index.
 *
 * <p>An {@link IllegalArgumentException}, as the caller's mistake it is, carrying the transcript like every
 * failure of this library. Nothing is sent and the session stays usable.
 */
public final class InvalidArgumentException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String argument;
    private final int index;
    @SuppressWarnings("serial")
    private final Transcript transcript;

    /** The named argument was refused at character {@code index} (or -1). */
    public InvalidArgumentException(String argument, int index, String why, Transcript transcript) {
        super(argument + " refused" + (index >= 0 ? " at index " + index : "") + ": " + why + "; nothing was sent");
        this.argument = argument;
        this.index = index;
        this.transcript = Objects.requireNonNull(transcript, "transcript");
    }

    /** Which argument: "address", "EHLO name", "parameter", "command line", ... */
    public String argument() {
        return argument;
    }

    /** Index of the offending character in the argument, or -1. */
    public int index() {
        return index;
    }

    /** The conversation so far (unchanged by the refused call). */
    public Transcript transcript() {
        return transcript;
    }
}
