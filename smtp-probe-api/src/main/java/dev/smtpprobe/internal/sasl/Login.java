package dev.smtpprobe.internal.sasl;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code LOGIN} (draft-murchison-sasl-login): no initial response; the server prompts {@code Username:} and then
 * {@code Password:}, and each prompt is answered with the bare value in UTF-8. It reveals the password.
 *
 * <p>Prompts are matched loosely, as servers word them differently: a prompt containing {@code user} (any case:
 * {@code Username:}, {@code User Name}) gets the user name, one containing {@code pass} gets the password. Each is
 * answered at most once. A prompt that is empty, matches neither or both, or comes again cancels: the password
 * is never sent in answer to a prompt that does not clearly ask for it.
 */
public final class Login implements BuiltInMechanism {

    private final byte[] user;
    private final List<String> secrets;
    private final byte[] password;
    private boolean userSent;
    private boolean passwordSent;
    private boolean finished;

    public Login(String user, String password) {
        this.user = SaslSupport.utf8(Objects.requireNonNull(user, "user"));
        this.password = SaslSupport.utf8(Objects.requireNonNull(password, "password"));
        this.secrets = List.of(password);
    }

    /** {@inheritDoc} */
    @Override
    public List<String> secrets() {
        return secrets;
    }

    @Override
    public String name() {
        return "LOGIN";
    }

    @Override
    public boolean revealsSecret() {
        return true;
    }

    @Override
    public Optional<byte[]> initialResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> respond(byte[] challenge) {
        if (finished || challenge == null) {
            return cancel();
        }
        String prompt = SaslSupport.text(challenge).toLowerCase(Locale.ROOT);
        boolean asksUser = prompt.contains("user");
        boolean asksPassword = prompt.contains("pass");
        if (asksUser && !asksPassword && !userSent) {
            userSent = true;
            return Optional.of(user.clone());
        }
        if (asksPassword && !asksUser && !passwordSent) {
            passwordSent = true;
            return Optional.of(password.clone());
        }
        return cancel();
    }

    private Optional<byte[]> cancel() {
        finished = true;
        return Optional.empty();
    }

    @Override
    public String toString() {
        return "LOGIN mechanism (credentials redacted)";
    }
}
