package dev.smtpprobe;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A point in an SMTP session (RFC 5321 §4.1.4): the result of the step that led here, with the commands that are
 * valid in any state (RSET, NOOP, VRFY, EXPN, HELP, QUIT and raw command lines). The subclasses add the steps
 * the state machine allows next: {@link SmtpSession} (connected, greeting read), {@link Hello} (after EHLO or
 * HELO), {@link Transaction} (after MAIL and RCPT), {@link DataResult} (after DATA).
 *
 * <p>The types guide; they never correct: a probe sends what it was told, so calling a step on an older stage is
 * allowed and the server's answer (often {@code 503 Bad sequence of commands}) comes back as a reply.
 *
 * <p>Every step has a blocking form and an {@code ...Async} form returning a {@link CompletableFuture} of the same
 * result, with the same parameters (a test pins the symmetry). A negative reply completes normally; only a broken
 * conversation fails (see {@link ProbeException}):
 * <ul>
 *   <li>the blocking form throws an exception created on the calling thread, of the same type and with the same
 *   facts, whose {@linkplain Throwable#getCause() cause} is the one raised on the transport's I/O thread (as
 *   {@code HttpClient.send} does), so the stack trace shows where the caller was;</li>
 *   <li>the async form's future fails with the {@link ProbeException}; a future composed from it
 *   ({@code thenCompose}, {@code thenApply}, ...) and {@code join()} fail with a
 *   {@link java.util.concurrent.CompletionException} around it, {@code get()} with an
 *   {@link java.util.concurrent.ExecutionException}: {@link ProbeException#unwrap(Throwable)} takes the layers
 *   off;</li>
 *   <li>a malformed argument ({@link InvalidArgumentException}) is thrown by the call itself, before any future
 *   exists, in both forms; a command the session's rules forbid ({@link NotSentException}) is thrown by the blocking
 *   form, and by the async form either at once or through its future; nothing is written for either.</li>
 * </ul>
 *
 * <p><b>One step at a time.</b> A session is not thread-safe for overlapping steps: while a step is in flight (its
 * blocking call has not returned, its future has not completed) another step on the same session, from any thread
 * and on any of its stages, is refused with an {@link IllegalStateException} and nothing is written for it. A step
 * that sends several commands is one step for this rule: {@code ehlo} in the STARTTLS modes (EHLO, STARTTLS, EHLO),
 * {@code auth} (the whole exchange), {@code nextMailFrom} (RSET, MAIL), {@code dataChunked} (every BDAT), a
 * {@link PipelinedTransaction} batch. The next step may be started from the previous step's future's callbacks. To
 * pipeline a transaction use {@link Hello#pipelined()}. {@link SmtpSession#cancel()} is the one call that may come
 * from another thread at any time.
 */
public abstract sealed class SessionStage permits SmtpSession, Hello, TlsStarted, AuthResult, Transaction, DataResult, CommandResult,
        XClientResult {

    final SessionCore core;
    private final SmtpSession session;

    SessionStage(SessionCore core, SmtpSession session) {
        this.core = core;
        this.session = session == null ? (SmtpSession) this : session;
    }

    /** The reply to the command that produced this stage. */
    public abstract Reply reply();

    /** The session this stage belongs to. */
    public final SmtpSession session() {
        return session;
    }

    /** The session's transcript up to now. */
    public final Transcript transcript() {
        return core.transcript();
    }

    /**
     * The exchange that produced this stage's {@link #reply()}: the command it answered, as sent, and its timing
     * (for {@link SmtpSession}, the greeting; for a {@link DataResult}, the reply to the message content or to
     * DATA; for an {@link AuthResult}, the last line of the AUTH exchange). Empty only when the session has since
     * made more exchanges than its bounded record keeps. Every exchange of the session so far:
     * {@code session().exchanges()} ({@link SmtpSession#exchanges()}).
     */
    public final java.util.Optional<Exchange> exchange() {
        return core.exchangeOf(reply());
    }

    /** {@code RSET}: abort the current transaction (RFC 5321 §4.1.1.5). */
    public final CommandResult rset() {
        return core.await(() -> rsetAsync(), Step.RSET);
    }

    /** Async {@link #rset()}. */
    public final CompletableFuture<CommandResult> rsetAsync() {
        return core.step(Step.RSET, this::rsetInStep);
    }

    /** RSET as part of a step already in flight (the next transaction's MAIL). */
    final CompletableFuture<CommandResult> rsetInStep() {
        return simple(Step.RSET, SessionCore.command("RSET", List.of()));
    }

    /** {@code NOOP} (RFC 5321 §4.1.1.9). */
    public final CommandResult noop() {
        return core.await(() -> noopAsync(), Step.NOOP);
    }

    /** Async {@link #noop()}. */
    public final CompletableFuture<CommandResult> noopAsync() {
        return core.step(Step.NOOP, () -> simple(Step.NOOP, SessionCore.command("NOOP", List.of())));
    }

    /** {@code VRFY user}: ask whether the server knows a user or mailbox (RFC 5321 §4.1.1.6, §3.5). */
    public final CommandResult vrfy(String user) {
        return core.await(() -> vrfyAsync(user), Step.VRFY);
    }

    /** Async {@link #vrfy(String)}; the argument is checked before the future is made. */
    public final CompletableFuture<CommandResult> vrfyAsync(String user) {
        return core.step(Step.VRFY, () ->
                simple(Step.VRFY, SessionCore.command("VRFY", List.of(core.checked("VRFY argument", user, true)))));
    }

    /** {@code EXPN list}: ask the server to expand a mailing list (RFC 5321 §4.1.1.7, §3.5). */
    public final CommandResult expn(String list) {
        return core.await(() -> expnAsync(list), Step.EXPN);
    }

    /** Async {@link #expn(String)}. */
    public final CompletableFuture<CommandResult> expnAsync(String list) {
        return core.step(Step.EXPN, () ->
                simple(Step.EXPN, SessionCore.command("EXPN", List.of(core.checked("EXPN argument", list, true)))));
    }

    /** {@code HELP} (RFC 5321 §4.1.1.8). */
    public final CommandResult help() {
        return core.await(() -> helpAsync(), Step.HELP);
    }

    /** {@code HELP topic}. */
    public final CommandResult help(String topic) {
        return core.await(() -> helpAsync(topic), Step.HELP);
    }

    /** Async {@link #help()}. */
    public final CompletableFuture<CommandResult> helpAsync() {
        return core.step(Step.HELP, () -> simple(Step.HELP, SessionCore.command("HELP", List.of())));
    }

    /** Async {@link #help(String)}. */
    public final CompletableFuture<CommandResult> helpAsync(String topic) {
        return core.step(Step.HELP, () ->
                simple(Step.HELP, SessionCore.command("HELP", List.of(core.checked("HELP topic", topic, true)))));
    }

    /** {@code QUIT} (RFC 5321 §4.1.1.10): the server answers 221 and closes; the session is done after it. */
    public final CommandResult quit() {
        return core.await(() -> quitAsync(), Step.QUIT);
    }

    /** Async {@link #quit()}. */
    public final CompletableFuture<CommandResult> quitAsync() {
        return core.step(Step.QUIT, () -> simple(Step.QUIT, SessionCore.command("QUIT", List.of())));
    }

    /**
     * Sends one command line exactly as written (no CRLF: it is added), for any verb the API has no step for,
     * e.g. {@code command("XCLIENT NAME=spike.test")} or {@code command("ETRN example.test")}. CR, LF, NUL and
     * non-ASCII are refused before anything is written ({@link InvalidArgumentException}); nothing else of the line
     * is judged (no address or parameter syntax, no SIZE pre-check): this is the way to send a malformed command on
     * purpose. Session rules still apply, with the verb read as servers read it (the first word, after any leading
     * whitespace, words split on SP, HT, VT or FF): in {@link TlsMode#STARTTLS_REQUIRED} without TLS,
     * {@code "MAIL\tFROM:<a@b.test>"} is refused like {@code "MAIL FROM:<a@b.test>"}; and a line longer than
     * {@link ProbeOptions#maxCommandLineLength()} is refused ({@link NotSentException.Reason#LINE_TOO_LONG}).
     */
    public final CommandResult command(String line) {
        return core.await(() -> commandAsync(line), Step.COMMAND);
    }

    /** Async {@link #command(String)}. */
    public final CompletableFuture<CommandResult> commandAsync(String line) {
        return core.step(Step.COMMAND, () -> {
            String checked = core.checked("command line", line, true);
            boolean saslResponse = core.awaitingSaslResponse();
            boolean auth = isAuth(checked);
            String display = saslResponse ? redactResponse(checked) : auth ? redactAuth(checked) : checked;
            return core.exchange(Step.COMMAND, new dev.smtpprobe.spi.Command("", List.of(checked), display), r -> {
                core.awaitingSaslResponse((auth || saslResponse) && r.code() == 334);
                Reply reply = auth || saslResponse ? core.redact(r) : r;
                return new CommandResult(core, session, display, reply);
            });
        });
    }

    /** Whether the line's first word (leading whitespace skipped, as servers do) is AUTH; no regex: runs per command(). */
    private static boolean isAuth(String line) {
        int start = 0;
        while (start < line.length() && line.charAt(start) <= ' ') {
            start++;
        }
        int end = start;
        while (end < line.length() && !(line.charAt(end) == ' ' || (line.charAt(end) >= '\t' && line.charAt(end) <= '\r'))) {
            end++;
        }
        return end - start == 4 && line.regionMatches(true, start, "AUTH", 0, 4);
    }

    /**
     * An AUTH line's initial response is a secret: the transcript shows only the verb and the mechanism, and the
     * response (words split on any whitespace, as servers split them) is registered with the session so it is
     * redacted wherever the server echoes it, in base64 and decoded.
     */
    private String redactAuth(String line) {
        String[] words = line.trim().split("\\s+");
        if (words.length <= 2) {
            return line;
        }
        String trimmed = line.trim();
        String rest = trimmed.substring(trimmed.indexOf(words[1], words[0].length()) + words[1].length()).trim();
        registerSecret(rest);
        for (int i = 2; i < words.length; i++) {
            registerSecret(words[i]);
        }
        return words[0] + " " + words[1] + " <redacted>";
    }

    /** A line sent while the server waits for a SASL response (after a 334 to a hand-written AUTH) is a secret too. */
    private String redactResponse(String line) {
        String trimmed = line.trim();
        if (trimmed.isEmpty() || trimmed.equals("*") || trimmed.equals("=")) {
            return line;
        }
        registerSecret(trimmed);
        return "<redacted>";
    }

    /** Registers a response and, when it is base64, its decoded text; {@code =} (empty) and {@code *} are no secret. */
    private void registerSecret(String response) {
        if (response.equals("=") || response.equals("*")) {
            return;
        }
        core.secret(response);
        try {
            core.secret(new String(java.util.Base64.getDecoder().decode(response), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IllegalArgumentException notBase64) {
            // the response itself is registered
        }
    }

    /** A command whose result is its reply (RSET, NOOP, VRFY, ETRN, XFORWARD, ...), made in the exchange's stage. */
    final CompletableFuture<CommandResult> simple(Step step, dev.smtpprobe.spi.Command command) {
        return core.exchange(step, command, r -> new CommandResult(core, session, command.display(), r));
    }
}
