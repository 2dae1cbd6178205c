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
 * A {@link Connection} to a server that answers from a script: every command (and the content after DATA, and
 * STARTTLS) gets the next reply, recorded in the transcript as the Netty transport records it.
 */
final class ScriptedConnection implements Connection {

    private final TranscriptRecorder recorder;
    private final Reply greeting;
    private final Deque<Reply> replies;
    private final String host;
    private Optional<TlsFacts> tls = Optional.empty();
    private boolean open = true;

    ScriptedConnection(TranscriptRecorder recorder, String host, Reply greeting, List<Reply> replies) {
        this.recorder = recorder;
        this.host = host;
        this.greeting = greeting;
        this.replies = new ArrayDeque<>(replies);
        recorder.info("Connected to " + host + " (192.0.2.25:25)");
        received(greeting);
    }

    /** Reads a reply as it is on the wire, lines separated by {@code \n}: {@code "250-first\n250 last"}. */
    static Reply parse(String wire) {
        var texts = new ArrayList<String>();
        int code = 0;
        for (String line : wire.split("\n", -1)) {
            code = Integer.parseInt(line.substring(0, 3));
            texts.add(line.length() > 4 ? line.substring(4) : "");
        }
        return new Reply(code, texts, Duration.ofMillis(3));
    }

    private void received(Reply reply) {
        reply.toString().lines().forEach(recorder::received);
    }

    private CompletableFuture<Reply> next(String what) {
        Reply reply = replies.poll();
        if (reply == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("the script has no reply for " + what));
        }
        received(reply);
        return CompletableFuture.completedFuture(reply);
    }

    @Override
    public CompletableFuture<Reply> greeting() {
        return CompletableFuture.completedFuture(greeting);
    }

    @Override
    public CompletableFuture<Reply> send(Step step, Command command, Duration timeout) {
        recorder.sent(command.display());
        return next(command.display());
    }

    @Override
    public List<CompletableFuture<Reply>> sendBatch(List<Step> steps, List<Command> commands, List<Duration> timeouts) {
        return commands.stream().map(c -> send(Step.COMMAND, c, Duration.ZERO)).toList();
    }

    @Override
    public CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout) {
        String line = "BDAT " + length + (last ? " LAST" : "");
        recorder.sent(line);
        recorder.content("[" + length + " octets of chunk data]");
        return next(line);
    }

    @Override
    public CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout,
            Duration endTimeout) {
        var encoder = new dev.smtpprobe.spi.ContentEncoder(displayLines, (end, text, ascii) -> recorder.content(text));
        byte[] block = new byte[4096];
        for (int pos = 0; pos < message.length; ) {
            pos += encoder.encode(message, pos, message.length - pos, block, 0, block.length);
        }
        encoder.finish(block, 0);
        encoder.summary().ifPresent(recorder::content);
        recorder.sent(".");
        return next("the message content");
    }

    @Override
    public dev.smtpprobe.spi.ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout) {
        var encoder = new dev.smtpprobe.spi.ContentEncoder(displayLines, (end, text, ascii) -> recorder.content(text));
        byte[] block = new byte[4096];
        return new dev.smtpprobe.spi.ContentSink() {
            @Override
            public CompletableFuture<Void> write(byte[] message, int off, int len) {
                for (int pos = off; pos < off + len; ) {
                    pos += encoder.encode(message, pos, off + len - pos, block, 0, block.length);
                }
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public CompletableFuture<Reply> end() {
                encoder.finish(block, 0);
                encoder.summary().ifPresent(recorder::content);
                recorder.sent(".");
                return next("the message content");
            }

            @Override
            public void abort(ProbeException failure) {
                close();
            }

            @Override
            public long written() {
                return encoder.octets();
            }
        };
    }

    @Override
    public CompletableFuture<StartTlsOutcome> startTls(Command command, Duration timeout, TlsOptions options, String name) {
        recorder.sent(command.display());
        return next(command.display()).thenApply(reply -> {
            if (reply.code() != 220) {
                return new StartTlsOutcome(reply, null);
            }
            var facts = TlsFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256").sniName(host)
                    .trusted(true).hostnameChecked(host).hostnameMatched(true).build();
            tls = Optional.of(facts);
            recorder.tls(true);
            recorder.info("TLS started: " + facts.summary());
            return new StartTlsOutcome(reply, facts);
        });
    }

    @Override
    public Optional<TlsFacts> tls() {
        return tls;
    }

    @Override
    public void abandonContent() {
        // nothing to reset: there is no encoder
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
        recorder.info("Connection closed");
        return CompletableFuture.completedFuture(null);
    }
}
