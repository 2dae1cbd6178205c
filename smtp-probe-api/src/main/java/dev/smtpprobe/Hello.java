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

    /**
     * {@code STARTTLS} (RFC 3207): on {@code 220} the connection switches to TLS and the returned stage allows only
     * a new EHLO or HELO (or the commands valid anywhere): everything learned before TLS is forgotten (§4.2). Any
     * byte the server sent after its {@code 220} ends the session as a {@link ProtocolViolationException}
     * (response injection, CVE-2011-0411 class).
     *
     * @throws TlsFailedException when the server refuses (reply kept), or the handshake or verification fails
     */
    public TlsStarted startTls() {
        return core.await(this::startTlsAsync, Step.STARTTLS,
                core.options().timeouts().command().plus(core.options().tls().handshakeTimeout()));
    }

    /** Async {@link #startTls()}. */
    public CompletableFuture<TlsStarted> startTlsAsync() {
        return core.startTls().thenApply(outcome -> new TlsStarted(core, session(), outcome.reply(), outcome.facts()));
    }

    @Override
    public String toString() {
        return (extended ? "EHLO " : "HELO ") + reply;
    }
}
