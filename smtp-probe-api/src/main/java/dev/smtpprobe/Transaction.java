package dev.smtpprobe;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * A mail transaction (RFC 5321 §3.3): the MAIL reply, one reply per {@code RCPT TO} and, with CHUNKING, one per
 * {@code BDAT} chunk so far. Each step returns a new, longer snapshot; a rejected recipient does not end the
 * transaction. {@link #data(String)}, {@link #bdatLast(byte[])} or {@link #dataChunked(byte[], int)} end it; a
 * message of any size goes from a stream or a file with {@link #data(InputStream)}, {@link #data(Path)} or
 * {@link #dataChunked(InputStream, int)}, read while it is sent and never held whole.
 */
public final class Transaction extends SessionStage {

    private final Hello hello;
    private final MailParameters mailParameters;
    private final Reply mailReply;
    private final List<RecipientReply> recipients;
    private final List<Reply> chunkReplies;
    private final boolean pipelined;

    Transaction(SessionCore core, Hello hello, MailParameters mailParameters, Reply mailReply,
            List<RecipientReply> recipients, List<Reply> chunkReplies, boolean pipelined) {
        super(core, hello.session());
        this.hello = hello;
        this.mailParameters = mailParameters;
        this.mailReply = mailReply;
        this.recipients = List.copyOf(recipients);
        this.chunkReplies = List.copyOf(chunkReplies);
        this.pipelined = pipelined;
    }

    static Transaction started(SessionCore core, Hello hello, MailParameters params, Reply mailReply) {
        return new Transaction(core, hello, params, mailReply, List.of(), List.of(), false);
    }

    /** The reply to the last command of the transaction so far: the last BDAT, the last RCPT, or MAIL. */
    @Override
    public Reply reply() {
        if (!chunkReplies.isEmpty()) {
            return chunkReplies.get(chunkReplies.size() - 1);
        }
        return recipients.isEmpty() ? mailReply : recipients.get(recipients.size() - 1).reply();
    }

    /** The reply to MAIL FROM. */
    public Reply mailReply() {
        return mailReply;
    }

    /** The parameters MAIL FROM was sent with. */
    public MailParameters mailParameters() {
        return mailParameters;
    }

    /** Each RCPT's address and reply, in order. */
    public List<RecipientReply> recipients() {
        return recipients;
    }

    /** The addresses the server accepted. */
    public List<String> acceptedRecipients() {
        var accepted = new String[recipients.size()];
        int n = 0;
        for (RecipientReply r : recipients) {
            if (r.accepted()) {
                accepted[n++] = r.address();
            }
        }
        return List.of(n == accepted.length ? accepted : java.util.Arrays.copyOf(accepted, n));
    }

    /** The reply to each BDAT chunk so far (RFC 3030). */
    public List<Reply> chunkReplies() {
        return chunkReplies;
    }

    /**
     * Whether MAIL, the RCPTs and DATA (or the first BDAT chunk, RFC 3030 §4.2) went out as one PIPELINING batch
     * (RFC 2920).
     */
    public boolean isPipelined() {
        return pipelined;
    }

    /** The stage after EHLO/HELO this transaction started from. */
    public Hello hello() {
        return hello;
    }

    /**
     * {@code RCPT TO:<address> [params]} (RFC 5321 §4.1.1.3); the result holds this recipient's reply as
     * {@link #reply()} and all recipients' replies in {@link #recipients()}. The address and parameters are checked
     * as for {@link Hello#mailFrom(String, String...)}: never more than one path and one token per parameter;
     * {@code "Postmaster"} (RFC 5321 §4.1.1.3) and other addresses without domain, and {@code ""} ({@code <>},
     * which servers must refuse), are sent as told.
     */
    public Transaction rcptTo(String address, String... params) {
        return core.await(() -> rcptToAsync(address, params), Step.RCPT);
    }

    /** {@code RCPT TO} with typed parameters ({@code NOTIFY}, {@code ORCPT}, RFC 3461). */
    public Transaction rcptTo(String address, RcptParameters params) {
        return rcptTo(address, params.toList().toArray(new String[0]));
    }

    /** Async {@link #rcptTo(String, String...)}. */
    public CompletableFuture<Transaction> rcptToAsync(String address, String... params) {
        return core.step(Step.RCPT, () -> {
            var command = core.pathCommand("RCPT", "TO:", address, mailParameters.smtpUtf8(), Arrays.asList(params));
            return core.exchange(Step.RCPT, command, r -> withRecipient(new RecipientReply(address, r)));
        });
    }

    /** Async {@link #rcptTo(String, RcptParameters)}. */
    public CompletableFuture<Transaction> rcptToAsync(String address, RcptParameters params) {
        return rcptToAsync(address, params.toList().toArray(new String[0]));
    }

    /** This transaction with its first BDAT chunk's reply (a pipelined transaction's batch). */
    Transaction withChunkReply(Reply reply) {
        return withChunk(reply);
    }

    Transaction withRecipient(RecipientReply recipient) {
        var all = new ArrayList<>(recipients);
        all.add(recipient);
        return new Transaction(core, hello, mailParameters, mailReply, all, chunkReplies, pipelined);
    }

    /**
     * {@code DATA}, and the message if the server answers {@code 354} (RFC 5321 §4.1.1.4): the text is sent as
     * UTF-8 with line endings made CRLF, lines starting with a dot doubled and a final CRLF added. A refused DATA
     * is a result too (see {@link DataResult#dataReply()}); the session stays usable.
     *
     * @throws IllegalStateException when MAIL declared {@code BODY=BINARYMIME}, which only BDAT may carry
     */
    public DataResult data(String message) {
        return data(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@link #data(String)} for a message given as bytes, sent as they are but for line endings and dot-stuffing,
     * which the transport applies block by block on the way out: the array is neither copied nor changed, and
     * read until the call returns.
     */
    public DataResult data(byte[] message) {
        return core.await(() -> dataOf(message), Step.DATA_CONTENT, core.dataBound(message.length));
    }

    /** Async {@link #data(String)}. */
    public CompletableFuture<DataResult> dataAsync(String message) {
        return dataOf(message.getBytes(StandardCharsets.UTF_8)); // a fresh array: no copy needed
    }

    /** Async {@link #data(byte[])}; the array is copied first, so the caller may change it at once. */
    public CompletableFuture<DataResult> dataAsync(byte[] message) {
        return dataOf(message.clone());
    }

    private CompletableFuture<DataResult> dataOf(byte[] message) {
        return core.step(Step.DATA_CONTENT, () -> {
            refuseBinaryMimeOverData();
            return core.data(this, message);
        });
    }

    /**
     * {@link #data(byte[])} for a message of any size read from {@code message} while it is sent, never held whole:
     * after the {@code 354} it is read in parts of 64 KiB on this thread, each once the previous one has been
     * written, and dot-stuffed and made CRLF across the parts' boundaries. The stream is read to its end, not
     * closed. A DATA refused is a result, as for {@link #data(String)}, and the stream is not read.
     *
     * <p>When the stream fails (an {@link java.io.IOException}) after the {@code 354}, the content already written
     * cannot be taken back and a final dot would deliver half a message: the client closes the connection without
     * ending the content (the server discards the transaction) and this throws a {@link ContentReadException}
     * with the stream's exception as its cause. The session is closed then.
     *
     * @throws IllegalStateException when MAIL declared {@code BODY=BINARYMIME}, which only BDAT may carry
     * @throws ContentReadException  when the stream fails while the content is sent
     */
    public DataResult data(InputStream message) {
        Objects.requireNonNull(message, "message");
        return core.await(() -> core.step(Step.DATA_CONTENT, () -> {
            refuseBinaryMimeOverData();
            return CompletableFuture.completedFuture(core.streamedData(this, message));
        }), Step.DATA_CONTENT);
    }

    /**
     * Async {@link #data(InputStream)}: the stream is read on a reader thread of the library (never the transport's
     * I/O thread), a part at a time as the previous one is written; a failing stream fails the future with a
     * {@link ContentReadException} and closes the session.
     */
    public CompletableFuture<DataResult> dataAsync(InputStream message) {
        Objects.requireNonNull(message, "message");
        return core.step(Step.DATA_CONTENT, () -> {
            refuseBinaryMimeOverData();
            return core.streamedDataAsync(this, message);
        });
    }

    /**
     * {@link #data(InputStream)} for the file at {@code message}, opened before anything is sent and closed after;
     * the file is read while it is sent, never held whole.
     *
     * @throws UncheckedIOException when the file cannot be opened (nothing was sent)
     * @throws ContentReadException when reading it fails after the {@code 354} (the session is closed)
     */
    public DataResult data(Path message) {
        try (InputStream in = open(message)) {
            return data(in);
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + message, e); // the result is in; only the close failed
        }
    }

    /** Async {@link #data(Path)}; the file is opened on the caller's thread, read on a reader thread, then closed. */
    public CompletableFuture<DataResult> dataAsync(Path message) {
        InputStream in = open(message);
        CompletableFuture<DataResult> result;
        try {
            result = dataAsync(in);
        } catch (RuntimeException e) {
            closeQuietly(in);
            throw e;
        }
        return result.whenComplete((r, e) -> closeQuietly(in));
    }

    private static InputStream open(Path file) {
        Objects.requireNonNull(file, "message");
        try {
            return Files.newInputStream(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the message " + file + " (nothing was sent)", e);
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the step's result stands; a file that fails to close holds nothing of it
        }
    }

    private void refuseBinaryMimeOverData() {
        if (mailParameters.body() == MailParameters.Body.BINARYMIME) {
            throw new IllegalStateException("BODY=BINARYMIME can only be sent with BDAT (RFC 3030 §3); nothing was sent");
        }
    }

    /**
     * {@code BDAT n} with one chunk that is not the last (RFC 3030 §2): the bytes go as they are, no dot-stuffing.
     * The chunk's reply is {@link #reply()} of the returned transaction.
     */
    public Transaction bdat(byte[] chunk) {
        return core.await(() -> bdatAsync(chunk), Step.BDAT);
    }

    /** Async {@link #bdat(byte[])}. */
    public CompletableFuture<Transaction> bdatAsync(byte[] chunk) {
        return core.step(Step.BDAT, () -> bdatInStep(chunk.clone()));
    }

    private CompletableFuture<Transaction> bdatInStep(byte[] chunk) {
        return core.chunk(chunk, false).thenApply(this::withChunk);
    }

    /** {@code BDAT n LAST} with the final chunk (may be empty): ends the transaction; the reply carries the queue id. */
    public DataResult bdatLast(byte[] chunk) {
        return core.await(() -> bdatLastAsync(chunk), Step.BDAT);
    }

    /** Async {@link #bdatLast(byte[])}. */
    public CompletableFuture<DataResult> bdatLastAsync(byte[] chunk) {
        return core.step(Step.BDAT, () -> bdatLastInStep(chunk.clone()));
    }

    private CompletableFuture<DataResult> bdatLastInStep(byte[] chunk) {
        EndReplies replies = EndReplies.of(core.options(), this);
        return core.chunk(chunk, chunk.length, true, replies).thenApply(r -> {
            core.transactionEnded();
            return DataResult.ofChunks(withChunk(r), replies);
        });
    }

    /**
     * Sends the message with BDAT in chunks of {@code chunkSize} octets, the last with LAST (RFC 3030), and stops at
     * the first chunk the server refuses; every chunk's reply is in the result's transaction.
     */
    public DataResult dataChunked(byte[] message, int chunkSize) {
        return core.await(() -> dataChunkedAsync(message, chunkSize), Step.BDAT, core.dataBound(message.length));
    }

    /** Async {@link #dataChunked(byte[], int)}; every chunk is part of one step. */
    public CompletableFuture<DataResult> dataChunkedAsync(byte[] message, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1");
        }
        return core.step(Step.BDAT, () -> chunksFrom(message.clone(), 0, chunkSize));
    }

    /** The chunks of {@code message} from {@code offset} on, each once the previous one was accepted. */
    CompletableFuture<DataResult> chunksFrom(byte[] message, int offset, int chunkSize) {
        int end = Math.min(message.length, offset + chunkSize);
        byte[] chunk = Arrays.copyOfRange(message, offset, end);
        if (end >= message.length) {
            return bdatLastInStep(chunk);
        }
        return bdatInStep(chunk).thenCompose(tx -> tx.reply().isPositive()
                ? tx.chunksFrom(message, end, chunkSize)
                : CompletableFuture.completedFuture(DataResult.ofChunks(tx)));
    }

    /**
     * {@link #dataChunked(byte[], int)} for a message of any size read from {@code message} while it is sent
     * (RFC 3030): one buffer of {@code chunkSize} octets, filled on this thread for each chunk once the previous
     * chunk's reply is in; the chunk after which the stream ends is sent with LAST (an empty {@code BDAT 0 LAST}
     * for an empty stream). The octets go as they are. Stops at the first chunk the server refuses. The stream
     * is read to its end (or the refusal), not closed.
     *
     * <p>When the stream fails, the chunks already sent cannot be taken back and {@code BDAT LAST} would deliver
     * half a message: the client closes the connection (the server discards the transaction) and this throws a
     * {@link ContentReadException} with the stream's exception as its cause.
     *
     * @throws ContentReadException when the stream fails (the session is closed)
     */
    public DataResult dataChunked(InputStream message, int chunkSize) {
        checkChunked(message, chunkSize);
        return core.await(() -> core.step(Step.BDAT, () -> CompletableFuture.completedFuture(new StreamedChunks(message,
                chunkSize).sendBlocking())), Step.BDAT);
    }

    /**
     * Async {@link #dataChunked(InputStream, int)}: each chunk is read on a reader thread of the library (never the
     * transport's I/O thread) once the previous chunk's reply is in.
     */
    public CompletableFuture<DataResult> dataChunkedAsync(InputStream message, int chunkSize) {
        checkChunked(message, chunkSize);
        return core.step(Step.BDAT, () -> new StreamedChunks(message, chunkSize).sendAsync());
    }

    private static void checkChunked(InputStream message, int chunkSize) {
        Objects.requireNonNull(message, "message");
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1");
        }
    }

    /** BDAT chunks read from a stream into one reused buffer, with one octet read ahead to know the last chunk. */
    private final class StreamedChunks {
        private final InputStream in;
        private final byte[] chunk;
        private int ahead = -1;
        private long sent;
        private Transaction tx = Transaction.this;
        private final EndReplies replies = EndReplies.of(core.options(), Transaction.this);

        StreamedChunks(InputStream in, int chunkSize) {
            this.in = in;
            this.chunk = new byte[chunkSize];
        }

        /** Fills the buffer; returns its length, negative (minus one less) when it is the last chunk. */
        private int fill() {
            try {
                int n = 0;
                if (ahead >= 0) {
                    chunk[n++] = (byte) ahead;
                    ahead = -1;
                }
                n += in.readNBytes(chunk, n, chunk.length - n);
                if (n < chunk.length) {
                    return -n - 1;
                }
                ahead = in.read();
                return ahead < 0 ? -n - 1 : n;
            } catch (IOException | RuntimeException e) {
                throw core.contentReadFailed(Step.BDAT, sent, e, f -> core.connection().close());
            }
        }

        /** The chunk's reply is in: the next transaction, or the result when this was the last or was refused. */
        private DataResult answered(Reply reply, int length, boolean last) {
            sent += length;
            tx = tx.withChunk(reply);
            if (last) {
                core.transactionEnded();
                return DataResult.ofChunks(tx, replies);
            }
            return reply.isPositive() ? null : DataResult.ofChunks(tx);
        }

        DataResult sendBlocking() {
            while (true) {
                int filled = fill();
                boolean last = filled < 0;
                int n = last ? -filled - 1 : filled;
                Reply reply = core.join(core.chunk(chunk, n, last, replies), Step.BDAT, core.dataBound(n));
                DataResult done = answered(reply, n, last);
                if (done != null) {
                    return done;
                }
            }
        }

        CompletableFuture<DataResult> sendAsync() {
            var result = new CompletableFuture<DataResult>();
            next(result);
            return result;
        }

        private void next(CompletableFuture<DataResult> result) {
            StreamedMessage.READERS.execute(() -> {
                int filled;
                try {
                    filled = fill();
                } catch (ContentReadException e) {
                    result.completeExceptionally(e);
                    return;
                }
                boolean last = filled < 0;
                int n = last ? -filled - 1 : filled;
                core.chunk(chunk, n, last, replies).whenComplete((reply, e) -> {
                    if (e != null) {
                        result.completeExceptionally(e);
                        return;
                    }
                    DataResult done = answered(reply, n, last);
                    if (done != null) {
                        result.complete(done);
                    } else {
                        next(result);
                    }
                });
            });
        }
    }

    private Transaction withChunk(Reply reply) {
        var all = new ArrayList<>(chunkReplies);
        all.add(reply);
        return new Transaction(core, hello, mailParameters, mailReply, recipients, all, pipelined);
    }

    @Override
    public String toString() {
        return "Transaction[MAIL " + mailReply.code() + ", RCPT " + recipients.stream().map(r -> r.address() + " "
                + r.reply().code()).toList() + (chunkReplies.isEmpty() ? "" : ", BDAT " + chunkReplies.stream()
                .map(Reply::code).toList()) + (pipelined ? ", pipelined" : "") + "]";
    }
}
