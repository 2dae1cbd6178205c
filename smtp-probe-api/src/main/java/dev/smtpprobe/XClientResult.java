package dev.smtpprobe;

import java.util.concurrent.CompletableFuture;

/**
 * The session after {@code XCLIENT} (Postfix XCLIENT_README). Taken, the server forgets the real client and the
 * greeting exchange: its reply is a new {@code 220} greeting and the next step is {@link #ehlo(String)} or
 * {@link #helo(String)}, after which the server judges the session as coming from the claimed client. Refused, the
 * reply says why ({@code 550 5.7.0 Error: insufficient authorization}, {@code 501 5.5.4 Bad ... syntax},
 * {@code 503 5.5.1 Error: MAIL transaction in progress}) and the session goes on as before.
 */
public final class XClientResult extends SessionStage {

    private final String command;
    private final Reply reply;

    XClientResult(SessionCore core, SmtpSession session, String command, Reply reply) {
        super(core, session);
        this.command = command;
        this.reply = reply;
    }

    /** The XCLIENT line as sent. */
    public String command() {
        return command;
    }

    /** The reply to XCLIENT: the new greeting when taken, else the refusal. */
    @Override
    public Reply reply() {
        return reply;
    }

    /** Whether the server took the claim: it answered with a {@code 220} greeting (XCLIENT_README). */
    public boolean isAccepted() {
        return reply.code() == 220;
    }

    /**
     * {@code EHLO name} to the new session, with the session's TLS mode as in {@link SmtpSession#ehlo(String)} (a
     * connection already in TLS stays in it and is not upgraded again).
     */
    public Hello ehlo(String clientName) {
        return session().ehlo(clientName);
    }

    /** Async {@link #ehlo(String)}. */
    public CompletableFuture<Hello> ehloAsync(String clientName) {
        return session().ehloAsync(clientName);
    }

    /** {@code HELO name} to the new session. */
    public Hello helo(String clientName) {
        return session().helo(clientName);
    }

    /** Async {@link #helo(String)}. */
    public CompletableFuture<Hello> heloAsync(String clientName) {
        return session().heloAsync(clientName);
    }

    @Override
    public String toString() {
        return command + " -> " + reply;
    }
}
