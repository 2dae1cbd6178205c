package dev.smtpprobe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A mail transaction (RFC 5321 §3.3): the MAIL reply and one reply per {@code RCPT TO} so far. Each
 * {@link #rcptTo(String, String...)} returns a new, longer snapshot; a rejected recipient does not end the
 * transaction. {@link #data(String)} ends it.
 */
public final class Transaction extends SessionStage {

    private final Hello hello;
    private final Reply mailReply;
    private final List<RecipientReply> recipients;

    private Transaction(SessionCore core, Hello hello, Reply mailReply, List<RecipientReply> recipients) {
        super(core, hello.session());
        this.hello = hello;
        this.mailReply = mailReply;
        this.recipients = List.copyOf(recipients);
    }

    static Transaction started(SessionCore core, Hello hello, Reply mailReply) {
        return new Transaction(core, hello, mailReply, List.of());
    }

    /** The reply to the last command of the transaction so far: the last RCPT, or MAIL when there is none. */
    @Override
    public Reply reply() {
        return recipients.isEmpty() ? mailReply : recipients.get(recipients.size() - 1).reply();
    }

    /** The reply to MAIL FROM. */
    public Reply mailReply() {
        return mailReply;
    }

    /** Each RCPT's address and reply, in order. */
    public List<RecipientReply> recipients() {
        return recipients;
    }

    /** The addresses the server accepted. */
    public List<String> acceptedRecipients() {
        return recipients.stream().filter(RecipientReply::accepted).map(RecipientReply::address).toList();
    }

    /** The stage after EHLO/HELO this transaction started from. */
    public Hello hello() {
        return hello;
    }

    /**
     * {@code RCPT TO:<address> [params]} (RFC 5321 §4.1.1.3); the result holds this recipient's reply as
     * {@link #reply()} and all recipients' replies in {@link #recipients()}.
     */
    public Transaction rcptTo(String address, String... params) {
        return core.await(() -> rcptToAsync(address, params), Step.RCPT);
    }

    /** Async {@link #rcptTo(String, String...)}. */
    public CompletableFuture<Transaction> rcptToAsync(String address, String... params) {
        var command = core.pathCommand("RCPT", "TO:", address, params);
        return core.exchange(Step.RCPT, command).thenApply(r -> {
            var all = new ArrayList<>(recipients);
            all.add(new RecipientReply(address, r));
            return new Transaction(core, hello, mailReply, all);
        });
    }

    /**
     * {@code DATA}, and the message if the server answers {@code 354} (RFC 5321 §4.1.1.4): the text is sent as
     * UTF-8 with line endings made CRLF, lines starting with a dot doubled and a final CRLF added. A refused DATA
     * is a result too (see {@link DataResult#dataReply()}); the session stays usable.
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
        return core.data(this, message.clone());
    }

    @Override
    public String toString() {
        return "Transaction[MAIL " + mailReply.code() + ", RCPT " + recipients.stream().map(r -> r.address() + " "
                + r.reply().code()).toList() + "]";
    }
}
