package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Matches replies to the steps waiting for them, in order; fails them on timeout, on a lost connection and on a
 * protocol violation, and then closes the channel. All methods run on the channel's event loop.
 */
final class ConversationHandler extends ChannelInboundHandlerAdapter {

    private final TranscriptRecorder recorder;
    private final Duration greetingTimeout;
    private final ArrayDeque<Pending> pending = new ArrayDeque<>();
    /** The connection's one step timer ({@link #watch}), or null when none is scheduled. */
    private io.netty.util.concurrent.ScheduledFuture<?> stepTimer;
    /** When {@link #stepTimer} fires, in {@link System#nanoTime()}'s terms. */
    private long stepTimerDue;
    private final Runnable stepTimerTask = this::stepTimerFired;
    private final Pending greeting = new Pending(Step.GREETING);
    private ChannelHandlerContext ctx;
    private ProbeException failure;
    /** Who ended the TCP connection; {@link ClosedBy#NOT_CLOSED} while it is open. */
    private ClosedBy closedBy = ClosedBy.NOT_CLOSED;
    private volatile TlsFacts tls;
    private Consumer<SslHandshakeCompletionEvent> handshakeListener;

    private final String host;

    ConversationHandler(TranscriptRecorder recorder, Duration greetingTimeout, String host) {
        this.recorder = recorder;
        this.greetingTimeout = greetingTimeout;
        this.host = host;
    }

    Pending greeting() {
        return greeting;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        // recorded here, not in the connect listener, so that it always comes before "closed by the server"
        var remote = (java.net.InetSocketAddress) ctx.channel().remoteAddress();
        recorder.info("Connected to " + host + " (" + remote.getAddress().getHostAddress() + ":" + remote.getPort() + ")");
        if (failure != null) {
            greeting.fail(failure); // implicit TLS that failed at once (unusable local settings): no greeting to wait for
        } else {
            pending.add(greeting);
            greeting.start(greetingTimeout, this);
        }
        ctx.fireChannelActive();
    }

    /** Queues a step whose command is about to be written; fails it at once if the connection is gone. */
    boolean expect(Pending p) {
        if (failure != null || !ctx.channel().isActive()) {
            ClosedBy side = failure != null ? failure.closedBy() : closedSoFar();
            p.fail(new ConnectionLostException(p.step, List.of(), failure == null ? "connection already " + closed(side)
                    : "connection closed after: " + failure.getMessage(), failure, recorder.snapshot(), side));
            return false;
        }
        pending.add(p);
        return true;
    }

    /**
     * Queues the content step that a 354 to DATA opened, before anything of it is written (see
     * {@link NettyConnection#sendContent}); a failed connection leaves it failed.
     */
    Pending expectContent() {
        var p = new Pending(Step.DATA_CONTENT);
        p.describeUnfinished(() -> "content cut before its first octet was written; the final dot was not sent");
        expect(p);
        return p;
    }

    /**
     * The caller could not read the rest of a streamed message ({@link dev.smtpprobe.spi.ContentSink#abort}): the
     * content is cut and cannot be taken back, so the client closes and every waiting step fails with
     * {@code failure}.
     */
    void contentAborted(Pending p, ProbeException failure) {
        if (pending.contains(p)) {
            failAll(failure);
        } else {
            close();
        }
    }

    /** Drops a step that will never be written. */
    void forget(Pending p) {
        pending.remove(p);
    }

    /**
     * Fails a step whose command could not be written: after the connection was closed, the side that closed it;
     * on a reset or broken pipe the server; on a local error (the client then closes) the client.
     */
    void writeFailed(Pending p, Throwable cause) {
        if (pending.remove(p)) {
            ClosedBy side = closedSoFar();
            if (side == ClosedBy.NOT_CLOSED) {
                side = cause instanceof java.io.IOException && !(cause instanceof javax.net.ssl.SSLException)
                        && !(cause instanceof java.nio.channels.ClosedChannelException) ? ClosedBy.SERVER : ClosedBy.CLIENT;
                closedBy = side;
            }
            recorder.info("write failed: " + cause + "; connection " + closed(side));
            fail(new ConnectionLostException(p.step, List.of(), "write failed: " + cause + "; " + closed(side), cause,
                    recorder.snapshot(), side), p);
        }
    }

