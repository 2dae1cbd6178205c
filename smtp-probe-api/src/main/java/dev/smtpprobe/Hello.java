package dev.smtpprobe;

import java.util.concurrent.CompletableFuture;

/**
 * The session after {@code EHLO} or {@code HELO} (RFC 5321 §4.1.1.1): the reply, what the server offers, and
 * {@link #mailFrom(String, String...)} to start a mail transaction.
 */
public final class Hello extends SessionStage {

    private final boolean extended;
    private final Reply reply;
    private final Capabilities capabilities;

    Hello(SessionCore core, SmtpSession session, boolean extended, Reply reply) {
        super(core, session);
        this.extended = extended;
        this.reply = reply;
        this.capabilities = extended ? Capabilities.fromEhlo(reply) : Capabilities.NONE;
    }

    /** The reply to EHLO or HELO. */
    @Override
    public Reply reply() {
        return reply;
    }

    /** True after EHLO, false after HELO. */
    public boolean isExtended() {
        return extended;
    }

    /** The extensions the server offered in its EHLO reply; none after HELO or a negative reply. */
    public Capabilities capabilities() {
        return capabilities;
    }

    /**
     * {@code MAIL FROM:<address> [params]}: start a transaction (RFC 5321 §4.1.1.2). {@code ""} sends the null
     * reverse-path {@code <>}. Parameters are raw ESMTP parameters such as {@code SIZE=1000}; each is checked
     * (no CR, LF, NUL, non-ASCII or space) before anything is written.
     */
    public Transaction mailFrom(String address, String... params) {
        return core.await(() -> mailFromAsync(address, params), Step.MAIL);
    }

    /** Async {@link #mailFrom(String, String...)}. */
    public CompletableFuture<Transaction> mailFromAsync(String address, String... params) {
        var command = core.pathCommand("MAIL", "FROM:", address, params);
        return core.exchange(Step.MAIL, command).thenApply(r -> Transaction.started(core, this, r));
    }

    @Override
    public String toString() {
        return (extended ? "EHLO " : "HELO ") + reply;
    }
}
