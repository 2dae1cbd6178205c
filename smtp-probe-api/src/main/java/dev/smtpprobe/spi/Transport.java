package dev.smtpprobe.spi;

import dev.smtpprobe.ProbeOptions;
import java.util.concurrent.CompletableFuture;

/** Opens SMTP connections on a shared set of I/O threads; one per {@link dev.smtpprobe.ProbeClient}. */
public interface Transport extends AutoCloseable {

    /**
     * Resolves {@code host}, connects within {@code options.timeouts().connect()} and starts waiting for the
     * greeting. Fails with {@link dev.smtpprobe.ConnectFailedException}.
     */
    CompletableFuture<Connection> connect(String host, int port, ProbeOptions options, TranscriptRecorder recorder);

    /**
     * The DNS client of this transport, asking the servers of {@link ProbeOptions#dns()} given when the transport
     * was created; created on first use and closed with the transport.
     */
    DnsClient dns();

    /** True when the calling thread is one of this transport's I/O threads (blocking there would deadlock). */
    boolean onIoThread();

    /** Releases the I/O threads; open connections are closed. */
    @Override
    void close();
}
