package dev.smtpprobe;

import dev.smtpprobe.spi.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Collects a whole transaction — MAIL, each RCPT, DATA — and sends it as one PIPELINING batch (RFC 2920 §3.1)
 * when {@link #data(String)} is called: one round trip for the envelope, one for the content. Every reply is
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
        steps.add(Step.MAIL);
        commands.add(hello.mailCommand(from, mailParameters));
        for (Recipient r : recipients) {
            steps.add(Step.RCPT);
            commands.add(core.pathCommand("RCPT", "TO:", r.address(), mailParameters.smtpUtf8(), r.params().toList()));
        }
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
        CompletableFuture<Transaction> tx = core.exchange(Step.MAIL, commands.get(0))
                .thenApply(r -> Transaction.started(core, hello, mailParameters, r));
        for (int i = 0; i < recipients.size(); i++) {
            String address = recipients.get(i).address();
            Command rcpt = commands.get(i + 1);
            tx = tx.thenCompose(t -> core.exchange(Step.RCPT, rcpt).thenApply(r -> t.withRecipient(new RecipientReply(address, r))));
        }
        return tx.thenCompose(t -> core.data(t, message));
    }
}
