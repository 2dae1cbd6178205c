package dev.smtpprobe;

/** What went wrong with TLS (RFC 3207, RFC 8314). */
public enum TlsFailure {
    /** The server's EHLO reply did not list STARTTLS (or EHLO itself was refused) while TLS was required. */
    NOT_OFFERED,
    /** The server answered STARTTLS with something other than {@code 220} (454, 501, 502, ...). */
    REFUSED,
    /** The TLS handshake failed (protocol, cipher, timeout, connection closed). */
    HANDSHAKE,
    /** The server's certificate was not trusted or did not name the host. */
    VERIFICATION
}
