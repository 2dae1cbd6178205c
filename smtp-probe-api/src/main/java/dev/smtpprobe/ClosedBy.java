package dev.smtpprobe;

/**
 * Which side ended the TCP connection when a step failed (RFC 5321 §3.8 on connections that end without QUIT). A
 * mail administrator reads a server that hangs up very differently from a client that gave up, so every
 * {@link ProbeException} says which it was.
 */
public enum ClosedBy {
    /** The server closed or reset the connection (its FIN or RST arrived while the client still had work). */
    SERVER,
    /**
     * The client closed it: after a timeout, a protocol violation, a TLS failure, a failed write, a cancel or a
     * {@code close()} while a step was waiting.
     */
    CLIENT,
    /** The connection is still open: the failure did not end it (for example a command refused before sending). */
    NOT_CLOSED,
    /** There never was a connection: connecting failed. */
    NEVER_OPENED
}
