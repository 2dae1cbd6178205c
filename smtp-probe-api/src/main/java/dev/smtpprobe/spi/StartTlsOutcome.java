package dev.smtpprobe.spi;

import dev.smtpprobe.Reply;
import dev.smtpprobe.TlsFacts;
import java.util.Objects;

/**
 * The result of STARTTLS at the transport: the server's reply and, when it was {@code 220} and the handshake
 * succeeded, the TLS facts (null otherwise: the connection stayed in plaintext).
 *
 * @param reply the reply to STARTTLS
 * @param facts the handshake's facts, or null when there was no handshake
 */
public record StartTlsOutcome(Reply reply, TlsFacts facts) {

    /** Checks the reply. */
    public StartTlsOutcome {
        Objects.requireNonNull(reply, "reply");
    }
}
