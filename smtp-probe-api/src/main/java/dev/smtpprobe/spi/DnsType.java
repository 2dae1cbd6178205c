package dev.smtpprobe.spi;

/** The record types smtp-probe asks for (RFC 1035 §3.2.2, RFC 3596, RFC 6698). */
public enum DnsType {
    /** Mail exchanger (RFC 1035 §3.3.9). */
    MX,
    /** IPv4 address. */
    A,
    /** IPv6 address (RFC 3596). */
    AAAA,
    /** Reverse mapping of an address to a name (RFC 1035 §3.3.12). */
    PTR,
    /** Text strings (RFC 1035 §3.3.14): the MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) policy records. */
    TXT,
    /** A TLS certificate association (RFC 6698 §2): DANE for SMTP (RFC 7672). */
    TLSA
}
