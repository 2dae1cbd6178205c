package dev.smtpprobe.netty.internal;

import dev.smtpprobe.Reply;
import dev.smtpprobe.ReplyLimits;
import dev.smtpprobe.Step;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.spi.StartTlsOutcome;
import dev.smtpprobe.spi.Command;
import dev.smtpprobe.spi.Connection;
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
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** One SMTP connection on a Netty channel: commands go through Netty's {@link SmtpRequestEncoder}. */
final class NettyConnection implements Connection {

    /** Message content is written in blocks of this size; each must be taken within the data block timeout. */
    static final int BLOCK_SIZE = 64 * 1024;

    private final Channel channel;
    private final ConversationHandler handler;
    private final TranscriptRecorder recorder;
    private final BooleanSupplier onIoThread;
    private final ReplyLimits limits;

    NettyConnection(Channel channel, ConversationHandler handler, TranscriptRecorder recorder,
            BooleanSupplier onIoThread, ReplyLimits limits) {
        this.channel = channel;
        this.handler = handler; // not looked up: a channel the server closed at once has an empty pipeline
        this.recorder = recorder;
        this.onIoThread = onIoThread;
        this.limits = limits;
    }

    @Override
    public CompletableFuture<Reply> greeting() {
        return handler.greeting().future;
    }

    @Override
    public CompletableFuture<Reply> send(Step step, Command command, Duration timeout) {
        var p = new Pending(step);
        write(p, command, timeout, () -> { });
        return p.future;
    }

