package dev.smtpprobe.spi;

/** The record types smtp-probe asks for (RFC 1035 §3.2.2, RFC 3596). */
public enum DnsType {
    /** Mail exchanger (RFC 1035 §3.3.9). */
    MX,
    /** IPv4 address. */
    A,
    /** IPv6 address (RFC 3596). */
    AAAA,
    /** Reverse mapping of an address to a name (RFC 1035 §3.3.12). */
    PTR
}
