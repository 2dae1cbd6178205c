package dev.smtpprobe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A mail transaction (RFC 5321 §3.3): the MAIL reply, one reply per {@code RCPT TO} and, with CHUNKING, one per
 * {@code BDAT} chunk so far. Each step returns a new, longer snapshot; a rejected recipient does not end the
 * transaction. {@link #data(String)}, {@link #bdatLast(byte[])} or {@link #dataChunked(byte[], int)} end it.
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
        return recipients.stream().filter(RecipientReply::accepted).map(RecipientReply::address).toList();
    }

    /** The reply to each BDAT chunk so far (RFC 3030). */
    public List<Reply> chunkReplies() {
        return chunkReplies;
    }

    /** Whether MAIL, the RCPTs and DATA went out as one PIPELINING batch (RFC 2920). */
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
            return core.exchange(Step.RCPT, command).thenApply(r -> withRecipient(new RecipientReply(address, r)));
        });
    }

    /** Async {@link #rcptTo(String, RcptParameters)}. */
    public CompletableFuture<Transaction> rcptToAsync(String address, RcptParameters params) {
        return rcptToAsync(address, params.toList().toArray(new String[0]));
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

    /** {@link #data(String)} for a message given as bytes, sent as they are but for line endings and dot-stuffing. */
    public DataResult data(byte[] message) {
        return core.await(() -> dataAsync(message), Step.DATA_CONTENT, core.dataBound(message.length));
    }

    /** Async {@link #data(String)}. */
    public CompletableFuture<DataResult> dataAsync(String message) {
        return dataAsync(message.getBytes(StandardCharsets.UTF_8));
    }

    /** Async {@link #data(byte[])}. */
    public CompletableFuture<DataResult> dataAsync(byte[] message) {
        return core.step(Step.DATA_CONTENT, () -> {
            refuseBinaryMimeOverData();
            return core.data(this, message.clone());
        });
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
        return core.chunk(chunk, true).thenApply(r -> {
            core.transactionEnded();
            return DataResult.ofChunks(withChunk(r));
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

    private CompletableFuture<DataResult> chunksFrom(byte[] message, int offset, int chunkSize) {
        int end = Math.min(message.length, offset + chunkSize);
        byte[] chunk = Arrays.copyOfRange(message, offset, end);
        if (end >= message.length) {
            return bdatLastInStep(chunk);
        }
        return bdatInStep(chunk).thenCompose(tx -> tx.reply().isPositive()
                ? tx.chunksFrom(message, end, chunkSize)
                : CompletableFuture.completedFuture(DataResult.ofChunks(tx)));
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
