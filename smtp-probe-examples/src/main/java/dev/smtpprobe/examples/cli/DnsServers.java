package dev.smtpprobe.examples.cli;

import dev.smtpprobe.DnsOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code --dns-server HOST[:PORT]} values as {@link DnsOptions}: {@code 192.0.2.53}, {@code 192.0.2.53:5353},
 * {@code ::1}, {@code [::1]:5353} or a host name (resolved once, with the system's resolver). No value: the system's
 * resolvers.
 */
final class DnsServers {

    /** The DNS port. */
    static final int DNS_PORT = 53;

    private DnsServers() {}

    /**
     * The resolvers named, asked with a query timeout of {@code timeout}, but never more than
     * {@link DnsOptions#DEFAULT_QUERY_TIMEOUT}.
     *
     * @throws PlanBuilder.UsageError for a value that is not a host, an address or a port
     */
    static DnsOptions options(List<String> values, Duration timeout) {
        var servers = new ArrayList<InetSocketAddress>();
        for (String value : values) {
            if (!value.isBlank()) {
                servers.add(parse(value.trim()));
            }
        }
        Duration query = timeout.compareTo(DnsOptions.DEFAULT_QUERY_TIMEOUT) < 0 ? timeout
                : DnsOptions.DEFAULT_QUERY_TIMEOUT;
        return new DnsOptions(servers, query);
    }

    /** One {@code HOST[:PORT]}. */
    static InetSocketAddress parse(String value) {
        String host = value;
        int port = DNS_PORT;
        if (value.startsWith("[")) {
            int close = value.indexOf(']');
            if (close < 0) {
                throw usage(value, "no closing ]");
            }
            host = value.substring(1, close);
            String rest = value.substring(close + 1);
            if (!rest.isEmpty()) {
                if (!rest.startsWith(":")) {
                    throw usage(value, "expected :PORT after ]");
                }
                port = port(value, rest.substring(1));
            }
        } else if (value.indexOf(':') >= 0 && value.indexOf(':') == value.lastIndexOf(':')) {
            host = value.substring(0, value.indexOf(':'));
            port = port(value, value.substring(value.indexOf(':') + 1));
        }
        if (host.isEmpty()) {
            throw usage(value, "no host");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw usage(value, "unknown host " + host);
        }
    }

    private static int port(String value, String port) {
        try {
            int p = Integer.parseInt(port);
            if (p >= 1 && p <= 65535) {
                return p;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw usage(value, "the port must be from 1 to 65535");
    }

    private static PlanBuilder.UsageError usage(String value, String why) {
        return new PlanBuilder.UsageError("--dns-server " + value + ": " + why);
    }
}
