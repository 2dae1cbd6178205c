package dev.smtpprobe.netty.internal;

import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A step waiting for its reply: its future, and the timer that starts once its command has been written. A reply
 * counts for the step only once everything the step writes (the command line, a BDAT chunk, message content with
 * its final dot) has been written: before that it answers nothing the client sent ({@link #written()}).
 */
final class Pending {

    final Step step;
    final CompletableFuture<Reply> future = new CompletableFuture<>();
    Duration timeout;
    private long startNanos;
    private ScheduledFuture<?> timer;
    private Consumer<Reply> beforeComplete;
    private boolean written;
    private Supplier<String> unfinished = () -> "the command was not fully written";

    Pending(Step step) {
        this.step = step;
    }

    /**
     * Starts the clock (everything the step writes has been written): after {@code timeout}, {@code onTimeout} runs
     * unless the reply came.
     */
    void start(EventExecutor executor, Duration timeout, Consumer<Pending> onTimeout) {
        this.written = true;
        this.timeout = timeout;
        startNanos = System.nanoTime();
        timer = executor.schedule(() -> onTimeout.accept(this), timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Whether everything the step writes has been written, so that a reply can answer it. */
    boolean written() {
        return written;
    }

    /** Describes, for the transcript, how far the step's writing got when a reply cut it short. */
    void describeUnfinished(Supplier<String> description) {
        this.unfinished = description;
    }

    /** How far the step's writing got (see {@link #describeUnfinished}). */
    String unfinished() {
        return unfinished.get();
    }

    /** The reply for the API, with the time since {@link #start} (zero if the step never started). */
    Reply reply(RawReply raw) {
        long elapsed = startNanos == 0 ? 0 : System.nanoTime() - startNanos;
        return new Reply(raw.code(), raw.lines(), Duration.ofNanos(elapsed), raw.wire());
    }

    /** Runs {@code action} on the I/O thread with the reply, before the future completes and before another byte is read. */
    void beforeComplete(Consumer<Reply> action) {
        this.beforeComplete = action;
    }

    /** Completes with the reply, measuring the time since {@link #start}. */
    void complete(RawReply raw) {
        cancelTimer();
        var reply = reply(raw);
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
