package dev.smtpprobe.netty.internal;

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
    private final Pending greeting = new Pending(Step.GREETING);
    private ChannelHandlerContext ctx;
    private ProbeException failure;
    private boolean closedByUs;
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
        pending.add(greeting);
        greeting.start(ctx.executor(), greetingTimeout, this::timedOut);
        ctx.fireChannelActive();
    }

    /** Queues a step whose command is about to be written; fails it at once if the connection is gone. */
    boolean expect(Pending p) {
        if (failure != null || !ctx.channel().isActive()) {
            p.fail(new ConnectionLostException(p.step, List.of(), failure == null ? "connection already closed"
                    : "connection closed after: " + failure.getMessage(), failure, recorder.snapshot()));
            return false;
        }
        pending.add(p);
        return true;
    }

    /** Fails a step whose command could not be written. */
    void writeFailed(Pending p, Throwable cause) {
        if (pending.remove(p)) {
            fail(new ConnectionLostException(p.step, List.of(), "write failed: " + cause, cause, recorder.snapshot()), p);
        }
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
        if (event instanceof SslHandshakeCompletionEvent done && handshakeListener != null) {
            var listener = handshakeListener;
            handshakeListener = null;
            listener.accept(done);
        }
        ctx.fireUserEventTriggered(event);
    }

    /** A TLS failure ends the connection: every waiting step fails with it. */
    void tlsFailed(ProbeException e) {
        failAll(e);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        RawReply raw = (RawReply) msg;
        raw.wireLineBytes().forEach(recorder::received);
        if (raw.trailing() != null) {
            recorder.info("response injection: " + raw.trailing().length + " byte(s) after the 220 to STARTTLS: "
                    + ProtocolViolationException.printable(raw.trailing()));
            failAll(new ProtocolViolationException(Step.STARTTLS, "bytes after the 220 to STARTTLS, before TLS"
                    + " (response injection)", raw.trailing(), recorder.snapshot()));
            return;
        }
        Pending head = pending.poll();
        if (head != null) {
            head.complete(raw);
            return;
        }
        byte[] bytes = java.util.Arrays.copyOf(raw.wire(), raw.wire().length - 2); // as received, without the last CRLF
        if (raw.code() == 421) {
            failAll(new ConnectionLostException(Step.COMMAND, raw.wireLines(),
                    "the server closed the session with 421 without being asked", null, recorder.snapshot()));
        } else {
            failAll(new ProtocolViolationException(Step.COMMAND, "a reply no command asked for", bytes, recorder.snapshot()));
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (failure instanceof dev.smtpprobe.TlsFailedException) {
            return; // the handshake failure has been reported; SslHandler's follow-up exception adds nothing
        }
        if (cause instanceof ReplyFramingException framing) {
            recorder.info("protocol violation: " + framing.getMessage() + ": "
                    + ProtocolViolationException.printable(framing.excerpt()));
            failAll(new ProtocolViolationException(currentStep(), framing.getMessage(), framing.excerpt(), recorder.snapshot()));
        } else {
            recorder.info("connection error: " + cause);
            failAll(new ConnectionLostException(currentStep(), recordedPartial(), String.valueOf(cause.getMessage()),
                    cause, recorder.snapshot()));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (!closedByUs && failure == null) {
            recorder.info("connection closed by the server");
        }
        if (!pending.isEmpty()) {
            List<String> partial = recordedPartial();
            failAll(new ConnectionLostException(currentStep(), partial, "closed by the server", null, recorder.snapshot()));
        }
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

    /** The timer of a step expired: fail it and close. */
    void timedOut(Pending p) {
        if (!p.future.isDone()) {
            recorder.info(p.step + " timed out");
            pending.remove(p);
            fail(new StepTimeoutException(p.step, p.timeout, recorder.snapshot()), p);
            failAll(new ConnectionLostException(p.step, List.of(), "closed after a timeout", null, recorder.snapshot()));
        }
    }

    /** A block of message content was not taken by the server in time (RFC 5321 §4.5.3.2.5). */
    void blockTimedOut(Pending p, Duration blockTimeout) {
        if (!p.future.isDone()) {
            recorder.info("data block not taken within " + blockTimeout.toMillis() + " ms");
            pending.remove(p);
            fail(new StepTimeoutException(p.step, blockTimeout, recorder.snapshot()), p);
            failAll(new ConnectionLostException(p.step, List.of(), "closed after a timeout", null, recorder.snapshot()));
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

    /** Fails every waiting step with {@code e} (the first failure is kept for later steps) and closes. */
    private void failAll(ProbeException e) {
        if (failure == null) {
            failure = e;
        }
        close(); // channelInactive runs later; the waiting steps get this failure, not "closed"
        for (Pending p; (p = pending.poll()) != null; ) {
            p.fail(e);
        }
    }

    /** Closes the channel from our side. */
    void close() {
        if (ctx.channel().isOpen()) {
            closedByUs = true;
            ctx.close();
        }
    }
}
