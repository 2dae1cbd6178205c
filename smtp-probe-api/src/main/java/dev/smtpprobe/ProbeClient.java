package dev.smtpprobe;

import dev.smtpprobe.internal.Arguments;
import dev.smtpprobe.spi.Transport;
import dev.smtpprobe.spi.TransportProvider;
import dev.smtpprobe.spi.TranscriptRecorder;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;

/**
 * Opens SMTP sessions with one set of {@link ProbeOptions} on one shared set of I/O threads, for as many
 * sessions as needed (a monitor probing thousands of MX hosts uses one client). Thread-safe. Close it to release
 * the threads; its threads are daemon threads, so an unclosed client does not keep the JVM alive.
 */
public final class ProbeClient implements AutoCloseable {

    private final ProbeOptions options;
    private final Transport transport;

    private ProbeClient(ProbeOptions options, Transport transport) {
        this.options = options;
        this.transport = transport;
    }

    /** A client with {@link ProbeOptions#DEFAULT}. */
    public static ProbeClient create() {
        return create(ProbeOptions.DEFAULT);
    }

    /**
     * A client with these options, on the transport found through {@link ServiceLoader}.
     *
     * @throws IllegalStateException when no transport is on the class or module path
     */
    public static ProbeClient create(ProbeOptions options) {
        Objects.requireNonNull(options, "options");
        TransportProvider provider = ServiceLoader.load(TransportProvider.class, ProbeClient.class.getClassLoader())
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no smtp-probe transport found: add the artifact"
                        + " dev.smtpprobe:smtp-probe-netty to the class path or module path"));
        return new ProbeClient(options, provider.create(options));
    }

    /** The options of every session this client opens. */
    public ProbeOptions options() {
        return options;
    }

    /** Connects to port 25 and reads the greeting. */
    public SmtpSession connect(String host) {
        return connect(host, Probe.SMTP_PORT);
    }

    /**
     * Connects and reads the greeting (RFC 5321 §3.1).
     *
     * @throws ConnectFailedException        when the TCP connection cannot be opened (with the reason)
     * @throws StepTimeoutException          when no greeting comes in time
     * @throws InvalidArgumentException      when the host name carries CR, LF, NUL, spaces or non-ASCII
     */
    public SmtpSession connect(String host, int port) {
        if (transport.onIoThread()) {
            throw new IllegalStateException("blocking connect called on the transport's I/O thread would deadlock;"
                    + " use connectAsync there (nothing was sent)");
        }
        var future = connectAsync(host, port);
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw e;
        }
    }

    /** Async {@link #connect(String, int)}: completes with the session once the greeting has been read. */
    public CompletableFuture<SmtpSession> connectAsync(String host, int port) {
        Objects.requireNonNull(host, "host");
        var recorder = new TranscriptRecorder(options.transcriptListener());
        Arguments.check(host, false).ifPresent(p -> {
            throw new InvalidArgumentException("host", p.index(), p.why(), recorder.snapshot());
        });
        if (host.isEmpty()) {
            throw new InvalidArgumentException("host", -1, "empty", recorder.snapshot());
        }
        if (port < 1 || port > 65535) {
            throw new InvalidArgumentException("port", -1, "must be 1-65535, not " + port, recorder.snapshot());
        }
        return transport.connect(host, port, options, recorder).thenCompose(connection -> {
            var core = new SessionCore(connection, recorder, options, host);
            return connection.greeting().thenApply(greeting -> new SmtpSession(core, greeting));
        });
    }

    /** Releases the I/O threads and closes any connection still open. */
    @Override
    public void close() {
        transport.close();
    }
}
