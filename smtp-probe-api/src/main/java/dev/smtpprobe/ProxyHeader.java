package dev.smtpprobe;

import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.Optional;

/**
 * A HAProxy PROXY protocol header (haproxy.org "The PROXY protocol", versions 1 and 2), written on the TCP
 * connection before anything else, even before a TLS handshake: the client claims to be a load balancer that
 * forwards a connection from {@link #source()} to {@link #destination()}, so that an MTA behind one (Postfix
 * {@code smtpd_upstream_proxy_protocol = haproxy}, Exim {@code hosts_proxy}) can be probed as the balancer would
 * connect. Such a server sends its greeting only after the header; without one it waits and drops the connection.
 * Set it with {@link ProbeOptions.Builder#proxyHeader(ProxyHeader)}; the transcript records the header sent.
 *
 * <p>Version 1 is one text line ({@code PROXY TCP4 192.0.2.25 127.0.0.1 4711 25}); version 2 is binary (the
 * 12-byte signature, {@code PROXY} command, TCP over IPv4 or IPv6, the addresses and ports). Both addresses are of
 * one family. Immutable.
 */
public final class ProxyHeader {

    /** The PROXY protocol version. */
    public enum Version {
        /** Version 1: a human-readable line ended by CRLF. */
        V1,
        /** Version 2: a binary header. */
        V2
    }

    private final Version version;
    private final InetSocketAddress source;
    private final InetSocketAddress destination;

    private ProxyHeader(Version version, InetSocketAddress source, InetSocketAddress destination) {
        this.version = Objects.requireNonNull(version, "version");
        this.source = resolved("source", source);
        this.destination = destination == null ? null : resolved("destination", destination);
        if (destination != null && family(source) != family(destination)) {
            throw new IllegalArgumentException("PROXY header source " + source + " and destination " + destination
                    + " must both be IPv4 or both IPv6");
        }
    }

    /** A header of {@code version} claiming a connection from {@code source} to {@code destination}. */
    public static ProxyHeader of(Version version, InetSocketAddress source, InetSocketAddress destination) {
        return new ProxyHeader(version, source, Objects.requireNonNull(destination, "destination"));
    }

    /**
     * A header of {@code version} claiming a connection from {@code source} to the address and port this session
     * connects to (as a balancer in front of the server would say). When the address connected to is of another
     * family than {@code source} (a host name whose first address is IPv6 for an IPv4 source), the connect fails
     * with an {@link InvalidArgumentException} before the TCP connection is opened, without trying the host's other
     * addresses: give the destination explicitly ({@link #of(Version, InetSocketAddress, InetSocketAddress)}) or
     * connect to an address literal.
     */
    public static ProxyHeader of(Version version, InetSocketAddress source) {
        return new ProxyHeader(version, source, null);
    }

    /** Version 1 from {@code source} to {@code destination}. */
    public static ProxyHeader v1(InetSocketAddress source, InetSocketAddress destination) {
        return of(Version.V1, source, destination);
    }

    /** Version 2 from {@code source} to {@code destination}. */
    public static ProxyHeader v2(InetSocketAddress source, InetSocketAddress destination) {
        return of(Version.V2, source, destination);
    }

    /** The protocol version. */
    public Version version() {
        return version;
    }

    /** The client address and port the header claims. */
    public InetSocketAddress source() {
        return source;
    }

    /** The server address and port the header claims; empty: the address the session connects to. */
    public Optional<InetSocketAddress> destination() {
        return Optional.ofNullable(destination);
    }

    private static InetSocketAddress resolved(String what, InetSocketAddress address) {
        Objects.requireNonNull(address, what);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("PROXY header " + what + " must be an IP address, not the unresolved "
                    + address.getHostString());
        }
        return address;
    }

    /** True for IPv4. */
    private static boolean family(InetSocketAddress address) {
        return address.getAddress() instanceof Inet4Address;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ProxyHeader p && p.version == version && p.source.equals(source)
                && Objects.equals(p.destination, destination);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, source, destination);
    }

    @Override
    public String toString() {
        return "PROXY " + version + " " + source + " -> " + (destination == null ? "(the server connected to)" : destination);
    }
}
