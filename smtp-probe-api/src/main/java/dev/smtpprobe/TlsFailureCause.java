package dev.smtpprobe;

/**
 * Why a TLS handshake failed (RFC 8446 §6.2 alerts, RFC 5246 §7.2), as far as the client can tell from the alert
 * it received or sent and from its own TLS stack. {@link TlsFailedException#handshakeCause()} gives it for the
 * {@link TlsFailure#HANDSHAKE} and {@link TlsFailure#VERIFICATION} kinds; the exception's message adds the detail
 * (the alert's name, what the client offered).
 */
public enum TlsFailureCause {
    /**
     * No protocol version both sides accept (alert {@code protocol_version}): for example a server that allows only
     * TLS 1.3 and a client that offers only TLS 1.2.
     */
    PROTOCOL_VERSION,
    /**
     * No cipher suite (or other security parameter: group, signature algorithm) both sides accept (alerts
     * {@code handshake_failure}, {@code insufficient_security}).
     */
    NO_SHARED_CIPHER,
    /**
     * A certificate was refused: the client did not trust the server's ({@link TlsFailure#VERIFICATION}), or the
     * server refused the client's or sent an alert about one ({@code bad_certificate}, {@code certificate_unknown},
     * {@code unknown_ca}, {@code certificate_expired}, {@code certificate_required}, ...).
     */
    CERTIFICATE,
    /** The handshake did not finish within {@link TlsOptions#handshakeTimeout()}; the client closed. */
    HANDSHAKE_TIMEOUT,
    /** The connection closed during the handshake without a TLS alert (often a server that refused the offer). */
    CONNECTION_CLOSED,
    /**
     * The client's own TLS settings cannot make a handshake with any server: protocols this JDK disables
     * ({@code TLSv1}), an unknown protocol or suite name, or no cipher suite usable with the protocols allowed
     * (TLS 1.3 alone with only TLS 1.2 suites). Nothing TLS was sent.
     */
    LOCAL_CONFIGURATION,
    /** Another failure; the message of the exception and its cause tell more. */
    OTHER
}
