package dev.smtpprobe;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An open SMTP connection whose greeting has been read (RFC 5321 §3.1, §4.3.1). From here: {@link #ehlo(String)}
 * or {@link #helo(String)}. Closing sends QUIT politely (short timeout) and always releases the connection.
 *
 * <p>A greeting of {@code 554} (no service) is returned, not thrown: check {@code greeting().isPositive()}.
 *
 * <p>A session carries one step at a time: it is not thread-safe for overlapping steps, and a step started while
 * another is in flight is refused with an {@link IllegalStateException}, nothing written (see {@link SessionStage}).
 * {@link #cancel()} may be called from any thread; with {@link ProbeOptions.Builder#sessionDeadline(java.time.Duration)}
 * the whole session has a time limit.
 */
public final class SmtpSession extends SessionStage implements AutoCloseable {

    private final Reply greeting;

    SmtpSession(SessionCore core, Reply greeting) {
        super(core, null);
        this.greeting = greeting;
    }

    /** The server's greeting, normally {@code 220 host ESMTP ...}. */
    public Reply greeting() {
        return greeting;
    }

    /** The greeting: the reply that produced this stage. */
    @Override
    public Reply reply() {
        return greeting;
    }

    /**
     * The host name the greeting names: the first word of its first line (RFC 5321 §4.3.1 asks servers to put
     * their name there), or empty text for a bare code. Server-controlled text, as {@link Reply#lines()}: it may
     * hold control characters, so escape it ({@link Printable#text(CharSequence)}) before showing it to a person.
     */
    public String greetingHost() {
        String text = greeting.lines().get(0).trim();
        int space = text.indexOf(' ');
        return space < 0 ? text : text.substring(0, space);
    }

    /**
     * {@code EHLO name}: greet as an ESMTP client and learn the server's extensions (RFC 5321 §4.1.1.1). In
     * {@link TlsMode#STARTTLS_REQUIRED} and {@link TlsMode#STARTTLS_OPPORTUNISTIC} this also upgrades: EHLO,
     * STARTTLS, handshake, EHLO again (RFC 3207 §4.2), and returns the second EHLO's stage; every step is in the
     * transcript.
     *
     * <p>Only {@code 250} accepts EHLO (RFC 5321 §4.1.1.1, §4.3.2): a 4yz or 5yz refusal is returned as a
     * {@link Hello} with that reply; any other answer ({@code 220}, {@code 221}, another 2yz or a 3yz) is a
     * {@link ProtocolViolationException}, after which the client has closed the connection
     * ({@link ClosedBy#CLIENT}). The same holds for {@link #helo(String)}.
     *
     * <p>A greeting other than {@code 220} (e.g. {@code 554}, no service, RFC 5321 §3.1) offers no session in which
     * STARTTLS could be negotiated. In {@link TlsMode#STARTTLS_REQUIRED} this fails at once with a
     * {@link TlsFailedException} ({@link TlsFailure#NOT_OFFERED}, the greeting as its reply): nothing is sent, not
     * even EHLO, and the client closes the connection. In {@link TlsMode#STARTTLS_OPPORTUNISTIC} EHLO is sent as
     * told but STARTTLS is not tried ({@link #tlsNotUsedReason()} says why). In the other modes, and for
     * {@link #helo(String)} in every mode, the command is sent as told and the server's answer (usually
     * {@code 503}) comes back as the reply.
     *
     * @throws TlsFailedException when TLS is required and cannot be had (the session is then closed)
     * @throws ProtocolViolationException when the server answers EHLO with anything but 250, 4yz or 5yz
     */
    public Hello ehlo(String clientName) {
        return core.await(() -> ehloAsync(clientName), Step.EHLO, core.ehloBound());
    }

    /** Async {@link #ehlo(String)}; the name is checked before the future is made. */
    public CompletableFuture<Hello> ehloAsync(String clientName) {
        return core.step(Step.EHLO, () -> ehloInStep(clientName));
    }

    /** EHLO and, in the STARTTLS modes, STARTTLS and EHLO again: one step. */
    private CompletableFuture<Hello> ehloInStep(String clientName) {
        TlsMode mode = core.tlsMode();
        boolean upgrades = (mode == TlsMode.STARTTLS_REQUIRED || mode == TlsMode.STARTTLS_OPPORTUNISTIC)
                && core.tls().isEmpty();
        if (upgrades && greeting.code() != 220) {
            String why = "the greeting was " + greeting.code() + ", not 220 (RFC 5321 §3.1, §4.3.1), so no session is"
                    + " offered in which STARTTLS could be negotiated";
            if (mode == TlsMode.STARTTLS_REQUIRED) {
                core.checked("EHLO name", clientName, false); // a bad argument is still the caller's first error
                return core.tlsRequiredFailure(TlsFailure.NOT_OFFERED, why, greeting);
            }
            CompletableFuture<Hello> told = core.hello(this, Step.EHLO, "EHLO", clientName);
            core.tlsNotUsed(why);
            return told;
        }
        CompletableFuture<Hello> plain = core.hello(this, Step.EHLO, "EHLO", clientName);
        if (!upgrades) {
            return plain;
        }
        boolean required = mode == TlsMode.STARTTLS_REQUIRED;
        return plain.thenCompose(hello -> {
            if (!hello.reply().isPositive() || !hello.capabilities().supportsStartTls()) {
                String why = hello.reply().isPositive() ? "the server does not offer STARTTLS"
                        : "EHLO was refused with " + hello.reply().code() + ", so STARTTLS cannot be negotiated";
                if (required) {
                    return core.tlsRequiredFailure(TlsFailure.NOT_OFFERED, why, hello.reply());
                }
                core.tlsNotUsed(why);
                return CompletableFuture.completedFuture(hello);
            }
            return hello.startTlsInStep().handle((started, error) -> {
                if (error == null) {
                    return core.hello(this, Step.EHLO, "EHLO", clientName);
                }
                Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                if (!required && cause instanceof TlsFailedException t && t.failure() == TlsFailure.REFUSED) {
                    core.tlsNotUsed("STARTTLS was refused with " + t.reply().map(Reply::code).orElse(0));
                    return CompletableFuture.completedFuture(hello);
                }
                return CompletableFuture.<Hello>failedFuture(cause);
            }).thenCompose(f -> f);
        });
    }

    /**
     * {@code HELO name}: greet as a plain SMTP client; no extensions (RFC 5321 §4.1.1.1). Sent as told in every TLS
     * mode (HELO cannot negotiate STARTTLS; in {@link TlsMode#STARTTLS_REQUIRED} MAIL, RCPT, DATA, BDAT and AUTH
     * stay refused without TLS). Only {@code 250} accepts it; see {@link #ehlo(String)} for other answers.
     *
     * @throws ProtocolViolationException when the server answers HELO with anything but 250, 4yz or 5yz
     */
    public Hello helo(String clientName) {
        return core.await(() -> heloAsync(clientName), Step.HELO);
    }

    /** Async {@link #helo(String)}. */
    public CompletableFuture<Hello> heloAsync(String clientName) {
        return core.step(Step.HELO, () -> core.hello(this, Step.HELO, "HELO", clientName));
    }

    /**
     * The session's exchanges up to now, in the order the replies arrived: one per reply, with its step, the command
     * as sent (secrets redacted as in the transcript) and its timing (see {@link Exchange}). Every stage reaches them
     * through {@link SessionStage#session()}; a failure through {@link ProbeException#transcript()}
     * ({@link Transcript#exchanges()}). Bounded like the transcript
     * ({@link ProbeOptions.Builder#transcriptMaxLines(int)}), the oldest dropped first. An immutable snapshot.
     */
    public java.util.List<Exchange> exchanges() {
        return core.exchanges();
    }

    /** The TLS in force: implicit from the start or after STARTTLS; empty in plaintext. */
    public Optional<TlsFacts> tls() {
        return core.tls();
    }

    /** Why an opportunistic session stayed in plaintext (STARTTLS not offered or refused); empty otherwise. */
    public Optional<String> tlsNotUsedReason() {
        return core.tlsNotUsedReason();
    }

    /** How many mail transactions this session has carried to a reply to their message (DATA or BDAT LAST). */
    public int transactions() {
        return core.transactions();
    }

    /**
     * Whether the server holds an open mail transaction, as followed from its replies: a MAIL it accepted that no
     * DATA/BDAT LAST, RSET or new EHLO/HELO has ended (RFC 5321 §3.3). A polite client sends RSET before QUIT then.
     */
    public boolean hasOpenTransaction() {
        return core.transactionOpen();
    }

    /** Whether the connection is open and {@link #close()} has not been called. */
    public boolean isOpen() {
        return core.isOpen();
    }

    /** The server's address. */
    public InetSocketAddress remoteAddress() {
        return core.connection().remoteAddress();
    }

    /** The local address of the connection. */
    public InetSocketAddress localAddress() {
        return core.connection().localAddress();
    }

    /**
     * Sends QUIT (waiting at most the quit-on-close timeout) unless the connection is already gone, then closes it.
     * Called while a step is in flight (from another thread, or before an async step completed), it
     * {@linkplain #cancel() cancels} instead: QUIT cannot be sent in the middle of another command, so the connection
     * is closed at once and that step fails with a {@link SessionCancelledException}.
     */
    @Override
    public void close() {
        core.closeBlocking();
    }

    /** Async {@link #close()}; the future completes when the connection is closed and never fails. */
    public CompletableFuture<Void> closeAsync() {
        return core.close().exceptionally(e -> null);
    }

    /**
     * Ends the session at once: closes the connection without QUIT, and the step in flight, if any, fails right
     * away with a {@link SessionCancelledException} ({@link ClosedBy#CLIENT}) whether it is a blocking call on
     * another thread or a future. Every later step is refused with an {@link IllegalStateException}. Callable from
     * any thread, at any time; it never blocks. On a session already closed it only makes sure the connection is
     * (a {@link #close()} waiting for the reply to its QUIT stops waiting). This is how a caller puts its own limit
     * on a conversation: {@code orTimeout} on a future alone leaves the session open until the step's timeout fires
     * (see also {@link ProbeOptions.Builder#sessionDeadline(java.time.Duration)}).
     */
    public void cancel() {
        core.cancel("cancel()");
    }

    @Override
    public String toString() {
        return "SmtpSession[" + remoteAddress() + ", greeting=" + greeting.toString().lines().findFirst().orElse("") + "]";
    }
}