    /**
     * Who has closed the connection so far: the side recorded, or the server when the channel is no longer active
     * without the client having closed it ({@link ClosedBy#NOT_CLOSED} while it is open).
     */
    ClosedBy closedSoFar() {
        if (closedBy != ClosedBy.NOT_CLOSED) {
            return closedBy;
        }
        return ctx.channel().isActive() ? ClosedBy.NOT_CLOSED : ClosedBy.SERVER;
    }

    /** "closed by the server" / "closed by the client", for messages and the transcript. */
    private static String closed(ClosedBy side) {
        return switch (side) {
            case SERVER -> "closed by the server";
            case CLIENT -> "closed by the client";
            case NOT_CLOSED -> "open";
            case NEVER_OPENED -> "never opened";
        };
    }

    /** Step currently waiting (head of the queue), for naming the step in a failure. */
    private Step currentStep() {
        Pending head = pending.peek();
        return head == null ? Step.COMMAND : head.step;
    }

    /** The facts of the TLS in force, if any. */
    TlsFacts tls() {
        return tls;
    }

    /** Records that the connection is now protected: from here on the transcript marks lines as TLS. */
    void tlsEstablished(TlsFacts facts) {
        this.tls = facts;
        recorder.tls(true);
        recorder.info("TLS started: " + facts.summary());
    }

