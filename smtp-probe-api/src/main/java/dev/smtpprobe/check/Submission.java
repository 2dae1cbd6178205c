package dev.smtpprobe.check;

import java.util.Objects;
import java.util.Optional;

/**
 * Submission mode (RFC 6409 message submission on port 587, RFC 8314 implicit TLS on 465): the account the checks
 * log in with, and the sender address that account owns. A submission server refuses {@code MAIL} before
 * {@code AUTH} ({@code 530 5.7.0 Authentication required}, RFC 4954 §6), so in this mode the transaction checks
 * first secure the session (STARTTLS, or the implicit TLS the client's {@link dev.smtpprobe.TlsMode#IMPLICIT} asks
 * for) and then authenticate ({@link CheckContext#connectAndLogIn()}); the secret is only ever sent inside TLS.
 *
 * <p>{@link #toString()} never shows the password.
 *
 * @param user     the login name given to AUTH
 * @param password its password
 * @param sender   the address this user may send as (RFC 6409 §6.1: a submission server may refuse other
 *                 senders); when given, the {@code submission-relay} check also tries a sender that is not the
 *                 user's own and warns when it is accepted; when empty, sender ownership is not judged
 */
public record Submission(String user, String password, Optional<String> sender) {

    /** Checks the values: a non-blank user, a password, a sender with a domain. */
    public Submission {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(sender, "sender");
        if (user.isBlank()) {
            throw new IllegalArgumentException("submission user is blank");
        }
        sender.ifPresent(s -> {
            if (!s.contains("@")) {
                throw new IllegalArgumentException("the submission sender needs a domain: " + s);
            }
        });
    }

    /** A login without a sender of its own: sender ownership is not judged. */
    public static Submission login(String user, String password) {
        return new Submission(user, password, Optional.empty());
    }

    /** The same login with the address the user may send as. */
    public Submission withSender(String address) {
        return new Submission(user, password, Optional.of(Objects.requireNonNull(address, "address")));
    }

    /** {@code Submission[user=alice@contoso.test, password=***, sender=...]}: the password is never shown. */
    @Override
    public String toString() {
        return "Submission[user=" + user + ", password=***, sender=" + sender.orElse("(not given)") + "]";
    }
}
