package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 12: the driving thread queues its own tasks without an atomic operation, and still every task runs in the
 * order it came, whichever thread queued it, as on any event loop (a write queued by the caller before it let
 * another thread go on must not be overtaken by what that thread queues next, nor overtake it).
 */
class CallerDrivenLoopTaskOrderTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final IoHandlerPool pool = new IoHandlerPool(NioIoHandler.newFactory());
    private final CallerDrivenLoop loop = new CallerDrivenLoop(group, pool);

    @AfterEach
    void close() {
        loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
        pool.close();
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void tasksOfTheDriverAndOfAnotherThreadRunInTheOrderTheyCame() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());

        loop.await(() -> {
            loop.execute(() -> ran.add("driver 1"));
            queueFromAnotherThread(() -> ran.add("other 1")); // after "driver 1", before "driver 2"
            loop.execute(() -> ran.add("driver 2"));
            queueFromAnotherThread(() -> ran.add("other 2"));
            loop.execute(() -> ran.add("driver 3"));
            var done = new CompletableFuture<Void>();
            loop.execute(() -> done.complete(null));
            return done;
        }, TimeUnit.SECONDS.toNanos(5));

        assertThat(ran).containsExactly("driver 1", "other 1", "driver 2", "other 2", "driver 3");
    }

    @Test
    void aTaskQueuedByATaskOfTheDriverComesAfterThoseQueuedBeforeIt() throws Exception {
        List<String> ran = Collections.synchronizedList(new ArrayList<>());
        var done = new CompletableFuture<Void>();

        loop.await(() -> {
            loop.execute(() -> {
                ran.add("first");
                loop.execute(() -> { // from within a turn: behind "other", which came before it
                    ran.add("nested");
                    done.complete(null);
                });
            });
            queueFromAnotherThread(() -> ran.add("other"));
            return done;
        }, TimeUnit.SECONDS.toNanos(5));

        assertThat(ran).containsExactly("first", "other", "nested");
    }

    /** Queues {@code task} from a new thread and waits until it is queued: it happened before what follows. */
    private void queueFromAnotherThread(Runnable task) {
        var other = new Thread(() -> loop.execute(task));
        other.start();
        try {
            other.join();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
