package dev.smtpprobe.spi;

import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsOptions;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One SMTP connection as the API sees it: write a command, get its reply. Every future completes, either with a
 * {@link Reply} or with a {@link dev.smtpprobe.ProbeException} (timeout, connection lost, protocol violation);
 * after such a failure the connection is closed.
 */
public interface Connection {

    /** The server's greeting, read within the greeting timeout from the moment the connection opened. */
    CompletableFuture<Reply> greeting();

    /** Writes the command and completes with its reply; the timeout starts once the line is written. */
    CompletableFuture<Reply> send(Step step, Command command, Duration timeout);

    /**
     * Writes several commands with one flush (PIPELINING, RFC 2920) and completes each future with its own reply,
     * in order; each timeout starts once the batch is written.
     */
    List<CompletableFuture<Reply>> sendBatch(List<Step> steps, List<Command> commands, List<Duration> timeouts);

    /**
     * Writes {@code BDAT n [LAST]}, {@code n} being {@code length}, and {@code chunk[0, length)} as they are (no
     * dot-stuffing, RFC 3030 §2) in blocks, and completes with the reply; the timeout starts once the chunk is
     * written. The transport reads the array until the future completes; the caller may reuse it afterwards.
     */
    CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout);

    /**
     * {@link #sendChunk(byte[], int, boolean, Duration)} for a last chunk that may be answered by several replies
     * (LMTP, PRDR: see {@link MoreReplies}); the future completes with the first once {@code more} has had the rest.
     * The default takes one reply and supports only {@link MoreReplies#NONE}.
     */
    default CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout,
            MoreReplies more) {
        requireOneReply(more);
        return sendChunk(chunk, length, last, timeout);
    }

    /**
     * Writes message content after a {@code 354}: {@code message} as the caller gave it; the transport encodes it
     * with a {@link ContentEncoder} block by block straight into its outgoing buffers (never a whole copy), adds
     * the CRLF of an unterminated last line and the final {@code .CRLF}. Each block must be taken within
     * {@code blockTimeout}, the reply must come within {@code endTimeout} of the final dot. The first
     * {@code displayLines} lines go to the transcript as they are written, then a summary line. The transport
     * reads the array until the future completes.
     */
    CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout, Duration endTimeout);

    /**
     * {@link #sendContent(byte[], int, Duration, Duration)} for content whose final dot may be answered by several
     * replies (LMTP, PRDR: see {@link MoreReplies}); the future completes with the first once {@code more} has had
     * the rest. The default takes one reply and supports only {@link MoreReplies#NONE}.
     */
    default CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout,
            Duration endTimeout, MoreReplies more) {
        requireOneReply(more);
        return sendContent(message, displayLines, blockTimeout, endTimeout);
    }

    /**
     * The same for content the caller reads from elsewhere and hands over in parts ({@link ContentSink}), after a
     * {@code 354}; the step's reply is {@link ContentSink#end()}'s.
     */
    ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout);

    /**
     * {@link #openContent(int, Duration, Duration)} for content whose final dot may be answered by several replies
     * (LMTP, PRDR: see {@link MoreReplies}); {@link ContentSink#end()} completes with the first once {@code more}
     * has had the rest. The default takes one reply and supports only {@link MoreReplies#NONE}.
     */
    default ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout, MoreReplies more) {
        requireOneReply(more);
        return openContent(displayLines, blockTimeout, endTimeout);
    }

    /** What the one-reply defaults accept: {@link MoreReplies#NONE} only. */
    private static void requireOneReply(MoreReplies more) {
        if (more != MoreReplies.NONE) {
            throw new UnsupportedOperationException("this transport takes one reply to the end of a message;"
                    + " LMTP and PRDR need one that implements the MoreReplies overloads");
        }
    }

    /**
     * Sends STARTTLS (RFC 3207); on {@code 220}, makes sure no byte followed the reply (response injection is a
     * {@link dev.smtpprobe.ProtocolViolationException}), switches the connection to TLS and completes after the
     * handshake with its facts. Another reply completes the outcome without facts, the connection unchanged. A
     * failed handshake or verification fails with {@link dev.smtpprobe.TlsFailedException} and closes.
     */
    CompletableFuture<StartTlsOutcome> startTls(Command command, Duration timeout, TlsOptions tls, String host);

    /** The facts of the TLS in force (implicit or after STARTTLS), if any. */
    Optional<TlsFacts> tls();

    /** After a DATA that was not answered with 354: make the command encoder accept commands again. */
    void abandonContent();

    /**
     * Starts a step with {@code call} and waits, on the calling thread, at most {@code timeout} for its future: what a
     * blocking call does. A transport may run the connection's I/O on the waiting thread meanwhile (the thread that
     * waits does the work, no hand-off to another thread; Netty's transport does so for a connection opened with
     * {@link Transport#connectBlocking}); by default it waits for the transport's own threads. A
     * {@code RuntimeException} that {@code call} throws (a refusal before anything was sent) is thrown as it is.
     *
     * @throws ExecutionException   with the step's failure as its cause
     * @throws TimeoutException     when the future is not done within {@code timeout}
     * @throws InterruptedException when the waiting thread is interrupted
     */
    default <T> T await(Supplier<CompletableFuture<T>> call, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        return call.get().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** True when the calling thread is this connection's I/O thread (blocking there would deadlock). */
    boolean inEventLoop();

    /** True while the TCP connection is open. */
    boolean isOpen();

    /** The server's address. */
    InetSocketAddress remoteAddress();

    /** The client's address. */
    InetSocketAddress localAddress();

    /** Closes the TCP connection (no QUIT); completes when closed. */
    CompletableFuture<Void> close();
}
