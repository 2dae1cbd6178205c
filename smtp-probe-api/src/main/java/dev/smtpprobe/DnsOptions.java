package dev.smtpprobe;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where a {@link ProbeClient} sends its DNS queries and how long it waits for an answer; set on the client with
 * {@link ClientOptions.Builder#dns(DnsOptions)}. Every lookup goes there: the A/AAAA of each host a session
 * connects to, MX per RFC 5321 §5.1, A/AAAA of {@link ProbeClient#addresses(String)}, PTR. Recursive resolvers only:
 * the client asks with the RD bit set and does not iterate from the root.
 *
 * <p>With servers named, a connect asks them for the host's A and AAAA records (CNAMEs followed, no search
 * domains, no hosts file; {@code localhost} and names under {@code .localhost} are the loopback addresses without
 * a query, RFC 6761 §6.3) and bounds the whole resolution by the session's connect timeout. With {@link #SYSTEM},
 * the host is resolved as the JDK's {@link java.net.InetAddress} does (the system's hosts file and resolvers).
 *
 * @param servers      the resolvers to ask, in order (the next one is tried when one does not answer); empty means
 *                     the system's configuration ({@code /etc/resolv.conf} or the platform's equivalent)
 * @param queryTimeout how long to wait for one answer before trying the next server or giving up
 */
public record DnsOptions(List<InetSocketAddress> servers, Duration queryTimeout) {

    /** The default query timeout: 5 seconds, as the usual stub resolvers use. */
    public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

    /** The system's resolvers with the default timeout. */
    public static final DnsOptions SYSTEM = new DnsOptions(List.of(), DEFAULT_QUERY_TIMEOUT);

    /** Copies the list; the timeout must be positive and at most {@link Timeouts#MAXIMUM}. */
    public DnsOptions {
        servers = List.copyOf(servers);
        Objects.requireNonNull(queryTimeout, "queryTimeout");
        if (queryTimeout.isNegative() || queryTimeout.isZero()) {
            throw new IllegalArgumentException("queryTimeout must be positive, not " + queryTimeout);
        }
        if (queryTimeout.compareTo(Timeouts.MAXIMUM) > 0) {
            throw new IllegalArgumentException("queryTimeout must be at most " + Timeouts.MAXIMUM
                    + " (Timeouts.MAXIMUM), not " + queryTimeout);
        }
    }

    /** These resolvers (for example one on loopback in a test) with the default timeout. */
    public static DnsOptions servers(InetSocketAddress... servers) {
        return new DnsOptions(List.of(servers), DEFAULT_QUERY_TIMEOUT);
    }

    /** The same servers with another query timeout. */
    public DnsOptions withQueryTimeout(Duration timeout) {
        return new DnsOptions(servers, timeout);
    }

    /** Whether the system's resolver configuration is used. */
    public boolean usesSystemResolvers() {
        return servers.isEmpty();
    }
}
