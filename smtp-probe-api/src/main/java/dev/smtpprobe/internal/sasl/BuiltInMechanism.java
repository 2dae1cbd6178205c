package dev.smtpprobe.internal.sasl;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.SaslMechanism;
import java.util.Optional;

/**
 * What the shipped mechanisms tell the AUTH conversation beyond {@link SaslMechanism}: why they cancelled.
 */
public interface BuiltInMechanism extends SaslMechanism {

    /** Why the last {@link #respond(byte[])} returned empty (the exchange is cancelled); empty when it did not. */
    default Optional<AuthCancel> cancellation() {
        return Optional.empty();
    }

}
