package dev.smtpprobe;

import dev.smtpprobe.spi.ContentSink;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A message read from the caller's stream while it is sent, never held whole: parts of {@link #PART} octets, each
 * read once the previous one has been written (backpressure), on the caller's thread for a blocking step and on a
 * reader thread for an async one, never on the transport's I/O thread (a slow stream would stall the timers of
 * every session sharing it).
 */
final class StreamedMessage {

    /** Octets read from the stream at a time; the one buffer a streamed message holds. */
    static final int PART = 64 * 1024;

    private StreamedMessage() {}

    /** Threads that read the streams of async steps: daemon, created on demand, gone after a minute idle. */
    static final Executor READERS = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), r -> {
                var t = new Thread(r, "smtp-probe-content-reader");
                t.setDaemon(true);
                return t;
            });

    /** How long the transport may take to write one part: it encodes into at most three blocks. */
    private static Duration partBound(SessionCore core) {
        return core.options().timeouts().dataBlock().multipliedBy(3);
    }

    /** The blocking form: reads on this thread, waits for each part to be written, then for the reply. */
    static Reply sendBlocking(SessionCore core, ContentSink sink, InputStream in) {
        byte[] part = new byte[PART];
        Duration bound = partBound(core);
        while (true) {
            int n = read(core, sink, in, part);
            if (n > 0) {
                core.join(sink.write(part, 0, n), Step.DATA_CONTENT, bound);
            }
            if (n < PART) {
                Timeouts t = core.options().timeouts();
                return core.join(sink.end(), Step.DATA_CONTENT, t.dataBlock().plus(t.dataEnd()));
            }
        }
    }

    /** The async form: each part is read on a reader thread once the previous one has been written. */
    static CompletableFuture<Reply> sendAsync(SessionCore core, ContentSink sink, InputStream in) {
        var result = new CompletableFuture<Reply>();
        var pump = new Runnable() {
            private final byte[] part = new byte[PART];

            @Override
            public void run() {
                int n;
                try {
                    n = read(core, sink, in, part);
                } catch (ContentReadException e) {
                    result.completeExceptionally(e);
                    return;
                }
                CompletableFuture<Void> written = n > 0 ? sink.write(part, 0, n) : CompletableFuture.completedFuture(null);
                written.whenComplete((v, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                    } else if (n < PART) {
                        sink.end().whenComplete((reply, f) -> {
                            if (f != null) {
                                result.completeExceptionally(f);
                            } else {
                                result.complete(reply);
                            }
                        });
                    } else {
                        READERS.execute(this); // off the I/O thread that completed the write
                    }
                });
            }
        };
        READERS.execute(pump);
        return result;
    }

    /**
     * Fills {@code part} from the stream ({@code < PART} only at its end); a failure of the stream cuts the content:
     * the session ends and a {@link ContentReadException} is thrown.
     */
    private static int read(SessionCore core, ContentSink sink, InputStream in, byte[] part) {
        try {
            return in.readNBytes(part, 0, part.length);
        } catch (IOException | RuntimeException e) {
            throw core.contentReadFailed(Step.DATA_CONTENT, sink.written(), e, sink::abort);
        }
    }
}
