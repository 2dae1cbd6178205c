package dev.smtpprobe.netty.internal;

import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.spi.MoreReplies;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A step waiting for its reply: itself the future of the reply (one object, not two), with the deadline that starts
 * once its command has been written (the connection's one timer watches it: {@link ConversationHandler#watch}). A reply counts for the step only once everything the step writes (the command
 * line, a BDAT chunk, message content with its final dot) has been written: before that it answers nothing the
 * client sent ({@link #written()}).
 */
final class Pending extends CompletableFuture<Reply> {

    final Step step;
    Duration timeout;
    private long startNanos;
    /** When the step times out, in {@link System#nanoTime()}'s terms: its start plus its timeout (see {@link #start}). */
    private long deadline;
    private Consumer<Reply> beforeComplete;
    private boolean written;
    private Supplier<String> unfinished = () -> "the command was not fully written";
    /** The replies that may follow the first (LMTP, PRDR); {@link MoreReplies#NONE} for a step of one reply. */
    private MoreReplies more = MoreReplies.NONE;
    /** The first of several replies, held until the last has come; null until then, and for one reply. */
    private Reply first;
    /** How many replies are still owed after the ones taken, while {@link #first} is held. */
    private int owed;
    private ConversationHandler handler;

    Pending(Step step) {
        this.step = step;
    }

    /**
     * Starts the clock (everything the step writes has been written): unless the reply comes within
     * {@code timeout}, the connection's step timer ({@link ConversationHandler#watch}) times it out.
     */
    void start(Duration timeout, ConversationHandler handler) {
        this.written = true;
        this.timeout = timeout;
        this.handler = handler;
        startNanos = System.nanoTime();
        deadline = startNanos + timeout.toNanos();
        handler.watch(this);
    }

    /** When the step times out, in {@link System#nanoTime()}'s terms; meaningful once {@link #written()}. */
    long deadline() {
        return deadline;
    }

    /** Lets the replies that {@code more} announces follow this step's first (the end of a message in LMTP, PRDR). */
    void moreReplies(MoreReplies more) {
        this.more = more;
    }

    /**
     * For a step answered by several replies ({@link #moreReplies}): takes {@code raw} when another reply is still
     * owed after it, restarts the clock for the next one, and says so (the step stays at the head of the queue);
     * false for the last or only reply, which {@link #answer} takes.
     */
    boolean takeIfMoreFollow(RawReply raw) {
        if (more == MoreReplies.NONE) {
            return false;
        }
        if (first == null) {
            Reply reply = reply(raw);
            int following = more.after(reply);
            if (following <= 0) {
                return false;
            }
            first = reply;
            owed = following;
        } else if (owed > 1) {
            more.reply(reply(raw));
            owed--;
        } else {
            return false;
        }
        deadline = System.nanoTime() + timeout.toNanos(); // each further reply gets the whole timeout again
        handler.watch(this);
        return true;
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

    /**
     * Completes with the reply, measuring the time since {@link #start}; for a step of several replies, hands the last
     * to {@link MoreReplies#reply} and completes with the first.
     */
    void answer(RawReply raw) {
        var reply = reply(raw);
        if (first != null) {
            more.reply(reply);
            reply = first;
        }
        if (beforeComplete != null) {
            beforeComplete.accept(reply);
        }
        complete(reply);
    }

    /** Fails the step. */
    void fail(RuntimeException e) {
        completeExceptionally(e);
    }
}
