package dev.smtpprobe;

import dev.smtpprobe.spi.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a whole transaction — MAIL, each RCPT, DATA — and sends it as one PIPELINING batch (RFC 2920 §3.1)
 * when {@link #data(String)} is called: one round trip for the envelope, one for the content. With CHUNKING,
 * {@link #dataChunked(byte[], int)} and {@link #bdatLast(byte[])} send MAIL, the RCPTs and the first BDAT chunk in
 * one batch instead (RFC 3030 §4.2): one round trip for envelope and message when it fits one chunk. Every reply is
 * matched to its command in the resulting {@link Transaction}. When the server does not offer PIPELINING (and
 * {@link ProbeOptions#pipelining()} is not ALWAYS) the same commands go one by one, with the same result shape.
 */
public final class PipelinedTransaction {

    private record Recipient(String address, RcptParameters params) {}

    private final SessionCore core;
    private final Hello hello;
    private String from;
    private MailParameters mailParameters = MailParameters.NONE;
    private final List<Recipient> recipients = new ArrayList<>();

    PipelinedTransaction(SessionCore core, Hello hello) {
        this.core = core;
        this.hello = hello;
    }

    /** The sender (checked when the batch is built). */
    public PipelinedTransaction mailFrom(String address) {
        return mailFrom(address, MailParameters.NONE);
    }

    /** The sender with typed parameters. */
    public PipelinedTransaction mailFrom(String address, MailParameters params) {
        this.from = address;
        this.mailParameters = params;
        return this;
    }

    /** One more recipient. */
    public PipelinedTransaction rcptTo(String address) {
        return rcptTo(address, RcptParameters.NONE);
    }

    /** One more recipient with typed parameters (NOTIFY, ORCPT). */
    public PipelinedTransaction rcptTo(String address, RcptParameters params) {
        recipients.add(new Recipient(address, params));
        return this;
    }

    /** Whether {@link #data(String)} will pipeline: the server offers PIPELINING, or the options say ALWAYS. */
    public boolean willPipeline() {
        return switch (core.options().pipelining()) {
            case ALWAYS -> true;
            case NEVER -> false;
            case WHEN_OFFERED -> hello.capabilities().supportsPipelining();
        };
    }

    /** Sends the transaction and the message (UTF-8, dot-stuffed, CRLF); see {@link Transaction#data(String)}. */
    public DataResult data(String message) {
        return data(message.getBytes(StandardCharsets.UTF_8));
    }

    /** {@link #data(String)} for bytes. */
    public DataResult data(byte[] message) {
        return core.await(() -> dataAsync(message), Step.DATA_CONTENT,
                core.dataBound(message.length).plus(core.options().timeouts().mail()));
    }

    /** Async {@link #data(String)}. */
    public CompletableFuture<DataResult> dataAsync(String message) {
        return dataAsync(message.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Async {@link #data(byte[])}; arguments are checked, and refused, before anything is written. The whole batch
     * (MAIL, RCPTs, DATA, content) is one step of the session.
     */
    public CompletableFuture<DataResult> dataAsync(byte[] message) {
        return core.step(Step.DATA_CONTENT, () -> send(message));
    }

    /**
     * MAIL, the RCPTs and the message as BDAT chunks of {@code chunkSize} octets (RFC 3030 §2), the first chunk in the
     * same batch as the envelope (RFC 3030 §4.2: BDAT may be pipelined), the rest one round trip each; the last goes
     * with LAST. The octets go as they are (no dot-stuffing, no line-ending changes). Stops at the first chunk the
     * server refuses, as {@link Transaction#dataChunked(byte[], int)} does; every reply is matched to its command
     * (a chunk refused because every RCPT was is in {@link DataResult#chunkReplies()} like any other). The server
     * reads the whole chunk before it answers BDAT: a reply that comes before the chunk was written is a
     * {@link ProtocolViolationException}, never taken as its answer. Sent command by command when the batch may not
     * be pipelined ({@link #willPipeline()}).
     */
    public DataResult dataChunked(byte[] message, int chunkSize) {
        return core.await(() -> dataChunkedAsync(message, chunkSize), Step.BDAT,
                core.dataBound(message.length).plus(core.options().timeouts().mail()));
    }

    /** Async {@link #dataChunked(byte[], int)}; the whole transaction is one step, its arguments checked first. */
    public CompletableFuture<DataResult> dataChunkedAsync(byte[] message, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1");
        }
        return core.step(Step.BDAT, () -> sendChunked(message.clone(), chunkSize));
    }

    /** {@link #dataChunked(byte[], int)} with the whole message as one {@code BDAT n LAST} chunk in the batch. */
    public DataResult bdatLast(byte[] message) {
        return dataChunked(message, Math.max(1, message.length));
    }

    /** Async {@link #bdatLast(byte[])}. */
    public CompletableFuture<DataResult> bdatLastAsync(byte[] message) {
        return dataChunkedAsync(message, Math.max(1, message.length));
    }

    private CompletableFuture<DataResult> sendChunked(byte[] message, int chunkSize) {
        var steps = new ArrayList<Step>();
        var commands = new ArrayList<Command>();
        envelope(steps, commands);
        int first = Math.min(message.length, chunkSize);
        boolean last = first == message.length;
        var refusalSteps = new ArrayList<>(steps);
        var refusalCommands = new ArrayList<>(commands);
        refusalSteps.add(Step.BDAT);
        refusalCommands.add(SessionCore.command("BDAT", last ? List.of(String.valueOf(first), "LAST")
                : List.of(String.valueOf(first))));
        var refused = core.refusal(refusalSteps, refusalCommands); // the whole transaction, before its first byte
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        if (!willPipeline()) {
            return sequentialEnvelope(commands).thenCompose(t -> t.chunksFrom(message, 0, chunkSize));
        }
        List<CompletableFuture<Reply>> replies = core.batch(steps, commands);
        // accepted recipients are counted when the chunk's first reply is in: every RCPT reply came before it
        EndReplies end = EndReplies.of(core.options(), mailParameters, () -> (int) replies.subList(1, replies.size())
                .stream().filter(f -> f.isDone() && !f.isCompletedExceptionally() && f.join().isPositive()).count());
        CompletableFuture<Reply> chunkReply = core.chunk(java.util.Arrays.copyOf(message, first), first, last, end);
        var all = new ArrayList<CompletableFuture<?>>(replies);
        all.add(chunkReply);
        return CompletableFuture.allOf(all.toArray(new CompletableFuture<?>[0])).thenCompose(done -> {
            var tx = new Transaction(core, hello, mailParameters, replies.get(0).join(), recipientReplies(replies),
                    List.of(), true).withChunkReply(chunkReply.join());
            if (last) {
                core.transactionEnded();
                return CompletableFuture.completedFuture(DataResult.ofChunks(tx, end));
            }
            return tx.reply().isPositive() ? tx.chunksFrom(message, first, chunkSize)
                    : CompletableFuture.completedFuture(DataResult.ofChunks(tx));
        });
    }

    /** MAIL and the RCPTs, checked; refuses a transaction without sender or recipient. */
    private void envelope(List<Step> steps, List<Command> commands) {
        if (from == null || recipients.isEmpty()) {
            throw new IllegalStateException("a pipelined transaction needs mailFrom and at least one rcptTo");
        }
        steps.add(Step.MAIL);
        commands.add(hello.mailCommand(from, mailParameters));
        for (Recipient r : recipients) {
            steps.add(Step.RCPT);
            commands.add(core.pathCommand("RCPT", "TO:", r.address(), mailParameters.smtpUtf8(), r.params().toList()));
        }
    }

    private CompletableFuture<DataResult> send(byte[] message) {
        if (from == null || recipients.isEmpty()) {
            throw new IllegalStateException("a pipelined transaction needs mailFrom and at least one rcptTo");
        }
        if (mailParameters.body() == MailParameters.Body.BINARYMIME) {
            throw new IllegalStateException("BODY=BINARYMIME can only be sent with BDAT (RFC 3030 §3); nothing was sent");
        }
        byte[] copy = message.clone();
        var steps = new ArrayList<Step>();
        var commands = new ArrayList<Command>();
        envelope(steps, commands);
        steps.add(Step.DATA);
        commands.add(SessionCore.command("DATA", List.of()));
        var refused = core.refusal(steps, commands); // the whole transaction, before its first byte
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        if (!willPipeline()) {
            return sequentially(commands, copy);
        }
        List<CompletableFuture<Reply>> replies = core.batch(steps, commands);
        return CompletableFuture.allOf(replies.toArray(new CompletableFuture<?>[0])).thenCompose(done -> {
            var tx = new Transaction(core, hello, mailParameters, replies.get(0).join(), recipientReplies(replies),
                    List.of(), true);
            return core.content(tx, replies.get(replies.size() - 1).join(), copy);
        });
    }

    private List<RecipientReply> recipientReplies(List<CompletableFuture<Reply>> replies) {
        var out = new ArrayList<RecipientReply>();
        for (int i = 0; i < recipients.size(); i++) {
            out.add(new RecipientReply(recipients.get(i).address(), replies.get(i + 1).join()));
        }
        return out;
    }

    /** The same commands one round trip each, for a server without PIPELINING. */
    private CompletableFuture<DataResult> sequentially(List<Command> commands, byte[] message) {
        return sequentialEnvelope(commands).thenCompose(t -> core.data(t, message));
    }

    /** MAIL and the RCPTs ({@code commands}' first ones) one round trip each. */
    private CompletableFuture<Transaction> sequentialEnvelope(List<Command> commands) {
        CompletableFuture<Transaction> tx = core.exchange(Step.MAIL, commands.get(0),
                r -> Transaction.started(core, hello, mailParameters, r));
        for (int i = 0; i < recipients.size(); i++) {
            String address = recipients.get(i).address();
            Command rcpt = commands.get(i + 1);
            tx = tx.thenCompose(t -> core.exchange(Step.RCPT, rcpt, r -> t.withRecipient(new RecipientReply(address, r))));
        }
        return tx;
    }
}
