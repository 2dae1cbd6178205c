package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.Transcript;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How a conversation ended: the exit code, why, every reply with its step and command (the session's exchanges),
 * the transcript, the TLS in force, and the exception when the conversation broke.
 *
 * @param exitCode   the process exit code
 * @param reason     one line saying why (for a failure: the stage and the reply or the error)
 * @param replies    the session's exchanges, in the order the replies arrived
 * @param transcript the whole transcript
 * @param tls        the TLS facts: of the TLS in force, or of a handshake whose certificate failed verification
 * @param failure    what broke the conversation, if it broke
 */
public record Outcome(ExitCode exitCode, String reason, List<Exchange> replies, Transcript transcript,
        Optional<TlsFacts> tls, Optional<ProbeException> failure) {

    /** Copies the replies and checks for nulls. */
    public Outcome {
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(reason, "reason");
        replies = List.copyOf(replies);
        Objects.requireNonNull(transcript, "transcript");
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(failure, "failure");
    }

    /** Whether the run succeeded (exit code 0). */
    public boolean isSuccess() {
        return exitCode == ExitCode.SUCCESS;
    }
}
