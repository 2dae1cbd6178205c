package dev.smtpprobe;

import java.util.Optional;

/**
 * The client side of one SASL authentication exchange (RFC 4422) for {@code AUTH} (RFC 4954). One instance serves
 * one exchange; make a new one for each attempt (see {@link Sasl} for the built-in mechanisms). Implement it to
 * use a mechanism this library does not ship.
 *
 * <p>An implementation must never put a secret into {@link Object#toString()}; the session never records responses,
 * only {@code <redacted>}.
 */
public interface SaslMechanism {

    /** The mechanism's registered name, e.g. {@code PLAIN}, {@code SCRAM-SHA-256}. */
    String name();

    /**
     * Whether the mechanism sends a secret an eavesdropper could reuse (PLAIN, LOGIN, XOAUTH2): such a mechanism is
     * refused on a connection without TLS unless plaintext authentication is explicitly allowed.
     */
    boolean revealsSecret();

    /**
     * The initial response (RFC 4954 §4), or empty when the mechanism starts with a server challenge. An empty
     * array is a present but empty response (sent as {@code =}). Called once, before any challenge.
     */
    Optional<byte[]> initialResponse();

    /**
     * The response to a server challenge (the decoded text of a {@code 334} reply), or empty when the challenge is
     * unexpected or invalid: the exchange is then cancelled with {@code *} (RFC 4954 §4).
     */
    Optional<byte[]> respond(byte[] challenge);
}