    /**
     * On the I/O thread: queues {@code p} (or fails it if the connection is gone), runs {@code beforeWrite}, records
     * the command and writes it; the step's timer starts once the line is written.
     */
    private void write(Pending p, Command command, Duration timeout, Runnable beforeWrite) {
        channel.eventLoop().execute(() -> {
            if (!handler.expect(p)) {
                return;
            }
            beforeWrite.run();
            recorder.sent(command.display());
            channel.writeAndFlush(request(command)).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    p.start(channel.eventLoop(), timeout, handler::timedOut);
                } else {
                    handler.writeFailed(p, f.cause());
                }
            });
        });
    }

    @Override
    public List<CompletableFuture<Reply>> sendBatch(List<Step> steps, List<Command> commands, List<Duration> timeouts) {
        var pending = new java.util.ArrayList<Pending>();
        for (Step step : steps) {
            pending.add(new Pending(step));
        }
        channel.eventLoop().execute(() -> {
            for (int i = 0; i < commands.size(); i++) {
                Pending p = pending.get(i);
                if (!handler.expect(p)) {
                    pending.subList(i + 1, pending.size()).forEach(handler::expect); // fail the rest alike
                    return;
                }
                recorder.sent(commands.get(i).display());
                int index = i;
                channel.write(request(commands.get(i))).addListener((ChannelFuture f) -> {
                    if (f.isSuccess()) {
                        p.start(channel.eventLoop(), timeouts.get(index), handler::timedOut);
                    } else {
                        handler.writeFailed(p, f.cause());
                    }
                });
            }
            channel.flush();
        });
        return pending.stream().map(p -> p.future).toList();
    }

    @Override
    public CompletableFuture<Reply> sendChunk(byte[] chunk, boolean last, Duration timeout) {
        var p = new Pending(Step.BDAT);
        var command = new Command("BDAT", last ? List.of(String.valueOf(chunk.length), "LAST")
                : List.of(String.valueOf(chunk.length)), "");
        channel.eventLoop().execute(() -> {
            if (!handler.expect(p)) {
                return;
            }
            recorder.sent(command.line());
            recorder.sent("[" + chunk.length + " octets of chunk data]");
            channel.write(Unpooled.copiedBuffer((command.line() + "\r\n").getBytes(StandardCharsets.US_ASCII)));
            channel.writeAndFlush(Unpooled.wrappedBuffer(chunk)).addListener((ChannelFuture f) -> {
                if (f.isSuccess()) {
                    p.start(channel.eventLoop(), timeout, handler::timedOut);
                } else {
                    handler.writeFailed(p, f.cause());
                }
            });
        });
        return p.future;
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

    @Override
    public CompletableFuture<Reply> sendContent(byte[] content, List<String> displayLines, Duration blockTimeout,
            Duration endTimeout) {
        var p = new Pending(Step.DATA_CONTENT);
        channel.eventLoop().execute(() -> {
            if (!handler.expect(p)) {
                return;
            }
            displayLines.forEach(recorder::sent);
            recorder.sent(".");
            writeBlocks(content, 0, p, blockTimeout, endTimeout);
        });
        return p.future;
    }

    /**
     * Writes the content one block at a time: the next block is written when the previous one has been taken,
     * and each block must be taken within {@code blockTimeout} (RFC 5321 §4.5.3.2.5), so a slow but steady
     * reader of a large message never times out. After the last block (with the final dot) the DATA
     * termination timeout starts.
     */
    private void writeBlocks(byte[] content, int offset, Pending p, Duration blockTimeout, Duration endTimeout) {
        if (p.future.isDone()) {
            // failed meanwhile, or the server answered before the final dot: the stream is mid-message
            handler.close();
            return;
        }
        int n = Math.min(BLOCK_SIZE, content.length - offset);
        boolean isLast = offset + n >= content.length;
        var buf = Unpooled.wrappedBuffer(content, offset, n);
        Object block = isLast ? new DefaultLastSmtpContent(buf) : new DefaultSmtpContent(buf);
        ScheduledFuture<?> guard = channel.eventLoop().schedule(
                () -> handler.blockTimedOut(p, blockTimeout), blockTimeout.toNanos(), TimeUnit.NANOSECONDS);
        channel.writeAndFlush(block).addListener((ChannelFuture f) -> {
            guard.cancel(false);
            if (!f.isSuccess()) {
                handler.writeFailed(p, f.cause());
            } else if (isLast) {
                p.start(channel.eventLoop(), endTimeout, handler::timedOut);
            } else {
                writeBlocks(content, offset + n, p, blockTimeout, endTimeout);
            }
        });
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
        p.future.whenComplete((reply, error) -> {
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
            var failure = new TlsFailedException(TlsFailure.HANDSHAKE, "could not set up TLS: " + e, reply, null, e,
                    recorder.snapshot());
            handler.tlsFailed(failure);
            outcome.completeExceptionally(failure);
            return;
        }
        if (tls.isInsecure()) {
            recorder.info("certificate verification is OFF (trustAllCertificatesInsecure)");
        }
        var pipeline = channel.pipeline();
        pipeline.remove(ReplyDecoder.class);
        pipeline.addFirst(NettyTransport.TLS, session.handler());
        pipeline.addAfter(NettyTransport.TLS, NettyTransport.DECODER, new ReplyDecoder(limits));
        handler.onHandshake(done -> {
            if (done.isSuccess()) {
                TlsFacts facts = session.facts();
                handler.tlsEstablished(facts);
                outcome.complete(new StartTlsOutcome(reply, facts));
            } else {
                TlsFailedException failure = session.failure(done.cause(), reply, recorder);
                handler.tlsFailed(failure);
                outcome.completeExceptionally(failure);
            }
        });
    }

    @Override
    public Optional<TlsFacts> tls() {
        return Optional.ofNullable(handler.tls());
    }

    @Override
    public void abandonContent() {
        channel.eventLoop().execute(() -> {
            if (channel.pipeline().get(SmtpRequestEncoder.class) != null) {
                channel.pipeline().replace(SmtpRequestEncoder.class, NettyTransport.ENCODER, new SmtpRequestEncoder());
            }
        });
    }

    @Override
    public boolean inEventLoop() {
        return onIoThread.getAsBoolean();
    }

    @Override
    public boolean isOpen() {
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
