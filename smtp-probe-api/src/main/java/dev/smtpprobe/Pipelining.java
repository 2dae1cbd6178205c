package dev.smtpprobe;

/** When {@link Hello#pipelined()} really pipelines (RFC 2920). */
public enum Pipelining {
    /** When the server's EHLO lists PIPELINING. */
    WHEN_OFFERED,
    /** Always, to test a server that does not offer it. */
    ALWAYS,
    /** Never: the commands go one by one. */
    NEVER
}