    /** Tells {@code listener} the outcome of the next TLS handshake. */
    void onHandshake(Consumer<SslHandshakeCompletionEvent> listener) {
        this.handshakeListener = listener;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof SslHandshakeCompletionEvent done) {
            handshakeDone(done);
        }
        ctx.fireUserEventTriggered(event);
    }

    /** Hands the handshake's outcome to its listener, once. */
    private void handshakeDone(SslHandshakeCompletionEvent done) {
        if (handshakeListener != null) {
            var listener = handshakeListener;
            handshakeListener = null;
            listener.accept(done);
        }
    }

    /** A TLS failure ends the connection: every waiting step fails with it. */
    void tlsFailed(ProbeException e) {
        failAll(e);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RawReply raw = (RawReply) msg;
        if (raw.isAscii()) {
            var lines = raw.lines();
            int last = lines.size() - 1;
            for (int i = 0; i < last; i++) { // the text is the bytes: the reply's own strings are all that is kept
                recorder.receivedReplyLine(raw.code(), '-', lines.get(i));
            }
            recorder.receivedReplyLine(raw.code(), raw.lastLineBare() ? 0 : ' ', lines.get(last));
        } else {
            raw.wireLineBytes().forEach(recorder::received);
        }
        if (raw.trailing() != null) {
            recorder.info("response injection: " + raw.trailing().length + " byte(s) after the 220 to STARTTLS: "
                    + ProtocolViolationException.printable(raw.trailing()));
            failAll(new ProtocolViolationException(Step.STARTTLS, "bytes after the 220 to STARTTLS, before TLS"
                    + " (response injection)", raw.trailing(), recorder.snapshot(), ClosedBy.CLIENT));
            return;
        }
        Pending head = pending.peek();
        if (head != null && !head.written()) {
            answeredTooEarly(head, raw);
            return;
        }
        if (head != null) {
            if (!head.takeIfMoreFollow(raw)) { // LMTP and PRDR: the end of a message may take several replies
                pending.poll().answer(raw);
            }
            return;
        }
        byte[] bytes = wireBytes(raw);
        if (raw.code() == 421) {
            closedBy = ClosedBy.SERVER; // the server ended the session (RFC 5321 §3.8); the client only follows
            failAll(new ConnectionLostException(Step.COMMAND, raw.wireLines(),
                    "the server closed the session with 421 without being asked", null, recorder.snapshot(), ClosedBy.SERVER));
        } else {
            failAll(new ProtocolViolationException(Step.COMMAND, "a reply no command asked for", bytes,
                    recorder.snapshot(), ClosedBy.CLIENT));
        }
    }

    /** The reply as received, without its last CRLF (invalid UTF-8 and controls intact). */
    private static byte[] wireBytes(RawReply raw) {
        return java.util.Arrays.copyOf(raw.wire(), raw.wire().length - 2);
    }

    /**
     * A reply came while the step at the head was still being written (message content before its final dot, a
     * BDAT chunk, a pipelined command not yet written): it answers nothing the client sent, so it is never taken as
     * the step's reply. The step fails with it, the transcript says how far the writing got, the client closes.
     */
    private void answeredTooEarly(Pending head, RawReply raw) {
        String what = switch (head.step) {
            case DATA_CONTENT -> "the server answered before the end of data";
            case BDAT -> "the server answered before the end of the BDAT chunk";
            default -> "the server answered before " + head.step + " was written";
        };
        String unfinished = head.unfinished();
        recorder.info("protocol violation: " + what + ": " + unfinished + "; closing the connection");
        failAll(new ProtocolViolationException(head.step, what + " (" + unfinished + ")", head.reply(raw), wireBytes(raw),
                recorder.snapshot(), ClosedBy.CLIENT));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure instanceof dev.smtpprobe.TlsFailedException) {
            return; // the handshake failure has been reported; SslHandler's follow-up exception adds nothing
        }
        if (handshakeListener != null && ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null
                && !ctx.pipeline().get(io.netty.handler.ssl.SslHandler.class).handshakeFuture().isDone()) {
            handshakeDone(new SslHandshakeCompletionEvent(cause)); // a handshake that failed without its event
            return;
        }
        if (cause instanceof ReplyFramingException framing) {
            recorder.info("protocol violation: " + framing.getMessage() + ": "
                    + ProtocolViolationException.printable(framing.excerpt()));
            failAll(new ProtocolViolationException(currentStep(), framing.getMessage(), framing.excerpt(),
                    recorder.snapshot(), ClosedBy.CLIENT));
        } else {
            // an I/O error of the socket (reset, broken pipe) came from the server's side; anything else the client
            // cannot go on from, and closes
            boolean socket = cause instanceof java.io.IOException && !(cause instanceof javax.net.ssl.SSLException);
            ClosedBy side = socket ? ClosedBy.SERVER : ClosedBy.CLIENT;
            if (closedBy == ClosedBy.NOT_CLOSED) {
                closedBy = side;
            }
            recorder.info("connection error: " + cause + (socket ? "; connection reset by the server" : "; closing the connection"));
            failAll(new ConnectionLostException(currentStep(), recordedPartial(), String.valueOf(cause.getMessage())
                    + (socket ? " (reset by the server)" : "; closed by the client"), cause, recorder.snapshot(), side));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (closedBy == ClosedBy.NOT_CLOSED) {
            closedBy = ClosedBy.SERVER;
            if (failure == null) {
                recorder.info("connection closed by the server");
            }
        } else if (failure == null && !pending.isEmpty()) {
            recorder.info("connection closed by the client while " + currentStep() + " waited");
        }
        if (!pending.isEmpty()) {
            List<String> partial = recordedPartial();
            failAll(new ConnectionLostException(currentStep(), partial, closed(closedBy), null, recorder.snapshot(), closedBy));
        }
        cancelStepTimer();
        ctx.fireChannelInactive();
    }

    /** The unfinished reply's lines, also put in the transcript so that it shows what came before the loss. */
    private List<String> recordedPartial() {
        List<byte[]> partial = decoderPartial();
        partial.forEach(recorder::received);
        return partial.stream().map(b -> new String(b, java.nio.charset.StandardCharsets.UTF_8)).toList();
    }

    private List<byte[]> decoderPartial() {
        ReplyDecoder decoder = ctx.pipeline().get(ReplyDecoder.class);
        return decoder == null ? List.of() : decoder.partial();
    }

    /**
     * Watches the deadline of a step that has started ({@link Pending#start}) or got a new one. One timer per
     * connection, due at the earliest deadline of a waiting step or before it: a step whose deadline is later than the
     * timer's (the next command of a conversation, with the same timeout) schedules nothing, and a step answered in
     * time cancels nothing; when the timer fires ({@link #stepTimerFired}) it times out the step whose deadline has
     * passed, or is set again for the earliest one still ahead. So a conversation schedules about one task per
     * timeout period instead of one per step, and no step's timeout is ever longer than it was given.
     */
    void watch(Pending p) {
        if (p.isDone()) {
            return;
        }
        long deadline = p.deadline();
        if (stepTimer == null || deadline - stepTimerDue < 0) {
            if (stepTimer != null) {
                stepTimer.cancel(false);
            }
            scheduleStepTimer(deadline);
        }
    }

    private void scheduleStepTimer(long deadline) {
        stepTimerDue = deadline;
        stepTimer = ctx.executor().schedule(stepTimerTask, Math.max(0, deadline - System.nanoTime()),
                java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The step timer is due: the waiting step whose deadline passed times out; else the timer waits for the next. */
    private void stepTimerFired() {
        stepTimer = null;
        Pending earliest = null;
        for (Pending p : pending) {
            if (p.written() && !p.isDone() && (earliest == null || p.deadline() - earliest.deadline() < 0)) {
                earliest = p;
            }
        }
        if (earliest == null) {
            return; // nothing waits: the next step to start sets the timer again
        }
        if (System.nanoTime() - earliest.deadline() >= 0) {
            timedOut(earliest);
        } else {
            scheduleStepTimer(earliest.deadline());
        }
    }

    /** No step can time out once the connection is gone: the timer goes (and what it holds with it). */
    private void cancelStepTimer() {
        if (stepTimer != null) {
            stepTimer.cancel(false);
            stepTimer = null;
        }
    }

    /** The deadline of a step passed: fail it and close. */
    void timedOut(Pending p) {
        if (!p.isDone()) {
            recorder.info(p.step + " timed out");
            pending.remove(p);
            fail(new StepTimeoutException(p.step, p.timeout, recorder.snapshot(), ClosedBy.CLIENT), p);
            failRest(p.step + " timed out");
        }
    }

    /** A block of message content was not taken by the server in time (RFC 5321 §4.5.3.2.5). */
    void blockTimedOut(Pending p, Duration blockTimeout) {
        if (!p.isDone()) {
            recorder.info("data block not taken within " + blockTimeout.toMillis() + " ms");
            pending.remove(p);
            fail(new StepTimeoutException(p.step, blockTimeout, recorder.snapshot(), ClosedBy.CLIENT), p);
            failRest(p.step + " timed out");
        }
    }

    /** Closes first, so that a caller woken by the failure already sees the session closed. */
    private void fail(ProbeException e, Pending p) {
        if (failure == null) {
            failure = e;
        }
        close();
        p.fail(e);
    }

    /** After the step that timed out: every other waiting step finds the connection closed by the client. */
    private void failRest(String why) {
        var failing = new java.util.ArrayList<>(pending);
        pending.clear();
        close();
        for (Pending p : failing) {
            p.fail(new ConnectionLostException(p.step, List.of(), "closed by the client after " + why, null,
                    recorder.snapshot(), ClosedBy.CLIENT));
        }
    }

    /** Fails every waiting step with {@code e} (the first failure is kept for later steps) and closes. */
    private void failAll(ProbeException e) {
        if (failure == null) {
            failure = e;
        }
        // taken out of the queue before closing: the close fails their writes at once, and they get this failure,
        // not "write failed" (channelInactive runs later and finds nothing waiting)
        var failing = new java.util.ArrayList<>(pending);
        pending.clear();
        close();
        failing.forEach(p -> p.fail(e));
    }

    /** Closes the channel from our side (unless the server already had: then it stays the side that closed). */
    void close() {
        if (ctx.channel().isOpen()) {
            if (closedBy == ClosedBy.NOT_CLOSED) {
                closedBy = ctx.channel().isActive() ? ClosedBy.CLIENT : ClosedBy.SERVER;
            }
            ctx.close();
        }
    }
}
