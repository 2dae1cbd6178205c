package dev.smtpprobe.internal.sasl;

import dev.smtpprobe.SaslMechanism;
import java.util.Objects;
import java.util.Optional;

/**
 * {@code CRAM-MD5} (RFC 2195): no initial response; the server's one challenge is answered with
 * {@code user SP hex(HMAC-MD5(password, challenge))}, lowercase hex. The password itself is not sent, but an
 * eavesdropper can still try passwords offline against the exchange, so use it under TLS all the same.
 *
 * <p>An empty challenge (RFC 2195 challenges are message ids, never empty) or a second challenge cancels.
 */
public final class CramMd5 implements SaslMechanism {

    private final String user;
    private final byte[] password;
    private boolean answered;
    private boolean finished;

    public CramMd5(String user, String password) {
        this.user = Objects.requireNonNull(user, "user");
        this.password = SaslSupport.utf8(Objects.requireNonNull(password, "password"));
    }

    @Override
    public String name() {
        return "CRAM-MD5";
    }

    @Override
    public boolean revealsSecret() {
        return false;
    }

    @Override
    public Optional<byte[]> initialResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> respond(byte[] challenge) {
        if (finished || answered || challenge == null || challenge.length == 0) {
            finished = true;
            return Optional.empty();
        }
        answered = true;
        String digest = SaslSupport.hex(SaslSupport.hmac("HmacMD5", password, challenge));
        return Optional.of(SaslSupport.utf8(user + ' ' + digest));
    }

    @Override
    public String toString() {
        return "CRAM-MD5 mechanism (credentials redacted)";
    }
}
