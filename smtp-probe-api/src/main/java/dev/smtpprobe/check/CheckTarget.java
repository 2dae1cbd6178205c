package dev.smtpprobe.check;

import dev.smtpprobe.MxHost;
import java.net.InetAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * The SMTP server a check talks to: a host name (or address literal) and port, and optionally the address to
 * connect to when the name has already been resolved (an MX host found through {@link dev.smtpprobe.ProbeClient#mx}):
 * then the session connects to that address and the name is still used for TLS (SNI, certificate name) and for the
 * banner comparison.
 *
 * @param host    the server's name or address literal
 * @param port    the TCP port (25 for MX, 587 submission, 465 implicit TLS)
 * @param address the address to connect to, when already known
 */
public record CheckTarget(String host, int port, Optional<InetAddress> address) {

    /** Checks the values. */
    public CheckTarget {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(address, "address");
        if (host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port must be 1-65535, not " + port);
        }
    }

    /** A server by name or address literal. */
    public static CheckTarget of(String host, int port) {
        return new CheckTarget(host, port, Optional.empty());
    }

    /** An MX host at its first address (or by name if it has none, which will fail as unresolvable). */
    public static CheckTarget of(MxHost mx, int port) {
        return new CheckTarget(mx.host(), port, mx.addresses().stream().findFirst());
    }

    /** What to connect to: the address when known, otherwise the host. */
    public String connectTo() {
        return address.map(InetAddress::getHostAddress).orElse(host);
    }

    /** Whether {@link #host()} is a name rather than an address literal. */
    public boolean hasName() {
        return !isAddressLiteral(host);
    }

    static boolean isAddressLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    @Override
    public String toString() {
        return host + ":" + port + address.map(a -> " (" + a.getHostAddress() + ")").orElse("");
    }
}
