package dev.smtpprobe.netty.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.IoEventLoop;
import io.netty.channel.IoEventLoopGroup;
import io.netty.channel.IoHandle;
import io.netty.channel.IoHandler;
import io.netty.channel.IoHandlerContext;
import io.netty.channel.IoRegistration;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The event loop of one session opened by a blocking connect: no thread of its own, the thread that waits for a
 * step runs the session's I/O (NIO selector, tasks, timers) itself until the step's future is done, so a blocking
 * step costs no hand-off between threads (issue 12). Netty's {@code ManualIoEventLoop} does the same but binds the
 * loop to one thread for ever ({@code setOwningThread} may be called once); a session may be handed from one thread
 * to the next, or used with its async steps, so here the loop belongs to whichever thread drives it at the moment
 * (at most one at a time) and to nobody in between.
 * <p>
 * Work that arrives while nobody drives (an async step, {@code cancel()}, the session deadline, the client being
 * closed) is driven by a background thread from a small shared pool, only until it is done: that is the one case
 * with a hand-off between threads. A blocking step that finds the background thread driving waits for it, as the
 * shared event loops' callers do.
 * <p>
 * Timers ({@link #schedule}) fire while a thread drives: the selector waits at most until the next timer's deadline
 * (the {@link IoHandlerContext} below), as in Netty's own loops. A task submitted from another thread wakes the
 * driving thread's selector; nothing is woken when nobody drives.
 * <p>
 * Once the channel is closed the loop is shut down at the end of the driving step: its selector is closed, no thread
 * remains. A task that comes after that (a late close, a write to the closed channel) runs on the thread submitting
 * it, since nothing of the channel remains to protect.
 */
final class CallerDrivenLoop extends AbstractScheduledEventExecutor implements IoEventLoop {

    /** The loop the current thread drives, for "blocking here would deadlock" checks ({@link #drivenByCurrentThread}). */
    private static final ThreadLocal<CallerDrivenLoop> DRIVING = new ThreadLocal<>();

    /** Drives loops with work that no caller drives (mixed async use, cancel, deadline); idle threads end after 10 s. */
    private static final ExecutorService BACKGROUND = background();

    /**
     * The longest single wait for I/O; the loop then checks its deadline and the interrupt again. An interrupt wakes
     * a JDK selector at once, but not the native epoll_wait: there the loop looks again every 50 ms, so that an
     * interrupted caller gets its InterruptedStepException within that (a waiting thread's 20 wake-ups a second cost
     * microseconds; a session nobody waits on is not driven at all).
     */
    private static final long MAX_WAIT_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final long MAX_WAIT_UNINTERRUPTIBLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /** Tasks from any thread, in the order they came (after {@link #ownTasks}). */
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /**
     * The head of the task queue: tasks the driving thread submitted while {@link #tasks} was empty (a blocking
     * caller's writes, the usual case), queued without an atomic operation. Every task here is older than every task
     * in {@link #tasks}, so the two together run in the order they came ({@link #nextTask}). Only the driver touches
     * it; a new driver takes it over through {@link #driver}'s compare-and-set.
     */
    private final java.util.ArrayDeque<Runnable> ownTasks = new java.util.ArrayDeque<>();
    private final IoEventLoopGroup parent;
    private final IoHandlerPool pool;
    private final IoHandlerPool.Slot slot;
    private final IoHandler handler;
    /** {@link #MAX_WAIT_NANOS}, or less when an interrupt does not wake the handler's wait. */
    private final long maxWaitNanos;
    /** What this loop registered with the handler (one channel, in practice); only the driving thread touches it. */
    private final List<IoRegistration> registrations = new ArrayList<>(1);
    private final AtomicReference<Thread> driver = new AtomicReference<>();
    private final AtomicBoolean backgroundQueued = new AtomicBoolean();
    private final Promise<Void> termination = new DefaultPromise<>(GlobalEventExecutor.INSTANCE);
    private final Context context = new Context();
    /** Wakes the driver when a future it waits for completes on another thread (one instance, no lambda per wait). */
    private final java.util.function.BiConsumer<Object, Throwable> wakeOnCompletion = (v, e) -> wakeup();
    private volatile boolean shuttingDown;
    private volatile boolean terminated;
    /** True while the driving thread runs a turn (I/O callbacks, tasks); only the driving thread reads or writes it. */
    private boolean inTurn;

    /** A loop whose I/O handler comes from {@code pool} (and goes back there when the loop's channel is gone). */
    CallerDrivenLoop(IoEventLoopGroup parent, IoHandlerPool pool) {
        this.parent = parent;
        this.pool = pool;
        this.slot = pool.take(this);
        this.handler = slot.handler();
        this.maxWaitNanos = handler instanceof io.netty.channel.nio.NioIoHandler
                ? MAX_WAIT_NANOS : MAX_WAIT_UNINTERRUPTIBLE_NANOS;
    }

    /** True when the current thread is driving some caller-driven loop (a blocking call here would nest). */
    static boolean drivenByCurrentThread() {
        return DRIVING.get() != null;
    }

    /**
     * Runs {@code call} and waits for its future, for at most {@code timeoutNanos}, running this loop's I/O, tasks and
     * timers on the calling thread meanwhile. When another thread drives the loop (the background thread), waits for
     * the future as any thread waits for an event loop's work.
     *
     * @throws IllegalStateException when the calling thread drives this loop already (from a callback of a step)
     */
    <T> T await(Supplier<CompletableFuture<T>> call, long timeoutNanos)
            throws InterruptedException, ExecutionException, TimeoutException {
        Thread me = Thread.currentThread();
        if (!driver.compareAndSet(null, me)) {
            if (driver.get() == me) {
                if (inTurn) {
                    throw new IllegalStateException("a blocking call from a callback of the same session would deadlock");
                }
                // a part of the step this thread is starting (a streamed message's next part, read and handed over
                // on the caller's thread): no I/O callback is running, so this thread drives on for it
                CompletableFuture<T> future = call.get();
                if (!future.isDone()) {
                    drive(future, timeoutNanos);
                }
                return future.get();
            }
            return call.get().get(timeoutNanos, TimeUnit.NANOSECONDS); // the background thread drives: wait for it
        }
        CallerDrivenLoop outer = DRIVING.get();
        DRIVING.set(this);
        try {
            CompletableFuture<T> future = call.get();
            if (!future.isDone()) {
                drive(future, timeoutNanos);
            }
            return future.get();
        } finally {
            DRIVING.set(outer);
            release();
        }
    }

    /** Runs the loop until {@code future} is done; a completion on another thread wakes the selector. */
    private void drive(CompletableFuture<?> future, long timeoutNanos) throws InterruptedException, TimeoutException {
        future.whenComplete(wakeOnCompletion);
        long deadline = System.nanoTime() + timeoutNanos;
        while (!future.isDone()) {
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException();
            }
            if (terminated) { // the channel is gone: its tasks only fail what comes late; or another thread completes
                runTasks();
                try {
                    future.get(Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    return; // done; the caller reads the failure
                } catch (TimeoutException e) {
                    // look at the tasks again
                }
                continue;
            }
            runOnce(Math.min(left, maxWaitNanos));
        }
    }

    /**
     * Ends this thread's turn: what is queued runs first (without waiting for I/O), so that nothing waits for a driver
     * that has gone (a close, a flush); a loop whose channel closed is shut down. Tasks that arrive later, or remain,
     * go to the background.
     */
    private void release() {
        for (int i = 0; i < 64 && (!tasks.isEmpty() || !ownTasks.isEmpty()) && !terminated; i++) {
            runOnce(-1);
        }
        if (shuttingDown && !terminated) {
            runOnce(-1); // ends with the shutdown: selector closed here, not on a background thread
        }
        if (terminated) {
            runTasks(); // what the close left: nothing else would run it
        }
        boolean ownLeft = !ownTasks.isEmpty(); // read while still driving: the next driver owns the queue
        driver.set(null);
        // re-checked after letting go: a task added meanwhile may have seen us still driving. Timers alone are no
        // reason: they belong to the step a blocking caller is about to wait for (the greeting after the connect)
        if (!terminated && (ownLeft || !tasks.isEmpty() || shuttingDown)) {
            driveInBackground();
        }
    }

    /**
     * When nobody drives: one turn without waiting on this thread, so that what has arrived (a close by the server)
     * is seen; does nothing while another thread drives, or from within a turn.
     */
    void catchUp() {
        if (terminated || !driver.compareAndSet(null, Thread.currentThread())) {
            return;
        }
        CallerDrivenLoop outer = DRIVING.get();
        DRIVING.set(this);
        try {
            runOnce(-1);
        } finally {
            DRIVING.set(outer);
            release();
        }
    }

    /** Whether anything is left that only a driver can do: tasks, timers (a step waiting), an unfinished shutdown. */
    private boolean needsDriving() {
        return !terminated && (!tasks.isEmpty() || nextScheduledTaskDeadlineNanos() != -1 || shuttingDown);
    }

    private void driveInBackground() {
        if (backgroundQueued.compareAndSet(false, true)) {
            BACKGROUND.execute(this::backgroundTurn);
        }
    }

    /** On a background thread: drives while there is work (see {@link #needsDriving}), then lets go. */
    private void backgroundTurn() {
        backgroundQueued.set(false);
        if (!driver.compareAndSet(null, Thread.currentThread())) {
            return; // a caller drives: it hands back at release what remains
        }
        DRIVING.set(this);
        boolean ownLeft;
        try {
            while (!ownTasks.isEmpty() || needsDriving()) {
                runOnce(MAX_WAIT_NANOS);
            }
        } finally {
            DRIVING.remove();
            ownLeft = !ownTasks.isEmpty(); // read while still driving (a turn that threw may leave some)
            driver.set(null);
        }
        if (ownLeft || needsDriving()) {
            driveInBackground();
        }
    }

    /**
     * One turn on the driving thread: I/O (waiting at most {@code waitNanos} and never past the next timer, not at
     * all when negative or when tasks wait), then the due timers and the queued tasks; then the shutdown if asked.
     */
    private void runOnce(long waitNanos) {
        slot.initializeOnce();
        if (terminated) {
            runTasks();
            return;
        }
        context.maxBlockingNanos = waitNanos;
        inTurn = true; // I/O callbacks and tasks run now: a blocking call from one of them is refused
        try {
            handler.run(context);
            runTasks();
        } finally {
            inTurn = false;
        }
        if (shuttingDown) {
            terminate();
        }
    }

    private int runTasks() {
        fetchFromScheduledTaskQueue(tasks);
        int ran = 0;
        for (Runnable task; (task = nextTask()) != null; ran++) {
            safeExecute(task);
        }
        return ran;
    }

    /** The oldest task: the head ({@link #ownTasks}) first, then the rest in the order they came. */
    private Runnable nextTask() {
        Runnable task = ownTasks.poll();
        return task != null ? task : tasks.poll();
    }

    /**
     * On the driving thread: closes what is registered and runs what that queued; then the handler goes back to the
     * pool when nothing of this loop is registered with it any more (after one non-blocking turn, which completes
     * the deregistration and so the close of the channel's descriptor), and is destroyed otherwise.
     */
    private void terminate() {
        cancelScheduledTasks();
        runTasks();
        boolean reusable = noneRegistered();
        if (reusable) {
            context.maxBlockingNanos = -1;
            handler.run(context);
            runTasks();
            reusable = noneRegistered();
        }
        if (!reusable) {
            handler.prepareToDestroy();
            runTasks();
            handler.destroy();
        }
        terminated = true;
        runTasks();
        registrations.clear();
        if (reusable) {
            pool.release(slot);
        }
        termination.trySuccess(null);
    }

    /** Whether nothing this loop registered is still registered with the handler (indexed: no stream per close). */
    private boolean noneRegistered() {
        for (int i = 0; i < registrations.size(); i++) {
            if (registrations.get(i).isValid()) {
                return false;
            }
        }
        return true;
    }

    /** The selector's view of this loop: it may block only when nothing is queued, due, or interrupting. */
    private final class Context implements IoHandlerContext {
        /** Positive: the longest wait for I/O; negative: do not wait. */
        long maxBlockingNanos;

        @Override
        public boolean canBlock() {
            // the interrupt is checked here so that NioIoHandler returns before its own Thread.interrupted() clears it
            return maxBlockingNanos > 0 && tasks.isEmpty() && ownTasks.isEmpty() && !hasScheduledTasks()
                    && !Thread.currentThread().isInterrupted();
        }

        @Override
        public long delayNanos(long currentTimeNanos) {
            return Math.min(maxBlockingNanos, CallerDrivenLoop.this.delayNanos(currentTimeNanos, maxBlockingNanos));
        }

        @Override
        public long deadlineNanos() {
            long next = nextScheduledTaskDeadlineNanos();
            long now = getCurrentTimeNanos();
            if (next == -1 || next - now > maxBlockingNanos) {
                return now + maxBlockingNanos;
            }
            return next;
        }
    }

    /** Wakes the driving thread's selector (nothing to do when nobody drives, or when called by the driver). */
    void wakeup() {
        Thread d = driver.get();
        if (d != null && d != Thread.currentThread() && !terminated) {
            handler.wakeup(); // a late one may wake the handler's next loop once: a spurious wake-up, nothing more
        }
    }

    @Override
    public void execute(Runnable task) {
        java.util.Objects.requireNonNull(task, "task");
        Thread me = Thread.currentThread();
        if (driver.get() == me) { // runs in this thread's turn (the driver cannot let go meanwhile: it is this thread)
            if (tasks.isEmpty()) {
                ownTasks.add(task); // nothing queued behind the head: it stays the oldest part
            } else {
                tasks.add(task); // behind what others queued before it
            }
            return;
        }
        tasks.add(task);
        Thread d = driver.get(); // read after adding: a driver letting go meanwhile sees the task (release)
        if (terminated) {
            runLate();
        } else if (d != null) {
            handler.wakeup();
        } else {
            driveInBackground();
        }
    }

    /** After termination: runs queued tasks here (the channel is closed; they only fail or finish what is left). */
    private void runLate() {
        if (driver.compareAndSet(null, Thread.currentThread())) {
            try {
                runTasks();
            } finally {
                driver.set(null);
            }
        }
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return driver.get() == thread;
    }

    @Override
    public CallerDrivenLoop next() {
        return this;
    }

    @Override
    public IoEventLoopGroup parent() {
        return parent;
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel) {
        return register(new DefaultChannelPromise(channel, this));
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        promise.channel().unsafe().register(this, promise);
        return promise;
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        channel.unsafe().register(this, promise);
        return promise;
    }

    @Override
    public Future<IoRegistration> register(IoHandle handle) {
        Promise<IoRegistration> promise = newPromise();
        if (inEventLoop()) {
            registerNow(handle, promise);
        } else {
            execute(() -> registerNow(handle, promise));
        }
        return promise;
    }

    private void registerNow(IoHandle handle, Promise<IoRegistration> promise) {
        try {
            IoRegistration registration = handler.register(handle);
            registrations.add(registration);
            promise.setSuccess(registration);
        } catch (Exception e) {
            promise.setFailure(e);
        }
    }

    @Override
    public boolean isCompatible(Class<? extends IoHandle> handleType) {
        return handler.isCompatible(handleType);
    }

    @Override
    public boolean isIoType(Class<? extends IoHandler> handlerType) {
        return handler.getClass().equals(handlerType);
    }

    /** Asks for the shutdown; the driving thread (or the background one) completes it at the end of its turn. */
    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        shuttingDown = true;
        if (!inEventLoop() && !terminated) {
            Thread d = driver.get();
            if (d != null) {
                handler.wakeup();
            } else {
                driveInBackground();
            }
        }
        return termination;
    }

    @Override
    public Future<?> terminationFuture() {
        return termination;
    }

    @Override
    @Deprecated
    public void shutdown() {
        shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Override
    public boolean isShuttingDown() {
        return shuttingDown;
    }

    @Override
    public boolean isShutdown() {
        return terminated;
    }

    @Override
    public boolean isTerminated() {
        return terminated;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        return termination.await(timeout, unit);
    }

    private static ExecutorService background() {
        var pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 10, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            var t = new Thread(r, "smtp-probe-driver");
            t.setDaemon(true);
            return t;
        });
        return pool;
    }
}
