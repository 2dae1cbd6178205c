package dev.smtpprobe.netty.internal;

import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerFactory;
import io.netty.util.concurrent.ThreadAwareExecutor;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Selectors kept for the next blocking session. Every blocking connect drives its I/O on a {@link CallerDrivenLoop}
 * of its own, and an I/O handler (an epoll instance, or a JDK selector with Netty's selected-key set) costs system
 * calls, a few file descriptors and ~10 KB to open and close: more than the rest of a short SMTP conversation's
 * client work. A loop whose channels are all gone hands its handler back here instead of destroying it; the next loop
 * takes the most recently returned one (warm in the cache) and re-targets it.
 * <p>
 * At most {@link #MAX_IDLE} handlers wait here; one idle for longer than {@link #MAX_IDLE_NANOS} is closed when the
 * pool is next used. A handler is pooled only when nothing is registered with it any more (the loop checks its
 * registrations) and after one non-blocking turn that completed the deregistrations, so that no descriptor of an old
 * channel stays open in a pooled selector.
 */
final class IoHandlerPool {

    /** Idle handlers kept: enough for one per thread of a busy blocking client (2–3 descriptors each). */
    static final int MAX_IDLE = 64;
    /** An idle handler older than this is closed instead of reused. */
    static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final IoHandlerFactory factory;
    private final ConcurrentLinkedDeque<Slot> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private volatile boolean closed;

    IoHandlerPool(IoHandlerFactory factory) {
        this.factory = factory;
    }

    /** A handler for {@code loop}: a pooled one re-targeted to it, or a new one. */
    Slot take(CallerDrivenLoop loop) {
        for (Slot s; (s = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            if (System.nanoTime() - s.idleSince > MAX_IDLE_NANOS) {
                s.destroy();
                continue;
            }
            s.owner = loop;
            return s;
        }
        Slot s = new Slot();
        s.owner = loop;
        s.handler = factory.newHandler(s);
        return s;
    }

    /** Keeps {@code slot} (whose loop is done with it) for the next loop, or closes it when enough are kept. */
    void release(Slot slot) {
        slot.owner = null;
        slot.idleSince = System.nanoTime();
        expireOldest();
        if (closed || idleCount.incrementAndGet() > MAX_IDLE) {
            if (closed) {
                slot.destroy();
                return;
            }
            idleCount.decrementAndGet();
            slot.destroy();
            return;
        }
        idle.offerFirst(slot);
    }

    private void expireOldest() {
        Slot oldest = idle.peekLast();
        if (oldest != null && System.nanoTime() - oldest.idleSince > MAX_IDLE_NANOS && idle.removeLastOccurrence(oldest)) {
            idleCount.decrementAndGet();
            oldest.destroy();
        }
    }

    /** Closes the idle handlers (the client is closed); a handler released later is closed at once. */
    void close() {
        closed = true;
        for (Slot s; (s = idle.pollFirst()) != null; ) {
            idleCount.decrementAndGet();
            s.destroy();
        }
    }

    /** Handlers waiting (for tests). */
    int idle() {
        return idleCount.get();
    }

    /**
     * One pooled handler, with the executor Netty's handler asks "is this the I/O thread?" and hands deregistration
     * work: it answers for whichever loop holds the handler now, and for nobody while the handler waits in the pool.
     */
    static final class Slot implements ThreadAwareExecutor {
        private volatile CallerDrivenLoop owner;
        private IoHandler handler;
        private boolean initialized;
        private long idleSince;

        IoHandler handler() {
            return handler;
        }

        /** Runs {@link IoHandler#initialize()} once per handler, not once per loop that uses it. */
        void initializeOnce() {
            if (!initialized) {
                initialized = true;
                handler.initialize();
            }
        }

        @Override
        public boolean isExecutorThread(Thread thread) {
            CallerDrivenLoop loop = owner;
            return loop != null && loop.inEventLoop(thread);
        }

        @Override
        public void execute(Runnable task) {
            CallerDrivenLoop loop = owner;
            if (loop == null) {
                task.run(); // nothing of a channel remains in a pooled handler: late work has nothing to race with
            } else {
                loop.execute(task);
            }
        }

        private void destroy() {
            try {
                handler.prepareToDestroy();
            } finally {
                handler.destroy();
            }
        }
    }
}
