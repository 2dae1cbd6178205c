package dev.smtpprobe;

import dev.smtpprobe.spi.Command;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.StartTlsOutcome;
import dev.smtpprobe.spi.TranscriptRecorder;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Connection} whose replies the test gives by hand, one at a time ({@link #answer(String)}), so that a test
 * can look at the session while a step is still waiting. Records every line written and every close.
 */
final class ManualConnection implements Connection {

    private final TranscriptRecorder recorder = new TranscriptRecorder(TranscriptListener.NONE);
    private final List<String> written = new ArrayList<>();
    private final Deque<CompletableFuture<Reply>> waiting = new ArrayDeque<>();
    private Optional<TlsFacts> tls = Optional.empty();
    private volatile boolean open = true;
    private volatile int closes;

    /** A session on this connection, greeted with {@code 220 mx.test}. */
    static SmtpSession session(ManualConnection connection, ProbeOptions options) {
        return new SmtpSession(new SessionCore(connection, connection.recorder, options, "mx.test"),
                ScriptedConnection.parse("220 mx.test ESMTP"));
    }

    /** Every command line written so far, as displayed. */
    synchronized List<String> written() {
        return List.copyOf(written);
    }

    /** How many times the session closed the connection. */
    int closes() {
        return closes;
    }

    /** Whether a command waits for its reply. */
    synchronized boolean isWaiting() {
        return !waiting.isEmpty();
    }

    /** Answers the oldest waiting command with a reply written as on the wire ({@code "250-a\n250 b"}). */
    void answer(String wire) {
        CompletableFuture<Reply> next;
        synchronized (this) {
            next = waiting.poll();
        }
        if (next == null) {
            throw new AssertionError("no command is waiting for " + wire);
        }
        next.complete(ScriptedConnection.parse(wire));
    }

    /** Fails the oldest waiting command with {@code failure}. */
    void fail(RuntimeException failure) {
        CompletableFuture<Reply> next;
        synchronized (this) {
            next = waiting.poll();
        }
        next.completeExceptionally(failure);
    }

    private synchronized CompletableFuture<Reply> write(String display) {
        written.add(display);
        recorder.sent(display);
        var reply = new CompletableFuture<Reply>();
        if (!open) {
            reply.completeExceptionally(new ConnectionLostException(Step.COMMAND, List.of(), "closed", null,
                    recorder.snapshot(), ClosedBy.CLIENT));
            return reply;
        }
        waiting.add(reply);
        return reply;
    }

    @Override
    public CompletableFuture<Reply> greeting() {
        return CompletableFuture.completedFuture(ScriptedConnection.parse("220 mx.test ESMTP"));
    }

    @Override
    public CompletableFuture<Reply> send(Step step, Command command, Duration timeout) {
        return write(command.display());
    }

    @Override
    public List<CompletableFuture<Reply>> sendBatch(List<Step> steps, List<Command> commands, List<Duration> timeouts) {
        return commands.stream().map(c -> write(c.display())).toList();
    }

    @Override
    public CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout) {
        return write("BDAT " + length + (last ? " LAST" : ""));
    }

    @Override
    public CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout,
            Duration endTimeout) {
        return write(".");
    }

    @Override
    public dev.smtpprobe.spi.ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout) {
        return new dev.smtpprobe.spi.ContentSink() {
            @Override
            public CompletableFuture<Void> write(byte[] message, int off, int len) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Reply> end() {
                return ManualConnection.this.write(".");
            }

            @Override
            public void abort(ProbeException failure) {
                close();
            }

            @Override
            public long written() {
                return 0;
            }
        };
    }

    @Override
    public CompletableFuture<StartTlsOutcome> startTls(Command command, Duration timeout, TlsOptions options, String host) {
        return write(command.display()).thenApply(reply -> {
            if (reply.code() != 220) {
                return new StartTlsOutcome(reply, null);
            }
            var facts = TlsFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256").sniName(host)
                    .peerChain(List.of()).verificationEnabled(true).trusted(true).hostnameChecked(host)
                    .hostnameMatched(true).build();
            tls = Optional.of(facts);
            return new StartTlsOutcome(reply, facts);
        });
    }

    @Override
    public Optional<TlsFacts> tls() {
        return tls;
    }

    @Override
    public void abandonContent() {
        // no encoder to reset
    }

    @Override
    public boolean inEventLoop() {
        return false;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return new InetSocketAddress("192.0.2.25", 25);
    }

    @Override
    public InetSocketAddress localAddress() {
        return new InetSocketAddress("192.0.2.1", 40000);
    }

    @Override
    public CompletableFuture<Void> close() {
        open = false;
        closes++;
        return CompletableFuture.completedFuture(null);
    }
}
