package dev.smtpprobe;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The outcome of {@code AUTH} (RFC 4954): every challenge and (redacted) response, and the final reply — {@code 235
 * 2.7.0} on success; {@code 535 5.7.8} bad credentials, {@code 534 5.7.9} mechanism too weak, {@code 538 5.7.11}
 * encryption required, {@code 454 4.7.0} temporary failure, {@code 504} unknown mechanism, {@code 501} cancelled.
 * A failed AUTH is a result, not an exception.
 *
 * <p><b>Checking a server.</b> {@link #isSuccess()} reports the server's {@code 235}. With a mechanism in which the
 * server proves that it knows the password (SCRAM, RFC 5802 §9), {@link #serverProof()} says whether it did: a
 * {@code 235} with {@link ServerProof#NOT_SENT} or {@link ServerProof#MISMATCHED} means the server let the client
 * in without authenticating itself (it accepts anyone, or something in the middle answered); treat it as a failed
 * check of the server. {@link #isServerVerified()} is the one test for "accepted and proven".
 *
 * <p><b>Secrets.</b> The replies and decoded challenges kept here are the server's, except that a secret the client
 * sent in this session (a response, password or token) is replaced by {@code <redacted>} where the server echoed it
 * (sendmail's {@code 500 Command unrecognized: "..."}); {@link #toString()} is safe to log.
 */
public final class AuthResult extends SessionStage {

    private final Hello hello;
    private final String mechanism;
    private final List<AuthExchange> exchanges;
    private final Reply reply;
    private final AuthCancel cancellation;
    private final ServerProof serverProof;

    AuthResult(Hello hello, String mechanism, List<AuthExchange> exchanges, Reply reply, AuthCancel cancellation,
            ServerProof serverProof) {
        super(hello.core, hello.session());
        this.hello = hello;
        this.mechanism = mechanism;
        this.exchanges = List.copyOf(exchanges);
        this.reply = reply;
        this.cancellation = cancellation;
        this.serverProof = serverProof == null ? ServerProof.NOT_APPLICABLE : serverProof;
    }

    /**
     * The final reply of the exchange: after a cancel, the server's answer to {@code *} (normally {@code 501}).
     * Secrets of this session that the server echoed in it are redacted.
     */
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

    /**
     * Whether the server accepted the credentials ({@code 235}). It does not say that the server proved anything:
     * for SCRAM check {@link #isServerVerified()} (or {@link #serverProof()}) too.
     */
    public boolean isSuccess() {
        return reply.code() == 235;
    }

    /**
     * Whether the client cancelled the exchange with {@code *} (RFC 4954 §4) instead of answering a challenge; the
     * reason is {@link #cancellation()}.
     */
    public boolean isCancelled() {
        return cancellation != null;
    }

    /**
     * Why the client cancelled: an invalid or unexpected challenge, too many rounds, a SCRAM iteration count above
     * {@link ProbeOptions#maxScramIterations()} (the client refused to spend the CPU; nothing was computed), a SCRAM
     * server signature that does not match. Empty when the client did not cancel.
     */
    public Optional<AuthCancel> cancellation() {
        return Optional.ofNullable(cancellation);
    }

    /**
     * Whether the server proved that it knows the credentials (RFC 5802 §9 for SCRAM); {@link ServerProof#NOT_APPLICABLE}
     * for mechanisms without such a proof (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, NTLM).
     */
    public ServerProof serverProof() {
        return serverProof;
    }

    /**
     * Whether the server accepted the credentials ({@code 235}) and, where the mechanism has a server proof, proved
     * it knows them ({@link ServerProof#VERIFIED}); for mechanisms without a proof the same as {@link #isSuccess()}.
     */
    public boolean isServerVerified() {
        return isSuccess() && (serverProof == ServerProof.VERIFIED || serverProof == ServerProof.NOT_APPLICABLE);
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
        return "AuthResult[" + mechanism + ", " + exchanges.size() + " challenge(s), "
                + (cancellation == null ? "" : "cancelled: " + cancellation.detail() + ", ")
                + (serverProof == ServerProof.NOT_APPLICABLE ? "" : "server proof " + serverProof + ", ")
                + reply.toString().replace('\n', ' ') + "]";
    }
}
