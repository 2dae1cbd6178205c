package dev.smtpprobe.internal.sasl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code PLAIN} (RFC 4616): one message, {@code authzid NUL authcid NUL passwd} in UTF-8, sent as the initial
 * response. It reveals the password to anyone who can read the connection.
 *
 * <p><b>Initial response.</b> The SMTP layer calls {@link #initialResponse()} only when it actually sends the
 * result. If it never does (say the {@code AUTH} line would be too long), the server asks for the message with an
 * empty {@code 334} (RFC 4954 §4) and {@link #respond(byte[])} answers that first empty challenge with the message.
 * Any other challenge, and any challenge once the message has gone, cancels: PLAIN has only one step.
 */
public final class Plain implements BuiltInMechanism {

    private final byte[] message;
    private final List<String> secrets;
    private boolean sent;
    private boolean finished;

    /**
     * @param authzid the identity to act as, or {@code ""} for the user's own
     * @throws IllegalArgumentException if a field contains NUL, which would move the field boundaries
     */
    public Plain(String authzid, String user, String password) {
        Objects.requireNonNull(authzid, "authzid");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (authzid.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN: the authorization identity contains NUL");
        }
        if (user.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN: the user name contains NUL");
        }
        if (password.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("PLAIN: the password contains NUL");
        }
        message = SaslSupport.utf8(authzid + '\0' + user + '\0' + password);
        secrets = List.of(password);
    }

    /** {@inheritDoc} */
    @Override
    public List<String> secrets() {
        return secrets;
    }

    @Override
    public String name() {
        return "PLAIN";
    }

    @Override
    public boolean revealsSecret() {
        return true;
    }

    @Override
    public Optional<byte[]> initialResponse() {
        if (finished) {
            return Optional.empty();
        }
        sent = true;
        return Optional.of(message.clone());
    }

    @Override
    public Optional<byte[]> respond(byte[] challenge) {
        if (!finished && !sent && challenge != null && challenge.length == 0) {
            sent = true;
            return Optional.of(message.clone());
        }
        finished = true;
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "PLAIN mechanism (credentials redacted)";
    }
}
