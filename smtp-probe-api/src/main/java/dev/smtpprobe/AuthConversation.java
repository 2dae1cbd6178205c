package dev.smtpprobe;

import dev.smtpprobe.internal.sasl.BuiltInMechanism;
import dev.smtpprobe.internal.sasl.ScramSha256;
import dev.smtpprobe.spi.Command;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Runs one AUTH exchange (RFC 4954 §4) with a {@link SaslMechanism}: the AUTH line with the initial response when
 * it fits, then one base64 line per {@code 334} challenge, {@code *} to cancel, until a final reply. Every client
 * line goes to the transcript as {@code <redacted>}, and every response is registered as a secret of the session
 * (see {@link #secret(byte[])}) so it is redacted where a server echoes it. The mechanism's calls run on
 * {@link SaslThreads}, never on the transport's I/O thread.
 */
final class AuthConversation {

    /** RFC 5321 §4.5.3.1.4: a command line is at most 512 octets with its CRLF; RFC 4954 §4 applies it to AUTH. */
    static final int MAX_COMMAND_LINE = 512;
    /** A server that keeps challenging past this many rounds is cancelled. */
    static final int MAX_ROUNDS = 10;

    private final SessionCore core;
    private final Hello hello;
    private final SaslMechanism mechanism;
    private final List<AuthExchange> exchanges = new ArrayList<>();
    private String pendingInitial; // an initial response too long for the AUTH line, sent at the first empty 334

    private AuthConversation(SessionCore core, Hello hello, SaslMechanism mechanism) {
        this.core = core;
        this.hello = hello;
        this.mechanism = mechanism;
    }

    /** Starts the exchange; refusals (plaintext, bad name) fail the future before anything is written. */
    static CompletableFuture<AuthResult> run(SessionCore core, Hello hello, SaslMechanism mechanism) {
        String name = core.checked("SASL mechanism name", mechanism.name(), false);
        if (name.isEmpty()) {
            throw new InvalidArgumentException("SASL mechanism name", -1, "empty", core.transcript());
        }
        if (mechanism.revealsSecret() && core.tls().isEmpty() && !core.options().allowPlaintextAuthentication()) {
            return CompletableFuture.failedFuture(new NotSentException(NotSentException.Reason.PLAINTEXT_AUTH, "AUTH "
                    + name + " reveals the secret and the connection has no TLS (use STARTTLS, or"
                    + " ProbeOptions.builder().allowPlaintextAuthentication(true) for a test server)",
                    core.transcript()));
        }
        if (mechanism instanceof ScramSha256 scram) {
            scram.limitIterations(core.options().maxScramIterations());
        }
        if (mechanism instanceof BuiltInMechanism builtIn) {
            builtIn.secrets().forEach(core::secret);
        }
        var conversation = new AuthConversation(core, hello, mechanism);
        return offLoop(mechanism::initialResponse).thenCompose(initial -> conversation.start(name, initial));
    }

    /** Runs a mechanism call on the SASL threads: never on an I/O thread, whoever completed the previous step. */
    private static <T> CompletableFuture<T> offLoop(Supplier<T> call) {
        return CompletableFuture.supplyAsync(call, SaslThreads.executor());
    }

    private CompletableFuture<AuthResult> start(String name, Optional<byte[]> initial) {
        List<String> params = new ArrayList<>(List.of(name));
        String display = "AUTH " + name;
        if (initial.isPresent()) {
            String encoded = initial.get().length == 0 ? "=" : secret(initial.get());
            if (("AUTH " + name + " " + encoded + "\r\n").length() <= MAX_COMMAND_LINE) {
                params.add(encoded);
                display += encoded.equals("=") ? " =" : " <redacted>";
            } else {
                pendingInitial = encoded.equals("=") ? "" : encoded;
            }
        }
        return core.exchange(Step.AUTH, new Command("AUTH", params, display)).thenCompose(this::onReply);
    }

    /**
     * The base64 line for {@code response}, registered as a secret before it is sent; decoded too for a mechanism
     * of the caller's, since only it knows which part is secret. A shipped mechanism declares its readable secrets
     * itself ({@link BuiltInMechanism#secrets()}: password, token), so a LOGIN user name, an identity that also
     * appears in MAIL FROM, is redacted only in its base64 form.
     */
    private String secret(byte[] response) {
        String encoded = Base64.getEncoder().encodeToString(response);
        core.secret(encoded);
        if (!(mechanism instanceof BuiltInMechanism)) {
            core.secret(new String(response, StandardCharsets.UTF_8));
        }
        return encoded;
    }

    private CompletableFuture<AuthResult> onReply(Reply reply) {
        if (reply.code() != 334) {
            return CompletableFuture.completedFuture(result(reply, null));
        }
        String text = reply.lines().get(0).trim();
        if (exchanges.size() >= MAX_ROUNDS) {
            return cancel(reply, "(too many challenges)", new AuthCancel(AuthCancel.Reason.TOO_MANY_CHALLENGES,
                    "the server sent more than " + MAX_ROUNDS + " challenges"));
        }
        byte[] challenge;
        try {
            challenge = Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            if (exchanges.isEmpty() && mechanism.name().equalsIgnoreCase("NTLM")) {
                // [MS-SMTPNTLM] 2.2.1.2: Exchange answers "AUTH NTLM" with "334 ntlm supported", not base64
                return respondTo(reply, text, new byte[0]);
            }
            String why = "not valid base64: " + e.getMessage();
            return cancel(reply, "(" + why + ")", new AuthCancel(AuthCancel.Reason.INVALID_CHALLENGE,
                    "the challenge is " + why));
        }
        return respondTo(reply, new String(challenge, StandardCharsets.UTF_8), challenge);
    }

    /** Answers one challenge: the held-back initial response, the mechanism's response, or a cancel. */
    private CompletableFuture<AuthResult> respondTo(Reply reply, String decoded, byte[] challenge) {
        if (pendingInitial != null && challenge.length == 0) {
            String initial = pendingInitial;
            pendingInitial = null;
            return respond(reply, decoded, initial);
        }
        return offLoop(() -> mechanism.respond(challenge)).thenCompose(answer -> {
            if (answer.isEmpty()) {
                AuthCancel why = mechanism instanceof BuiltInMechanism builtIn ? builtIn.cancellation().orElse(null) : null;
                return cancel(reply, decoded, why != null ? why : new AuthCancel(AuthCancel.Reason.MECHANISM_REFUSED,
                        mechanism.name() + " did not accept the challenge"));
            }
            return respond(reply, decoded, answer.get().length == 0 ? "" : secret(answer.get()));
        });
    }

    private CompletableFuture<AuthResult> respond(Reply challenge, String decoded, String line) {
        String shown = line.isEmpty() ? "(empty)" : "<redacted>";
        exchanges.add(exchange(challenge, decoded, shown));
        return core.exchange(Step.AUTH, new Command("", List.of(line), shown)).thenCompose(this::onReply);
    }

    /** RFC 4954 §4: "*" cancels; the server answers 501, which is kept as the result with the client's reason. */
    private CompletableFuture<AuthResult> cancel(Reply challenge, String decoded, AuthCancel why) {
        exchanges.add(exchange(challenge, decoded, "*"));
        return core.exchange(Step.AUTH, new Command("", List.of("*"), "*"), r -> result(r, why));
    }

    /** A round as kept in the result: challenge and decoded text with the session's secrets redacted. */
    private AuthExchange exchange(Reply challenge, String decoded, String shown) {
        return new AuthExchange(core.redact(challenge), core.redact(decoded), shown);
    }

    private AuthResult result(Reply reply, AuthCancel why) {
        return new AuthResult(hello, mechanism.name(), exchanges, core.redact(reply), why, mechanism.serverProof());
    }
}
