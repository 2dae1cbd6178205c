package dev.smtpprobe.internal.sasl;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code XOAUTH2} (Google, Microsoft): the initial response
 * {@code user=<user>^Aauth=Bearer <token>^A^A} ({@code ^A} is U+0001). The token is a bearer credential: anyone
 * who reads it can use it until it expires, so the mechanism reveals a secret.
 *
 * <p>When the token is refused the server sends its error as a {@code 334} challenge, a base64 JSON object such as
 * {@code {"status":"401","schemes":"bearer","scope":"https://mail.google.com/"}}. The protocol requires an empty
 * response to it, after which the server sends the final failure reply. The JSON is kept, as sent, for
 * {@link #lastError()}; it is server-controlled text, to be shown, not trusted.
 *
 * <p><b>Initial response.</b> The SMTP layer calls {@link #initialResponse()} only when it actually sends it. If
 * it never does, the first <em>empty</em> challenge is answered with the initial response (RFC 4954 §4); after that
 * an empty challenge, or any challenge after the error, cancels.
 */
public final class XOAuth2 implements BuiltInMechanism {

    private final byte[] message;
    private final List<String> secrets;
    private boolean sent;
    private boolean errorSeen;
    private boolean finished;
    private String lastError;

    /** @throws IllegalArgumentException if the user or the token contains U+0001, the field separator */
    public XOAuth2(String user, String token) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(token, "token");
        if (user.indexOf('\u0001') >= 0) {
            throw new IllegalArgumentException("XOAUTH2: the user name contains U+0001, the field separator");
        }
        if (token.indexOf('\u0001') >= 0) {
            throw new IllegalArgumentException("XOAUTH2: the token contains U+0001, the field separator");
        }
        message = SaslSupport.utf8("user=" + user + "\u0001auth=Bearer " + token + "\u0001\u0001");
        secrets = List.of(token);
    }

    /** {@inheritDoc} */
    @Override
    public List<String> secrets() {
        return secrets;
    }

    @Override
    public String name() {
        return "XOAUTH2";
    }

    @Override
    public boolean revealsSecret() {
        return true;
    }

    @Override
    public Optional<byte[]> initialResponse() {
        if (finished || errorSeen) {
            return Optional.empty();
        }
        sent = true;
        return Optional.of(message.clone());
    }

    @Override
    public Optional<byte[]> respond(byte[] challenge) {
        if (finished || challenge == null) {
            return cancel();
        }
        if (!sent) {
            if (challenge.length != 0) {
                return cancel();
            }
            sent = true;
            return Optional.of(message.clone());
        }
        if (errorSeen || challenge.length == 0) {
            return cancel();
        }
        errorSeen = true;
        lastError = SaslSupport.text(challenge);
        return Optional.of(new byte[0]);
    }

    private Optional<byte[]> cancel() {
        finished = true;
        return Optional.empty();
    }

    /** The server's error challenge (JSON text, as sent), if it sent one. */
    public Optional<String> lastError() {
        return Optional.ofNullable(lastError);
    }

    @Override
    public String toString() {
        return "XOAUTH2 mechanism (credentials redacted)";
    }
}
