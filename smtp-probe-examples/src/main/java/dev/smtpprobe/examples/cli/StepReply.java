package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Reply;
import java.util.Objects;

/**
 * One reply of the conversation and the step it answered.
 *
 * @param step  {@code banner}, {@code ehlo}, {@code starttls}, {@code auth}, {@code mail}, {@code rcpt},
 *              {@code data}, {@code data-end}, {@code bdat} (one per chunk), {@code rset} (ending a transaction a
 *              stop left open), {@code quit} or {@code xclient}
 * @param reply the server's reply
 */
public record StepReply(String step, Reply reply) {

    /** Checks for nulls. */
    public StepReply {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(reply, "reply");
    }
}
