package dev.smtpprobe.spi;

import dev.smtpprobe.ProbeOptions;
import java.util.concurrent.CompletableFuture;

/**
 * Opens SMTP connections on a shared set of I/O threads; one per {@link dev.smtpprobe.ProbeClient}, made by a
 * {@link TransportProvider} from the client's {@link dev.smtpprobe.ClientOptions}. For transport implementations
 * only, not for application code.
 */
public interface Transport extends AutoCloseable {

    /**
     * Resolves {@code host} through the client's {@link dev.smtpprobe.ClientOptions#dns()} (the system resolver
     * for {@link dev.smtpprobe.DnsOptions#SYSTEM}, else A/AAAA queries to the named servers), connects within
     * {@code options.timeouts().connect()} and starts waiting for the greeting. Fails with
     * {@link dev.smtpprobe.ConnectFailedException}; fails with {@link IllegalStateException} once the transport is
     * closed.
     *
     * @param options the session's options (timeouts, TLS, limits)
     */
    CompletableFuture<Connection> connect(String host, int port, ProbeOptions options, TranscriptRecorder recorder);

    /**
     * {@link #connect} for a session that a blocking call opens: the transport may give the connection I/O that the
     * threads waiting for it drive themselves ({@link Connection#await}), and then drives the connect on the calling
     * thread and returns a completed future. By default it is {@link #connect}.
     *
     * @param options the session's options (timeouts, TLS, limits)
     */
    default CompletableFuture<Connection> connectBlocking(String host, int port, ProbeOptions options,
            TranscriptRecorder recorder) {
        return connect(host, port, options, recorder);
    }

    /**
     * The DNS client of this transport, asking the servers of the {@link dev.smtpprobe.ClientOptions#dns()} given
     * when the transport was created; created on first use and closed with the transport.
     *
     * @throws IllegalStateException once the transport is closed
     */
    DnsClient dns();

    /** True when the calling thread is one of this transport's I/O threads (blocking there would deadlock). */
    boolean onIoThread();

    /** Releases the I/O threads; open connections are closed. */
    @Override
    void close();
}
