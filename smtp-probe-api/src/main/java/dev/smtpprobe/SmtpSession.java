package dev.smtpprobe;

import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * An open SMTP connection whose greeting has been read (RFC 5321 §3.1, §4.3.1). From here: {@link #ehlo(String)}
 * or {@link #helo(String)}. Closing sends QUIT politely (short timeout) and always releases the connection.
 *
 * <p>A greeting of {@code 554} (no service) is returned, not thrown: check {@code greeting().isPositive()}.
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
     * their name there), or empty text for a bare code.
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
     * @throws TlsFailedException when TLS is required and cannot be had (the session is then closed)
     */
    public Hello ehlo(String clientName) {
        return core.await(() -> ehloAsync(clientName), Step.EHLO, core.ehloBound());
    }

    /** Async {@link #ehlo(String)}; the name is checked before the future is made. */
    public CompletableFuture<Hello> ehloAsync(String clientName) {
        CompletableFuture<Hello> plain = core.hello(this, Step.EHLO, "EHLO", clientName);
        TlsMode mode = core.tlsMode();
        if ((mode != TlsMode.STARTTLS_REQUIRED && mode != TlsMode.STARTTLS_OPPORTUNISTIC) || core.tls().isPresent()) {
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
            return hello.startTlsAsync().handle((started, error) -> {
                if (error == null) {
                    return started.ehloAsync(clientName);
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

    /** {@code HELO name}: greet as a plain SMTP client; no extensions (RFC 5321 §4.1.1.1). */
    public Hello helo(String clientName) {
        return core.await(() -> heloAsync(clientName), Step.HELO);
    }

    /** Async {@link #helo(String)}. */
    public CompletableFuture<Hello> heloAsync(String clientName) {
        return core.hello(this, Step.HELO, "HELO", clientName);
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

    /** Sends QUIT (waiting at most the quit-on-close timeout) unless the connection is already gone, then closes it. */
    @Override
    public void close() {
        core.closeBlocking();
    }

    /** Async {@link #close()}; the future completes when the connection is closed and never fails. */
    public CompletableFuture<Void> closeAsync() {
        return core.close().exceptionally(e -> null);
    }

    @Override
    public String toString() {
        return "SmtpSession[" + remoteAddress() + ", greeting=" + greeting.toString().lines().findFirst().orElse("") + "]";
    }
}
