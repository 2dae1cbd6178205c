package dev.smtpprobe;

/** When a session uses TLS (RFC 3207 STARTTLS, RFC 8314 implicit TLS). */
public enum TlsMode {
    /** No TLS unless the caller asks with {@link Hello#startTls()}. */
    NONE,
    /**
     * {@link SmtpSession#ehlo(String)} upgrades with STARTTLS and greets again; if STARTTLS is not offered, is
     * refused, or the handshake or verification fails, the session ends with {@link TlsFailedException}, and MAIL,
     * RCPT, DATA, BDAT and AUTH are never sent without TLS.
     */
    STARTTLS_REQUIRED,
    /**
     * Like {@link #STARTTLS_REQUIRED} when the server offers STARTTLS; when it does not, or refuses it, the session
     * goes on in plaintext and {@link SmtpSession#tlsNotUsedReason()} says why. A failed handshake still ends it.
     */
    STARTTLS_OPPORTUNISTIC,
    /** TLS from the first byte, as on port 465 (RFC 8314 §3.3); the greeting is read inside TLS. */
    IMPLICIT
}
