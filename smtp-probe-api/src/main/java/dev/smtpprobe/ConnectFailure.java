package dev.smtpprobe;

/** Why a TCP connection to an SMTP server could not be opened: the first question of "service down or firewall?". */
public enum ConnectFailure {
    /** The host answered with a reset: nothing listens on the port (service down) or a firewall rejects. */
    REFUSED,
    /** No answer within the connect timeout: a firewall dropping packets, or a host that is down. */
    TIMED_OUT,
    /** The host name could not be resolved to an address (DNS). */
    UNRESOLVED,
    /** No route to the host or network (ICMP unreachable, no interface for that address family). */
    UNREACHABLE,
    /** Any other failure; the cause says more. */
    OTHER
}
