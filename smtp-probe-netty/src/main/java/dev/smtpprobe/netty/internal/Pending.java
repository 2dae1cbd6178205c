package dev.smtpprobe.netty.internal;

import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A step waiting for its reply: its future, and the timer that starts once its command has been written. */
final class Pending {

    final Step step;
    final CompletableFuture<Reply> future = new CompletableFuture<>();
    Duration timeout;
    private long startNanos;
    private ScheduledFuture<?> timer;
    private Consumer<Reply> beforeComplete;

    Pending(Step step) {
        this.step = step;
    }

    /** Starts the clock (command written): after {@code timeout}, {@code onTimeout} runs unless the reply came. */
    void start(EventExecutor executor, Duration timeout, Consumer<Pending> onTimeout) {
        this.timeout = timeout;
        startNanos = System.nanoTime();
        timer = executor.schedule(() -> onTimeout.accept(this), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Runs {@code action} on the I/O thread with the reply, before the future completes and before another byte is read. */
    void beforeComplete(Consumer<Reply> action) {
        this.beforeComplete = action;
    }

    /** Completes with the reply, measuring the time since {@link #start}. */
    void complete(RawReply raw) {
        cancelTimer();
        long elapsed = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        var reply = new Reply(raw.code(), raw.lines(), Duration.ofNanos(elapsed), raw.wire());
        if (beforeComplete != null) {
            beforeComplete.accept(reply);
        }
        future.complete(reply);
    }

    /** Fails the step. */
    void fail(RuntimeException e) {
        cancelTimer();
        future.completeExceptionally(e);
    }

    private void cancelTimer() {
        if (timer != null) {
            timer.cancel(false);
        }
    }
}
