package dev.smtpprobe;

import java.util.concurrent.CompletableFuture;

/**
 * The session right after STARTTLS succeeded (RFC 3207 §4.2): the connection is protected, everything the server
 * said before is forgotten, and the only way on is a new {@link #ehlo(String)} or {@link #helo(String)} (or QUIT
 * and the other commands valid anywhere).
 */
public final class TlsStarted extends SessionStage {

    private final Reply reply;
    private final TlsFacts facts;

    TlsStarted(SessionCore core, SmtpSession session, Reply reply, TlsFacts facts) {
        super(core, session);
        this.reply = reply;
        this.facts = facts;
    }

    /** The {@code 220} to STARTTLS. */
    @Override
    public Reply reply() {
        return reply;
    }

    /** What the handshake established and what the certificate says. */
    public TlsFacts tls() {
        return facts;
    }

    /** {@code EHLO name} inside TLS: the server's extensions as offered now. */
    public Hello ehlo(String clientName) {
        return core.await(() -> ehloAsync(clientName), Step.EHLO);
    }

    /** Async {@link #ehlo(String)}. */
    public CompletableFuture<Hello> ehloAsync(String clientName) {
        return core.step(Step.EHLO, () -> core.hello(session(), Step.EHLO, "EHLO", clientName));
    }

    /** {@code HELO name} inside TLS. */
    public Hello helo(String clientName) {
        return core.await(() -> heloAsync(clientName), Step.HELO);
    }

    /** Async {@link #helo(String)}. */
    public CompletableFuture<Hello> heloAsync(String clientName) {
        return core.step(Step.HELO, () -> core.hello(session(), Step.HELO, "HELO", clientName));
    }

    @Override
    public String toString() {
        return "TlsStarted[" + Printable.text(facts.summary()) + "]"; // the certificate's names come from the server
    }
}
