package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Issue 12: blocking sessions reuse the selectors of the ones that ended, within a bound, and free them on close. */
class IoHandlerPoolTest {

    private final MultiThreadIoEventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final IoHandlerPool pool = new IoHandlerPool(NioIoHandler.newFactory());

    /** The loops here take their own handler from another pool, so that only the test takes from this one. */
    private final IoHandlerPool loopsOwn = new IoHandlerPool(NioIoHandler.newFactory());

    private final List<CallerDrivenLoop> loops = new ArrayList<>();

    private CallerDrivenLoop loop() {
        var loop = new CallerDrivenLoop(group, loopsOwn);
        loops.add(loop);
        return loop;
    }

    @AfterEach
    void close() {
        loops.forEach(l -> l.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly());
        pool.close();
        loopsOwn.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void theNextLoopGetsTheHandlerOfTheLoopThatEndedRetargetedToIt() {
        IoHandlerPool.Slot slot = pool.take(loop());
        pool.release(slot);

        IoHandlerPool.Slot again = pool.take(loop());

        assertThat(again).isSameAs(slot);
        assertThat(again.isExecutorThread(Thread.currentThread())).isFalse(); // nobody drives the second loop yet
        assertThat(pool.idle()).isZero();
        pool.release(again);
    }

    @Test
    void aPooledHandlerBelongsToNoLoop() {
        IoHandlerPool.Slot slot = pool.take(loop());
        pool.release(slot);
        var ran = new ArrayList<String>();

        slot.execute(() -> ran.add("late"));

        assertThat(slot.isExecutorThread(Thread.currentThread())).isFalse();
        assertThat(ran).containsExactly("late");
    }

    @Test
    void atMostMaxIdleHandlersAreKeptAndTheRestAreClosed() {
        List<IoHandlerPool.Slot> slots = new ArrayList<>();
        for (int i = 0; i < IoHandlerPool.MAX_IDLE + 5; i++) {
            slots.add(pool.take(loop()));
        }
        slots.forEach(pool::release);

        assertThat(pool.idle()).isEqualTo(IoHandlerPool.MAX_IDLE);
    }

    @Test
    void aClosedPoolKeepsNothing() {
        IoHandlerPool.Slot kept = pool.take(loop());
        IoHandlerPool.Slot late = pool.take(loop());
        pool.release(kept);

        pool.close();
        pool.release(late);

        assertThat(pool.idle()).isZero();
        assertThat(pool.take(loop())).isNotSameAs(kept).isNotSameAs(late);
    }
}
