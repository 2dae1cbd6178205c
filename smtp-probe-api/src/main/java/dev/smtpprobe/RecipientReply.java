package dev.smtpprobe;

import java.util.Objects;

/**
 * The server's answer to one {@code RCPT TO} (RFC 5321 §4.1.1.3).
 *
 * @param address the recipient as given to {@code rcptTo}
 * @param reply   the reply to that RCPT
 */
public record RecipientReply(String address, Reply reply) {

    /** Checks for nulls. */
    public RecipientReply {
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(reply, "reply");
    }

    /** Whether the server accepted the recipient (2yz). */
    public boolean accepted() {
        return reply.isPositive();
    }
}
