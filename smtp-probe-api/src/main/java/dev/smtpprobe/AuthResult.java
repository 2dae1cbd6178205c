package dev.smtpprobe;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@code AUTH} (RFC 4954): every challenge and (redacted) response, and the final reply — {@code 235
 * 2.7.0} on success; {@code 535 5.7.8} bad credentials, {@code 534 5.7.9} mechanism too weak, {@code 538 5.7.11}
 * encryption required, {@code 454 4.7.0} temporary failure, {@code 504} unknown mechanism, {@code 501} cancelled.
 * A failed AUTH is a result, not an exception.
 */
public final class AuthResult extends SessionStage {

    private final Hello hello;
    private final String mechanism;
    private final List<AuthExchange> exchanges;
    private final Reply reply;
    private final boolean cancelled;

    AuthResult(Hello hello, String mechanism, List<AuthExchange> exchanges, Reply reply, boolean cancelled) {
        super(hello.core, hello.session());
        this.hello = hello;
        this.mechanism = mechanism;
        this.exchanges = List.copyOf(exchanges);
        this.reply = reply;
        this.cancelled = cancelled;
    }

    /** The final reply of the exchange. */
    @Override
    public Reply reply() {
        return reply;
    }

    /** The mechanism's name. */
    public String mechanism() {
        return mechanism;
    }

    /** Each {@code 334} challenge with the client's (redacted) answer, in order. */
    public List<AuthExchange> exchanges() {
        return exchanges;
    }

    /** Whether the server accepted the credentials ({@code 235}). */
    public boolean isSuccess() {
        return reply.code() == 235;
    }

    /** Whether the client cancelled the exchange with {@code *} (unexpected or invalid challenge). */
    public boolean isCancelled() {
        return cancelled;
    }

    /** The EHLO stage this AUTH ran on. */
    public Hello hello() {
        return hello;
    }

    /** {@code MAIL FROM} after authenticating; see {@link Hello#mailFrom(String, String...)}. */
    public Transaction mailFrom(String address, String... params) {
        return hello.mailFrom(address, params);
    }

    /** Async {@link #mailFrom(String, String...)}. */
    public CompletableFuture<Transaction> mailFromAsync(String address, String... params) {
        return hello.mailFromAsync(address, params);
    }

    /** {@code MAIL FROM} with typed parameters after authenticating; see {@link Hello#mailFrom(String, MailParameters)}. */
    public Transaction mailFrom(String address, MailParameters params) {
        return hello.mailFrom(address, params);
    }

    /** Async {@link #mailFrom(String, MailParameters)}. */
    public CompletableFuture<Transaction> mailFromAsync(String address, MailParameters params) {
        return hello.mailFromAsync(address, params);
    }

    @Override
    public String toString() {
        return "AuthResult[" + mechanism + ", " + exchanges.size() + " challenge(s), " + reply.toString().replace('\n', ' ') + "]";
    }
}
