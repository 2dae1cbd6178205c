package dev.smtpprobe.netty.internal;

import dev.smtpprobe.Reply;
import dev.smtpprobe.ReplyLimits;
import dev.smtpprobe.Step;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.spi.StartTlsOutcome;
import dev.smtpprobe.spi.Command;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.ContentEncoder;
import dev.smtpprobe.spi.ContentSink;
import dev.smtpprobe.spi.MoreReplies;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.smtp.DefaultLastSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpContent;
import io.netty.handler.codec.smtp.DefaultSmtpRequest;
import io.netty.handler.codec.smtp.SmtpCommand;
import io.netty.handler.codec.smtp.SmtpRequestEncoder;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;

/** One SMTP connection on a Netty channel: commands go through Netty's {@link SmtpRequestEncoder}. */
final class NettyConnection implements Connection {

    private final Channel channel;
    private final ConversationHandler handler;
    private final TranscriptRecorder recorder;
    private final BooleanSupplier onIoThread;
    private final ReplyLimits limits;
    /** I/O thread only: the content step that a 354 to DATA opened, until {@link #sendContent} takes it. */
    private Pending owedContent;

    /** The loop that blocking callers drive (a blocking connect's), or null on the shared group. */
    private final CallerDrivenLoop drivenLoop;

    NettyConnection(Channel channel, ConversationHandler handler, TranscriptRecorder recorder,
            BooleanSupplier onIoThread, ReplyLimits limits, CallerDrivenLoop drivenLoop) {
        this.channel = channel;
        this.drivenLoop = drivenLoop;
        this.handler = handler; // not looked up: a channel the server closed at once has an empty pipeline
        this.recorder = recorder;
        this.onIoThread = onIoThread;
        this.limits = limits;
    }

    @Override
    public CompletableFuture<Reply> greeting() {
        return handler.greeting();
    }

    @Override
    public CompletableFuture<Reply> send(Step step, Command command, Duration timeout) {
        var p = new Pending(step);
        owesContentAfter354(p);
        write(p, command, timeout, () -> { });
        return p;
    }

    /**
     * A {@code 354} to the DATA step means the client owes the content from that moment (RFC 5321 §4.1.1.4): the
     * content step is queued at once, not written yet, so that a reply the server sends before the content is even
     * started is taken as what it is, an answer before the end of data, and never as a reply to the content.
     */
    private void owesContentAfter354(Pending p) {
        if (p.step == Step.DATA) {
            p.beforeComplete(reply -> {
                if (reply.code() == 354) {
                    owedContent = handler.expectContent();
                }
            });
        }
    }

    /**
     * On the I/O thread: queues {@code p} (or fails it if the connection is gone), runs {@code beforeWrite}, records
     * the command and writes it; the step's timer starts once the line is written.
     */
    private void write(Pending p, Command command, Duration timeout, Runnable beforeWrite) {
        channel.eventLoop().execute(new CommandWrite(p, command, timeout, beforeWrite));
    }

    /**
     * One command line's write ({@link #write}): the task on the I/O thread and the listener of its write in one
     * object per command.
     */
    private final class CommandWrite implements Runnable, io.netty.channel.ChannelFutureListener {
        private final Pending p;
        private final Command command;
        private final Duration timeout;
        private final Runnable beforeWrite;

        CommandWrite(Pending p, Command command, Duration timeout, Runnable beforeWrite) {
            this.p = p;
            this.command = command;
            this.timeout = timeout;
            this.beforeWrite = beforeWrite;
        }

        /** On the I/O thread: queues the step (or fails it if the connection is gone), records the line, writes it. */
        @Override
        public void run() {
            if (!handler.expect(p)) {
                return;
            }
            beforeWrite.run();
            recordSent(command);
            channel.writeAndFlush(request(command)).addListener(this);
        }

        /** The line is written: the step's clock starts; or the write failed, and so does the step. */
        @Override
        public void operationComplete(ChannelFuture f) {
            if (f.isSuccess()) {
                p.start(timeout, handler);
            } else {
                handler.writeFailed(p, f.cause());
            }
        }
    }

