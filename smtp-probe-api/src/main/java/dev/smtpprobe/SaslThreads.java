package dev.smtpprobe;

import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where SASL mechanisms compute their responses: a small pool of daemon threads shared by every client, never the
 * transport's I/O thread. SCRAM's iteration count is the server's choice (RFC 5802 §2.2); on an event loop, one
 * server asking for millions of iterations would delay every other session's reads and timers on that loop.
 * One thread per core at most; idle threads end after a few seconds.
 */
final class SaslThreads {

    /** At most one SASL computation per core runs at once; the others queue. */
    static final int THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private static final AtomicInteger COUNT = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = pool();

    private SaslThreads() {}

    private static ThreadPoolExecutor pool() {
        var pool = new ThreadPoolExecutor(THREADS, THREADS, 5, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), task -> {
            Thread t = new Thread(task, "smtp-probe-sasl-" + COUNT.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** The executor for mechanism calls. */
    static Executor executor() {
        return POOL;
    }
}
