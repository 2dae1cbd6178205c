package dev.smtpprobe;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * One mail exchanger of a domain (RFC 5321 §5.1): the host an MX record names, its preference (lower is tried
 * first) and the addresses its A/AAAA records give.
 *
 * @param host       the exchanger's name, without the trailing dot
 * @param preference the MX preference; 0 for the implicit MX (the domain's own A/AAAA records)
 * @param addresses  its IPv4 and IPv6 addresses; empty when its name has none (a broken MX a sender would skip)
 */
public record MxHost(String host, int preference, List<InetAddress> addresses) {

    /** Copies the addresses. */
    public MxHost {
        Objects.requireNonNull(host, "host");
        addresses = List.copyOf(addresses);
    }

    /** Whether a sender could connect to it: the name has at least one address. */
    public boolean isResolvable() {
        return !addresses.isEmpty();
    }

    @Override
    public String toString() {
        return preference + " " + host + " " + addresses.stream().map(InetAddress::getHostAddress).toList();
    }
}
