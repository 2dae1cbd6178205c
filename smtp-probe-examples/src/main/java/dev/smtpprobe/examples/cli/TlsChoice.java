package dev.smtpprobe.examples.cli;

/** How the command line uses TLS: {@code --tls}, {@code --tls-optional}, {@code --tls-on-connect}, or not at all. */
public enum TlsChoice {
    /** Plaintext only. */
    NONE,
    /** {@code --tls}: STARTTLS after the first EHLO; when it is not offered, refused or fails, stop (exit 29). */
    STARTTLS,
    /** {@code --tls-optional}: STARTTLS when offered; when not offered or refused, go on in plaintext. */
    STARTTLS_OPTIONAL,
    /** {@code --tls-on-connect}: TLS from the first byte (implicit TLS, port 465, RFC 8314). */
    ON_CONNECT;

    /** Whether STARTTLS is tried after the first EHLO. */
    boolean startTls() {
        return this == STARTTLS || this == STARTTLS_OPTIONAL;
    }
}
