package dev.smtpprobe.internal.sasl;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.SaslMechanism;
import java.util.List;
import java.util.Optional;

/**
 * What the shipped mechanisms tell the AUTH conversation beyond {@link SaslMechanism}: why they cancelled, and which
 * of the strings they send are secrets in their own right, to be redacted wherever a server echoes them.
 */
public interface BuiltInMechanism extends SaslMechanism {

    /** Why the last {@link #respond(byte[])} returned empty (the exchange is cancelled); empty when it did not. */
    default Optional<AuthCancel> cancellation() {
        return Optional.empty();
    }

    /**
     * The secrets this mechanism puts on the wire in readable form (a password, a token), to be redacted where a
     * server echoes them decoded; the base64 of every response is registered by the conversation itself. User names
     * are identities, not secrets (they appear in MAIL FROM and in {@code 235 ... authenticated as}). Never null.
     */
    default List<String> secrets() {
        return List.of();
    }
}
