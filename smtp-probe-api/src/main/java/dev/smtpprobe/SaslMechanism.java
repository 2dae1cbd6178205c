package dev.smtpprobe;

import java.util.Optional;

/**
 * The client side of one SASL authentication exchange (RFC 4422) for {@code AUTH} (RFC 4954). One instance serves
 * one exchange; make a new one for each attempt (see {@link Sasl} for the built-in mechanisms). Implement it to
 * use a mechanism this library does not ship.
 *
 * <p>An implementation must never put a secret into {@link Object#toString()}; the session never records responses,
 * only {@code <redacted>}.
 *
 * <p>{@link #initialResponse()} and {@link #respond(byte[])} run on a small pool of daemon threads of the library,
 * never on the transport's I/O thread, so an expensive computation (SCRAM's server-chosen iteration count) cannot
 * stall other sessions; the calls of one exchange never overlap and each happens-after the previous one.
 */
public interface SaslMechanism {

    /** The mechanism's registered name, e.g. {@code PLAIN}, {@code SCRAM-SHA-256}. */
    String name();

    /**
     * Whether the mechanism sends a secret an eavesdropper could reuse (PLAIN, LOGIN, XOAUTH2, NTLMv1): such a mechanism is
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

    /**
     * After the exchange: whether the server proved that it knows the credentials (SCRAM's server signature,
     * RFC 5802 §9). The default, for mechanisms without such a proof, is {@link ServerProof#NOT_APPLICABLE}; a
     * mechanism with mutual authentication overrides it. Read once the final reply has arrived, to build
     * {@link AuthResult#serverProof()}.
     */
    default ServerProof serverProof() {
        return ServerProof.NOT_APPLICABLE;
    }
}