    @Override
    public List<CompletableFuture<Reply>> sendBatch(List<Step> steps, List<Command> commands, List<Duration> timeouts) {
        var pending = new java.util.ArrayList<Pending>();
        for (Step step : steps) {
            var p = new Pending(step);
            owesContentAfter354(p);
            pending.add(p);
        }
        channel.eventLoop().execute(() -> {
            for (int i = 0; i < commands.size(); i++) {
                Pending p = pending.get(i);
                if (!handler.expect(p)) {
                    pending.subList(i + 1, pending.size()).forEach(handler::expect); // fail the rest alike
                    return;
                }
                recordSent(commands.get(i));
                int index = i;
                channel.write(request(commands.get(i))).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        p.start(timeouts.get(index), handler);
                    } else {
                        handler.writeFailed(p, f.cause());
                    }
                });
            }
            channel.flush();
        });
        return List.<CompletableFuture<Reply>>copyOf(pending);
    }

    /**
     * {@code BDAT n [LAST]} then the chunk in blocks (RFC 3030 §2: no dot-stuffing); the reply counts only once the
     * whole chunk is written. Each block must be taken within {@code timeout}, and the reply come within it after
     * the last one.
     */
    @Override
    public CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout) {
        return sendChunk(chunk, length, last, timeout, MoreReplies.NONE);
    }

    @Override
    public CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout,
            MoreReplies more) {
        var p = new Pending(Step.BDAT);
        p.moreReplies(more);
        var command = new Command("BDAT", last ? List.of(String.valueOf(length), "LAST")
                : List.of(String.valueOf(length)), "");
        channel.eventLoop().execute(() -> {
            if (!handler.expect(p)) {
                return;
            }
            var writer = new ContentWriter(channel, handler, recorder, p, buf -> buf, timeout, () -> length, "chunk");
            p.describeUnfinished(() -> writer.unfinished() + " (BDAT announced " + length + ")");
            recorder.sentAscii(command.line());
            var line = Unpooled.copiedBuffer((command.line() + "\r\n").getBytes(StandardCharsets.US_ASCII));
            // an empty chunk (BDAT 0 LAST) has no block whose write would flush the command line
            (length == 0 ? channel.writeAndFlush(line) : channel.write(line))
                    .addListener((ChannelFuture f) -> {
                        if (!f.isSuccess()) {
                            handler.writeFailed(p, f.cause());
                        }
                    });
            writer.write(ContentWriter.slices(chunk, length), () -> {
                recorder.contentAscii("[" + length + " octets of chunk data]");
                p.start(timeout, handler);
            });
        });
        return p;
    }

    /** The command as the transcript shows it; a line not written as UTF-8 is ASCII (the API checks it). */
    private void recordSent(Command command) {
        if (command.utf8()) {
            recorder.sent(command.display());
        } else {
            recorder.sentAscii(command.display());
        }
    }

    /**
     * The message for the encoder: Netty's {@link DefaultSmtpRequest} (one byte per char, ASCII checked by the API),
     * or for an SMTPUTF8 line the UTF-8 bytes ourselves, since Netty's encoder cannot write them (the encoder lets
     * a {@code ByteBuf} pass).
     */
    private static Object request(Command command) {
        if (command.utf8()) {
            return Unpooled.copiedBuffer((command.line() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        SmtpCommand verb = SmtpCommand.valueOf(command.verb());
        if (command.params().isEmpty()) {
            return new DefaultSmtpRequest(verb);
        }
        return new DefaultSmtpRequest(verb, command.params().toArray(new CharSequence[0]));
    }

    /**
     * The content encoded in blocks (see {@link ContentWriter}), then the final dot; the reply counts only once the
     * dot is written, and must come within {@code endTimeout} of it. The display lines go to the transcript as their
     * bytes are written, the summary and the {@code "."} once the dot is, so that a reply that cuts the content
     * short (the server answered before the end of data) leaves a transcript of exactly what was sent.
     */
    @Override
    public CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout,
            Duration endTimeout) {
        return sendContent(message, displayLines, blockTimeout, endTimeout, MoreReplies.NONE);
    }

    @Override
    public CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout,
            Duration endTimeout, MoreReplies more) {
        var result = new CompletableFuture<Reply>();
        channel.eventLoop().execute(() -> {
            Pending p = contentStep(result, more);
            if (p == null) {
                return;
            }
            var writer = new ContentWriter(channel, handler, recorder, p, DefaultSmtpContent::new, blockTimeout,
                    () -> ContentEncoder.encodedLength(message), "content");
            var encoder = writer.encoder(displayLines, message.length);
            p.describeUnfinished(() -> writer.unfinished() + "; the final dot was not sent");
            writer.write(writer.encoding(encoder, message, 0, message.length, true),
                    () -> finalDot(p, writer, encoder, endTimeout));
        });
        return result;
    }

    /**
     * On the I/O thread: the content step a 354 opened (or a new one, queued now), mirrored into {@code result};
     * null when it is already over (the server answered before any content was written, the connection is gone).
     */
    private Pending contentStep(CompletableFuture<Reply> result, MoreReplies more) {
        Pending p = owedContent;
        owedContent = null;
        if (p == null) {
            p = new Pending(Step.DATA_CONTENT);
            if (!handler.expect(p)) {
                p.whenComplete((r, e) -> result.completeExceptionally(e));
                return null;
            }
        }
        p.moreReplies(more);
        p.whenComplete((r, e) -> {
            if (e != null) {
                result.completeExceptionally(e);
            } else {
                result.complete(r);
            }
        });
        return p.isDone() ? null : p;
    }

    /** After the last block: the summary line, the final dot, then the reply under {@code endTimeout}. */
    private void finalDot(Pending p, ContentWriter writer, ContentEncoder encoder, Duration endTimeout) {
        encoder.summary().ifPresent(recorder::contentAscii); // "[... n more lines; ...]": ASCII
        ScheduledFuture<?> guard = writer.guard();
        channel.writeAndFlush(new DefaultLastSmtpContent(Unpooled.EMPTY_BUFFER)).addListener((ChannelFuture f) -> {
            guard.cancel(false);
            if (!f.isSuccess()) {
                handler.writeFailed(p, f.cause());
            } else {
                recorder.sentAscii(".");
                p.start(endTimeout, handler);
            }
        });
    }

    /**
     * Content handed over in parts ({@link ContentSink}): each part is encoded and written on the I/O thread with one
     * encoder across all parts; the part's future completes once it is written, so the caller reads the next only
     * then. The caller's source is never read here.
     */
    @Override
    public ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout) {
        return openContent(displayLines, blockTimeout, endTimeout, MoreReplies.NONE);
    }

    @Override
    public ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout, MoreReplies more) {
        return new StreamedContent(displayLines, blockTimeout, endTimeout, more);
    }

    /** The transport's side of {@link #openContent}; its state is touched on the I/O thread only. */
    private final class StreamedContent implements ContentSink {
        private final int displayLines;
        private final Duration blockTimeout;
        private final Duration endTimeout;
        private final MoreReplies more;
        private final CompletableFuture<Reply> result = new CompletableFuture<>();
        private final CompletableFuture<Pending> opened = new CompletableFuture<>();
        private volatile ContentWriter writer;
        private ContentEncoder encoder;
        /** The part being written, failed with the step when the step fails first. */
        private CompletableFuture<Void> part;

        StreamedContent(int displayLines, Duration blockTimeout, Duration endTimeout, MoreReplies more) {
            this.displayLines = displayLines;
            this.blockTimeout = blockTimeout;
            this.endTimeout = endTimeout;
            this.more = more;
            channel.eventLoop().execute(this::open);
        }

        private void open() {
            Pending p = contentStep(result, more);
            if (p == null) {
                opened.complete(null);
                return;
            }
            writer = new ContentWriter(channel, handler, recorder, p, DefaultSmtpContent::new, blockTimeout, () -> -1,
                    "content");
            encoder = writer.encoder(displayLines, -1);
            p.describeUnfinished(() -> writer.unfinished() + "; the final dot was not sent");
            result.whenComplete((r, e) -> {
                CompletableFuture<Void> current = part;
                if (current != null) {
                    current.completeExceptionally(e != null ? e : new IllegalStateException("the content step ended"));
                }
            });
            opened.complete(p);
        }

        @Override
        public CompletableFuture<Void> write(byte[] message, int off, int len) {
            var done = new CompletableFuture<Void>();
            channel.eventLoop().execute(() -> {
                Pending p = opened.getNow(null);
                if (p == null || result.isDone()) {
                    result.whenComplete((r, e) -> done.completeExceptionally(e != null ? e
                            : new IllegalStateException("the content step ended")));
                    return;
                }
                part = done;
                writer.write(writer.encoding(encoder, message, off, len, false), () -> {
                    part = null;
                    done.complete(null);
                });
            });
            return done;
        }

        @Override
        public CompletableFuture<Reply> end() {
            channel.eventLoop().execute(() -> {
                Pending p = opened.getNow(null);
                if (p == null || result.isDone()) {
                    return;
                }
                writer.write(writer.encoding(encoder, new byte[0], 0, 0, true),
                        () -> finalDot(p, writer, encoder, endTimeout));
            });
            return result;
        }

        @Override
        public void abort(dev.smtpprobe.ProbeException failure) {
            channel.eventLoop().execute(() -> {
                Pending p = opened.getNow(null);
                if (p != null) {
                    handler.contentAborted(p, failure);
                } else {
                    handler.close();
                }
            });
        }

        @Override
        public long written() {
            ContentWriter w = writer;
            return w == null ? 0 : w.written();
        }
    }

    @Override
    public CompletableFuture<StartTlsOutcome> startTls(Command command, Duration timeout, TlsOptions tls, String host) {
        var outcome = new CompletableFuture<StartTlsOutcome>();
        var p = new Pending(Step.STARTTLS);
        p.beforeComplete(reply -> {
            if (reply.code() == 220) {
                upgrade(reply, tls, host, outcome);
            }
        });
        p.whenComplete((reply, error) -> {
            if (error != null) {
                outcome.completeExceptionally(error);
            } else if (reply.code() != 220) {
                outcome.complete(new StartTlsOutcome(reply, null));
            }
        });
        write(p, command, timeout, () -> channel.pipeline().get(ReplyDecoder.class).expectUpgrade());
        return outcome;
    }

    /**
     * On the I/O thread, right after the clean {@code 220} to STARTTLS and before another byte is read: the plaintext
     * decoder goes (it holds no byte: the decoder checked), TLS goes first in the pipeline, a fresh decoder reads
     * what comes out of TLS (RFC 3207 §4.2: nothing from before counts).
     */
    private void upgrade(Reply reply, TlsOptions tls, String host, CompletableFuture<StartTlsOutcome> outcome) {
        TlsSession session;
        try {
            session = TlsSession.create(tls, host, remoteAddress().getPort());
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            var failure = TlsSession.setupFailure(e, tls, reply, recorder, dev.smtpprobe.ClosedBy.CLIENT);
            handler.tlsFailed(failure);
            outcome.completeExceptionally(failure);
            return;
        }
        if (tls.isInsecure()) {
            recorder.info("certificate verification is OFF (trustAllCertificatesInsecure)");
        }
        // the listener first: with unusable local settings the handshake fails inside addFirst (handlerAdded)
        handler.onHandshake(done -> {
            if (done.isSuccess()) {
                TlsFacts facts = session.facts();
                handler.tlsEstablished(facts);
                outcome.complete(new StartTlsOutcome(reply, facts));
            } else {
                TlsFailedException failure = session.failure(done.cause(), reply, recorder, handler.closedSoFar());
                handler.tlsFailed(failure);
                outcome.completeExceptionally(failure);
            }
        });
        var pipeline = channel.pipeline();
        pipeline.replace(ReplyDecoder.class, NettyTransport.DECODER, new ReplyDecoder(limits));
        pipeline.addFirst(NettyTransport.TLS, session.handler());
    }

    @Override
    public Optional<TlsFacts> tls() {
        return Optional.ofNullable(handler.tls());
    }

    @Override
    public void abandonContent() {
        channel.eventLoop().execute(() -> {
            if (owedContent != null) {
                handler.forget(owedContent);
                owedContent = null;
            }
            if (channel.pipeline().get(SmtpRequestEncoder.class) != null) {
                channel.pipeline().replace(SmtpRequestEncoder.class, NettyTransport.ENCODER, new SmtpRequestEncoder());
            }
        });
    }

    /**
     * On a caller-driven loop the waiting thread runs the I/O until the step is done (see {@link CallerDrivenLoop});
     * on the shared group it waits for the event-loop thread.
     */
    @Override
    public <T> T await(java.util.function.Supplier<CompletableFuture<T>> call, Duration timeout)
            throws InterruptedException, java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
        if (drivenLoop == null) {
            return call.get().get(timeout.toNanos(), java.util.concurrent.TimeUnit.NANOSECONDS);
        }
        return drivenLoop.await(call, timeout.toNanos());
    }

    @Override
    public boolean inEventLoop() {
        return channel.eventLoop().inEventLoop() || onIoThread.getAsBoolean();
    }

    /**
     * Whether the TCP connection is open. On a caller-driven loop that nobody drives at the moment, what the socket
     * has to say (the server closed it) is read first, as an event-loop thread would have read it by now.
     */
    @Override
    public boolean isOpen() {
        if (drivenLoop != null && channel.isActive()) {
            drivenLoop.catchUp();
        }
        return channel.isActive();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return (InetSocketAddress) channel.remoteAddress();
    }

    @Override
    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    @Override
    public CompletableFuture<Void> close() {
        var done = new CompletableFuture<Void>();
        channel.eventLoop().execute(handler::close);
        channel.closeFuture().addListener(f -> done.complete(null));
        return done;
    }
}
