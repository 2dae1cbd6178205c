package dev.smtpprobe;

/** Why a DNS lookup gave no usable answer (RFC 1035 §4.1.1 RCODEs, or no answer at all). */
public enum DnsFailure {
    /** No server answered within {@link DnsOptions#queryTimeout()}. */
    TIMEOUT,
    /** The server could not answer (SERVFAIL, RCODE 2), for example a broken DNSSEC chain or unreachable zone. */
    SERVER_FAILURE,
    /** The server refused to answer (REFUSED, RCODE 5), for example a resolver not open to this client. */
    REFUSED,
    /** Any other error: a malformed answer, an unexpected RCODE, an I/O error. */
    OTHER
}
