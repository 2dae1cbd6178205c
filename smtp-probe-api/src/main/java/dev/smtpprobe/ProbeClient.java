package dev.smtpprobe;

import dev.smtpprobe.internal.Arguments;
import dev.smtpprobe.internal.MxLookup;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.DnsAnswer;
import dev.smtpprobe.spi.DnsClient;
import dev.smtpprobe.spi.DnsType;
import dev.smtpprobe.spi.Transport;
import dev.smtpprobe.spi.TransportProvider;
import dev.smtpprobe.spi.TranscriptRecorder;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Opens SMTP sessions for as many conversations as needed (a monitor probing thousands of MX hosts uses one client):
 * its {@link ClientOptions} (I/O threads, the DNS resolver every lookup goes through) are shared by all of them, its
 * {@link ProbeOptions} are the sessions' defaults, which one session can replace
 * ({@link #connect(String, int, ProbeOptions)}). Thread-safe. Close it to release the threads; its threads are
 * daemon threads, so an unclosed client does not keep the JVM alive.
 */
public final class ProbeClient implements AutoCloseable {

    private final ClientOptions clientOptions;
    private final ProbeOptions options;
    private final Transport transport;
    private final MxLookup dns;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** How many transcript lines this client's sessions needed (capped): where a new session's record starts. */
    private final java.util.concurrent.atomic.AtomicInteger typicalTranscriptCapacity =
            new java.util.concurrent.atomic.AtomicInteger();

    private ProbeClient(ClientOptions clientOptions, ProbeOptions options, Transport transport) {
        this.clientOptions = clientOptions;
        this.options = options;
        this.transport = transport;
        this.dns = new MxLookup(new LazyDns(transport));
    }

    /** A client with {@link ClientOptions#DEFAULT} and {@link ProbeOptions#DEFAULT}. */
    public static ProbeClient create() {
        return create(ClientOptions.DEFAULT, ProbeOptions.DEFAULT);
    }

    /** A client with {@link ClientOptions#DEFAULT} whose sessions have these options. */
    public static ProbeClient create(ProbeOptions sessionOptions) {
        return create(ClientOptions.DEFAULT, sessionOptions);
    }

    /** A client with these client options whose sessions have {@link ProbeOptions#DEFAULT}. */
    public static ProbeClient create(ClientOptions clientOptions) {
        return create(clientOptions, ProbeOptions.DEFAULT);
    }

    /**
     * A client with these client options (I/O threads, resolver) whose sessions have {@code sessionOptions} unless
     * a connect gives others, on the transport found through {@link ServiceLoader}.
     *
     * @throws IllegalStateException when no transport is on the class or module path
     */
    public static ProbeClient create(ClientOptions clientOptions, ProbeOptions sessionOptions) {
        Objects.requireNonNull(clientOptions, "clientOptions");
        Objects.requireNonNull(sessionOptions, "sessionOptions");
        TransportProvider provider = ServiceLoader.load(TransportProvider.class, ProbeClient.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no smtp-probe transport found: add the artifact"
                        + " dev.smtpprobe:smtp-probe-netty to the class path or module path"));
        return new ProbeClient(clientOptions, sessionOptions, provider.create(clientOptions));
    }

    /** What this client owns for all its sessions: I/O threads and the DNS resolver. */
    public ClientOptions clientOptions() {
        return clientOptions;
    }

    /** The options of every session this client opens unless a connect gives others. */
    public ProbeOptions options() {
        return options;
    }

    /** Connects to port 25 and reads the greeting. */
    public SmtpSession connect(String host) {
        return connect(host, Probe.SMTP_PORT);
    }

    /** Async {@link #connect(String)}. */
    public CompletableFuture<SmtpSession> connectAsync(String host) {
        return connectAsync(host, Probe.SMTP_PORT);
    }

    /**
     * Connects and reads the greeting (RFC 5321 §3.1).
     *
     * @throws ConnectFailedException        when the TCP connection cannot be opened (with the reason)
     * @throws StepTimeoutException          when no greeting comes in time
     * @throws InvalidArgumentException      when the host name carries CR, LF, NUL, spaces or non-ASCII
     * @throws IllegalStateException         when this client is closed (nothing is sent)
     */
    public SmtpSession connect(String host, int port) {
        return connect(host, port, options);
    }

    /**
     * Connects with other options for this one session (timeouts, TLS, limits, transcript listener, ...); the
     * host is still resolved, and the connection made, with this client's {@link ClientOptions}.
     */
    public SmtpSession connect(String host, int port, ProbeOptions sessionOptions) {
        if (transport.onIoThread()) {
            throw new IllegalStateException("blocking connect called on the transport's I/O thread would deadlock;"
                    + " use connectAsync there (nothing was sent)");
        }
        var recorder = checkedConnect(host, port, sessionOptions);
        // the transport may let this thread (and the threads of later blocking steps) drive the connection's I/O
        Connection connection = join(transport.connectBlocking(host, port, sessionOptions, recorder));
        var core = new SessionCore(connection, recorder, sessionOptions, host);
        Reply greeting = core.await(core::greeting, Step.GREETING, sessionOptions.timeouts().greeting());
        return new SmtpSession(core, greeting);
    }

    /**
     * Async {@link #connect(String, int)}: completes with the session once the greeting has been read.
     *
     * @throws IllegalStateException when this client is closed (nothing is sent)
     */
    public CompletableFuture<SmtpSession> connectAsync(String host, int port) {
        return connectAsync(host, port, options);
    }

    /**
     * Async {@link #connect(String, int, ProbeOptions)}.
     *
     * @throws IllegalStateException when this client is closed (nothing is sent)
     */
    public CompletableFuture<SmtpSession> connectAsync(String host, int port, ProbeOptions sessionOptions) {
        ProbeOptions options = sessionOptions;
        var recorder = checkedConnect(host, port, sessionOptions);
        return transport.connect(host, port, options, recorder).thenCompose(connection -> {
            var core = new SessionCore(connection, recorder, options, host);
            return core.greeting().thenApply(greeting -> new SmtpSession(core, greeting));
        });
    }

    /** Refuses a connect on a closed client or to a bad host or port (nothing is sent); the session's recorder. */
    private TranscriptRecorder checkedConnect(String host, int port, ProbeOptions sessionOptions) {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(sessionOptions, "sessionOptions");
        requireOpen("connect to " + host);
        var recorder = new TranscriptRecorder(sessionOptions.transcriptListener(), sessionOptions.transcriptMaxLines(),
                sessionOptions.transcriptMaxBytes(), typicalTranscriptCapacity);
        Arguments.check(host, false).ifPresent(p -> {
            throw new InvalidArgumentException("host", p.index(), p.why(), recorder.snapshot());
        });
        if (host.isEmpty()) {
            throw new InvalidArgumentException("host", -1, "empty", recorder.snapshot());
        }
        if (port < 1 || port > 65535) {
            throw new InvalidArgumentException("port", -1, "must be 1-65535, not " + port, recorder.snapshot());
        }
        return recorder;
    }

    /**
     * The mail exchangers of {@code domain} as RFC 5321 §5.1 finds them: MX records in preference order with their
     * addresses, the domain's own A/AAAA when it has no MX, a null MX (RFC 7505) and a domain that does not exist
     * reported as such. Asks the servers of {@link ClientOptions#dns()}.
     *
     * @throws DnsLookupException       when no server answers in time, or answers SERVFAIL/REFUSED
     * @throws InvalidArgumentException when {@code domain} is not a domain name (IDNs go in A-label form)
     * @throws IllegalStateException    when this client is closed (nothing is asked)
     */
    public MxResult mx(String domain) {
        return join(mxAsync(domain));
    }

    /** Async {@link #mx(String)}. */
    public CompletableFuture<MxResult> mxAsync(String domain) {
        Objects.requireNonNull(domain, "domain");
        requireOpen("MX lookup of " + domain);
        return dns.mx(domain);
    }

    /**
     * The IPv4 and IPv6 addresses of {@code host} from the servers of {@link ClientOptions#dns()}; empty if none.
     *
     * @throws IllegalStateException when this client is closed (nothing is asked)
     */
    public List<InetAddress> addresses(String host) {
        return join(addressesAsync(host));
    }

    /** Async {@link #addresses(String)}. */
    public CompletableFuture<List<InetAddress>> addressesAsync(String host) {
        Objects.requireNonNull(host, "host");
        requireOpen("address lookup of " + host);
        return dns.addresses(host);
    }

    /**
     * The names the reverse DNS (PTR) of {@code address} gives — what a receiving MTA compares with the EHLO name
     * and the banner; empty when there is none.
     *
     * @throws DnsLookupException   when no server answers in time, or answers SERVFAIL/REFUSED
     * @throws IllegalStateException when this client is closed (nothing is asked)
     */
    public List<String> reverseDns(InetAddress address) {
        return join(reverseDnsAsync(address));
    }

    /** Async {@link #reverseDns(InetAddress)}. */
    public CompletableFuture<List<String>> reverseDnsAsync(InetAddress address) {
        Objects.requireNonNull(address, "address");
        requireOpen("reverse lookup of " + address.getHostAddress());
        return dns.reverse(address);
    }

    /**
     * The TLSA records of {@code name} — for DANE (RFC 7672 §2.2) {@code _25._tcp.} and the MX host name — asked with
     * the DO bit, and whether the resolver of {@link ClientOptions#dns()} validated them with DNSSEC
     * ({@link DnsRecords#authenticated()}, the AD bit). DANE is only as good as that resolver: use a local
     * validating one.
     *
     * @throws DnsLookupException       when no server answers in time, or answers SERVFAIL/REFUSED (for DANE a
     *                                  SERVFAIL is itself a finding: senders defer mail, RFC 7672 §2.2)
     * @throws InvalidArgumentException when {@code name} is not a domain name
     * @throws IllegalStateException    when this client is closed (nothing is asked)
     */
    public DnsRecords<TlsaRecord> tlsa(String name) {
        return join(tlsaAsync(name));
    }

    /** Async {@link #tlsa(String)}. */
    public CompletableFuture<DnsRecords<TlsaRecord>> tlsaAsync(String name) {
        Objects.requireNonNull(name, "name");
        requireOpen("TLSA lookup of " + name);
        return dns.tlsa(name);
    }

    /**
     * The TXT records of {@code name} — for example {@code _mta-sts.example.com} (RFC 8461 §3.1) or
     * {@code _smtp._tls.example.com} (RFC 8460 §3) — each record's character-strings joined into one text, asked with
     * the DO bit ({@link DnsRecords#authenticated()} tells whether the resolver validated them).
     *
     * @throws DnsLookupException       when no server answers in time, or answers SERVFAIL/REFUSED
     * @throws InvalidArgumentException when {@code name} is not a domain name
     * @throws IllegalStateException    when this client is closed (nothing is asked)
     */
    public DnsRecords<String> txt(String name) {
        return join(txtAsync(name));
    }

    /** Async {@link #txt(String)}. */
    public CompletableFuture<DnsRecords<String>> txtAsync(String name) {
        Objects.requireNonNull(name, "name");
        requireOpen("TXT lookup of " + name);
        return dns.txt(name);
    }

    private <T> T join(CompletableFuture<T> future) {
        if (transport.onIoThread()) {
            throw new IllegalStateException("blocking call on the transport's I/O thread would deadlock;"
                    + " use the async form there");
        }
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
            throw SessionCore.onCallerThread(e); // a copy created here, with the I/O thread's as its cause
        }
    }

    /** Creates the transport's DNS client only when a lookup is made. */
    private static final class LazyDns implements DnsClient {
        private final Transport transport;

        LazyDns(Transport transport) {
            this.transport = transport;
        }

        @Override
        public CompletableFuture<DnsAnswer> query(String name, DnsType type) {
            return transport.dns().query(name, type);
        }
    }

    /** Whether {@link #close()} was called; a closed client refuses every connect and lookup. */
    public boolean isClosed() {
        return closed.get();
    }

    private void requireOpen(String what) {
        if (closed.get()) {
            throw new IllegalStateException("this ProbeClient is closed: " + what + " refused, nothing was sent"
                    + " (create a new client)");
        }
    }

    /**
     * Releases the I/O threads and closes any connection still open. Afterwards every connect and lookup fails at
     * once with {@link IllegalStateException}. Calling it again does nothing.
     */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            transport.close();
        }
    }
}
