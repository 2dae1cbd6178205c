package dev.smtpprobe;

import java.util.Objects;

/**
 * What a {@link ProbeClient} owns for all its sessions: the transport's I/O threads and the DNS resolver every
 * lookup goes through — the A/AAAA of each host a session connects to, MX (RFC 5321 §5.1) and PTR. Fixed when the
 * client is created; what a single session may change (timeouts, TLS, limits, listener) is in {@link ProbeOptions}.
 * Immutable; build with {@link #builder()} or derive with {@link #toBuilder()}.
 *
 * <pre>{@code
 * var clientOptions = ClientOptions.builder().ioThreads(4).dns(DnsOptions.servers(resolver)).build();
 * try (var client = ProbeClient.create(clientOptions, ProbeOptions.DEFAULT)) { ... }
 * }</pre>
 */
public final class ClientOptions {

    /** Default number of transport I/O threads: 0 lets the transport choose (Netty: two per core). */
    public static final int DEFAULT_IO_THREADS = 0;
    /** Default resolver: the system's ({@link DnsOptions#SYSTEM}). */
    public static final DnsOptions DEFAULT_DNS = DnsOptions.SYSTEM;

    /** Every option at its default. */
    public static final ClientOptions DEFAULT = builder().build();

    private final int ioThreads;
    private final DnsOptions dns;

    private ClientOptions(Builder b) {
        this.ioThreads = b.ioThreads;
        this.dns = b.dns;
    }

    /** A builder with every option at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        var b = new Builder();
        b.ioThreads = ioThreads;
        b.dns = dns;
        return b;
    }

    /** The number of I/O threads of the client's event loop (0: the transport's default). */
    public int ioThreads() {
        return ioThreads;
    }

    /**
     * Where every name lookup of the client goes: the host each session connects to (A/AAAA),
     * {@link ProbeClient#mx(String)}, {@link ProbeClient#addresses(String)} and {@link ProbeClient#reverseDns}.
     */
    public DnsOptions dns() {
        return dns;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientOptions other && ioThreads == other.ioThreads && dns.equals(other.dns);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ioThreads, dns);
    }

    @Override
    public String toString() {
        return "ClientOptions[ioThreads=" + ioThreads + ", dns=" + dns + "]";
    }

    /** Builds {@link ClientOptions}. Not thread-safe; the options it builds are. */
    public static final class Builder {
        private int ioThreads = DEFAULT_IO_THREADS;
        private DnsOptions dns = DEFAULT_DNS;

        private Builder() {}

        /** I/O threads of the client's event loop; default {@value ClientOptions#DEFAULT_IO_THREADS} (the transport chooses). */
        public Builder ioThreads(int ioThreads) {
            if (ioThreads < 0) {
                throw new IllegalArgumentException("ioThreads must be >= 0, not " + ioThreads);
            }
            this.ioThreads = ioThreads;
            return this;
        }

        /**
         * The resolver for every lookup; default {@link DnsOptions#SYSTEM} (the system's resolver, as the JDK's
         * {@code InetAddress} uses it, also for the host a session connects to). With servers named, the connected
         * host's A/AAAA records come from those servers too, not from the system resolver or its hosts file.
         */
        public Builder dns(DnsOptions dns) {
            this.dns = Objects.requireNonNull(dns, "dns");
            return this;
        }

        /** The options. */
        public ClientOptions build() {
            return new ClientOptions(this);
        }
    }
}
