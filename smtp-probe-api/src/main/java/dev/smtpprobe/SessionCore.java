package dev.smtpprobe;

import dev.smtpprobe.internal.Arguments;
import dev.smtpprobe.spi.Command;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.ContentSink;
import dev.smtpprobe.spi.StartTlsOutcome;
import dev.smtpprobe.spi.TranscriptRecorder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** The conversation behind every stage of one session: builds and validates commands, sends them, waits. */
final class SessionCore {

    /** Slack added to a step's timeout when a blocking call waits, so that the transport's own timer fires first. */
    private static final Duration JOIN_SLACK = Duration.ofSeconds(5);

    /** Verbs that carry mail or credentials: never sent in plaintext when TLS is required. */
    private static final Set<String> TLS_GUARDED_VERBS = Set.of("MAIL", "RCPT", "DATA", "BDAT", "AUTH");

    private final Connection connection;
    private final TranscriptRecorder recorder;
    private final ProbeOptions options;
    private final String host;
    private volatile boolean closed;
    private volatile boolean quitAnswered;
    private volatile boolean transactionOpen;
    private volatile String tlsNotUsedReason;
    private volatile boolean saslContinuation;
    private final java.util.concurrent.atomic.AtomicInteger transactions = new java.util.concurrent.atomic.AtomicInteger();
    /** The step a caller started and that has not completed; null when none (one step at a time). */
    private final AtomicReference<InFlight<?>> inFlight = new AtomicReference<>();
    /** How the session ended early (cancel() or the deadline); null while it did not. */
    private volatile Ending ending;
    private final ScheduledFuture<?> deadlineTimer;

    SessionCore(Connection connection, TranscriptRecorder recorder, ProbeOptions options, String host) {
        this.connection = connection;
        this.recorder = recorder;
        this.options = options;
        this.host = host;
        this.deadlineTimer = options.sessionDeadline()
                .map(d -> Deadlines.TIMER.schedule(this::deadlineExpired, d.toNanos(), TimeUnit.NANOSECONDS))
                .orElse(null);
    }

    /** The host name the caller connected to. */
    String host() {
        return host;
    }

    /** The TLS in force, if any. */
    Optional<TlsFacts> tls() {
        return connection.tls(); // the transport knows: implicit TLS from the handshake at connect, or after STARTTLS
    }

    /** Why an opportunistic session stayed in plaintext. */
    Optional<String> tlsNotUsedReason() {
        return Optional.ofNullable(tlsNotUsedReason);
    }

    TlsMode tlsMode() {
        return options.tls().mode();
    }

    /** Opportunistic TLS was not used: record why, in the session and the transcript. */
    void tlsNotUsed(String reason) {
        tlsNotUsedReason = reason;
        recorder.info("TLS not used: " + reason);
    }

    /**
     * TLS was required and cannot be had: record it, close the connection without another word (no QUIT in
     * plaintext is needed, but nothing else may follow) and fail with {@code failure}.
     */
    <T> CompletableFuture<T> tlsRequiredFailure(TlsFailure failure, String detail, Reply reply) {
        recorder.info("TLS required: " + detail + "; closing the session");
        closed = true;
        connection.close();
        return CompletableFuture.failedFuture(new TlsFailedException(failure, detail, reply, null, null, transcript()));
    }

    /** STARTTLS and the handshake; a reply other than 220 fails with REFUSED (and ends a TLS-required session). */
    CompletableFuture<StartTlsOutcome> startTls() {
        var refused = refusal("STARTTLS");
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        Duration timeout = options.timeouts().of(Step.STARTTLS);
        Command startTls = command("STARTTLS", List.of());
        boolean inTls = recorder.inTls();
        var started = connection.startTls(startTls, timeout, options.tls(), host);
        return started.<CompletableFuture<StartTlsOutcome>>handle((outcome, error) -> {
            if (error != null) { // a failed handshake or verification after the 220: the 220 is still an exchange
                Throwable cause = ProbeException.unwrap(error);
                if (cause instanceof TlsFailedException t) {
                    t.reply().ifPresent(r -> exchanged(Step.STARTTLS, startTls.display(), r, inTls));
                }
                return CompletableFuture.<StartTlsOutcome>failedFuture(cause);
            }
            exchanged(Step.STARTTLS, startTls.display(), outcome.reply(), inTls);
            if (outcome.facts() == null) {
                if (tlsMode() == TlsMode.STARTTLS_REQUIRED) {
                    return tlsRequiredFailure(TlsFailure.REFUSED, "STARTTLS answered " + outcome.reply().code(), outcome.reply());
                }
                return CompletableFuture.failedFuture(new TlsFailedException(TlsFailure.REFUSED,
                        "STARTTLS answered " + outcome.reply().code() + "; the session goes on in plaintext",
                        outcome.reply(), null, null, transcript()));
            }
            return CompletableFuture.completedFuture(outcome);
        }).thenCompose(f -> f);
    }

    /**
     * EHLO or HELO with a checked name. Only {@code 250} accepts EHLO or HELO (RFC 5321 §4.1.1.1, §4.3.2); a 4yz or
     * 5yz refusal is a {@link Hello} with that reply, anything else (another 2yz such as {@code 220} or
     * {@code 221}, or a 3yz) is no valid answer: the client closes the connection and the step fails with a
     * {@link ProtocolViolationException}.
     */
    CompletableFuture<Hello> hello(SmtpSession session, Step step, String verb, String name) {
        if (step == Step.EHLO && options.protocol() == Protocol.LMTP) {
            return hello(session, Step.LHLO, "LHLO", name); // RFC 2033 §4.1: LHLO in place of EHLO, the same reply
        }
        String checked = checked(verb + " name", name, false);
        var command = command(verb, checked.isEmpty() ? List.of() : List.of(checked));
        Step asked = step;
        return exchange(step, command, r -> {
            if (r.code() != 250 && !r.isFailure()) {
                throw helloViolation(asked, verb, r);
            }
            return new Hello(this, session, asked != Step.HELO, r);
        });
    }

    /** A reply to EHLO or HELO that is neither 250 nor a refusal: record it, close; the failure to fail with. */
    private ProtocolViolationException helloViolation(Step step, String verb, Reply reply) {
        String what = verb + " answered " + reply.code() + ", which is no answer to " + verb + ": only 250 accepts it"
                + " and 4yz/5yz refuse it (RFC 5321 §4.1.1.1, §4.3.2)";
        recorder.info(what + "; closing the connection");
        closed = true;
        connection.close();
        byte[] wire = (reply.toString().replace("\n", "\r\n") + "\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return new ProtocolViolationException(step, what, wire, transcript(), ClosedBy.CLIENT);
    }

    /** XCLIENT with the given attributes (xtext values): its reply, a new greeting when the server took it. */
    CompletableFuture<XClientResult> xclient(SmtpSession session, XClient attributes) {
        var command = command("XCLIENT", List.of(ClientAttributes.line(attributes.attributes())));
        return exchange(Step.XCLIENT, command, r -> new XClientResult(this, session, command.display(), r));
    }

    /** How long a blocking EHLO may take when the TLS mode adds STARTTLS, a handshake and a second EHLO. */
    Duration ehloBound() {
        Duration command = options.timeouts().command();
        return command.plus(command).plus(command).plus(options.tls().handshakeTimeout()); // no BigDecimal
    }

    Connection connection() {
        return connection;
    }

    ProbeOptions options() {
        return options;
    }

    Transcript transcript() {
        return recorder.snapshot();
    }

    /** Refuses an argument with CR, LF, NUL or non-ASCII (and a space where {@code spaceAllowed} is false). */
    String checked(String argumentName, String value, boolean spaceAllowed) {
        return checked(argumentName, value, spaceAllowed, false);
    }

    /** {@link #checked(String, String, boolean)} for a line written as UTF-8 when {@code utf8} (SMTPUTF8). */
    String checked(String argumentName, String value, boolean spaceAllowed, boolean utf8) {
        if (value == null) {
            throw new InvalidArgumentException(argumentName, -1, "null", transcript());
        }
        Arguments.check(value, spaceAllowed, utf8).ifPresent(p -> {
            throw new InvalidArgumentException(argumentName, p.index(), p.why(), transcript());
        });
        return value;
    }

    /** {@code MAIL FROM:<address>} or {@code RCPT TO:<address>} with raw ESMTP parameters, all checked. */
    Command pathCommand(String verb, String prefix, String address, String... params) {
        return pathCommand(verb, prefix, address, false, List.of(params));
    }

    /**
     * The same, written as UTF-8 when {@code utf8} (the transaction uses SMTPUTF8): the address is checked as a
     * path ({@link Arguments#address}), each parameter as {@code keyword[=value]} ({@link Arguments#parameter}).
     */
    Command pathCommand(String verb, String prefix, String address, boolean utf8, List<String> params) {
        if (address == null) {
            throw new InvalidArgumentException("address", -1, "null", transcript());
        }
        Arguments.address(address, utf8).ifPresent(p -> {
            throw new InvalidArgumentException("address", p.index(), p.why(), transcript());
        });
        var all = new ArrayList<String>(1 + params.size());
        all.add(prefix + "<" + address + ">");
        for (int i = 0; i < params.size(); i++) { // indexed: no iterator per command
            String p = params.get(i);
            if (p == null) {
                throw new InvalidArgumentException("ESMTP parameter", -1, "null", transcript());
            }
            Arguments.parameter(p, utf8).ifPresent(problem -> {
                throw new InvalidArgumentException("ESMTP parameter", problem.index(), problem.why(), transcript());
            });
            all.add(p);
        }
        var line = List.copyOf(all);
        return new Command(verb, line, Command.lineOf(verb, line), utf8);
    }

    /** How many mail transactions this session has ended with a reply to the message (DATA or BDAT LAST). */
    int transactions() {
        return transactions.get();
    }

    /** Counts a transaction that ended with a reply to its content. */
    void transactionEnded() {
        transactionOpen = false;
        transactions.incrementAndGet();
    }

    /** A command whose parameters have already been checked. */
    static Command command(String verb, List<String> params) {
        var checked = List.copyOf(params);
        return new Command(verb, checked, Command.lineOf(verb, checked));
    }

    /**
     * Why {@code command} may not be sent now: {@link #refusal(String)}, or its line is longer than the limit
     * (RFC 5321 §4.5.3.1.4: {@link ProbeOptions#maxCommandLineLength()} octets with CRLF; MAIL and RCPT lines may
     * be longer by the octets of their ESMTP parameters, at most {@link ProbeOptions#PARAMETER_ALLOWANCE}, RFC 1869
     * §4.1.2). A SASL response line (AUTH continuation, no verb) is exempt: RFC 4954 §4 makes its length
     * independent of any line length limit.
     */
    private java.util.Optional<RuntimeException> refusal(Step step, Command command) {
        String verb = verbOf(command);
        var refused = refusal(verb);
        if (refused.isPresent() || (step == Step.AUTH && command.verb().isEmpty())) {
            return refused;
        }
        int octets = lineOctets(command) + 2;
        int limit = options.maxCommandLineLength();
        if (verb.equals("MAIL") || verb.equals("RCPT")) {
            limit += Math.min(parameterOctets(command), ProbeOptions.PARAMETER_ALLOWANCE);
        }
        if (octets <= limit) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(new NotSentException(NotSentException.Reason.LINE_TOO_LONG, (verb.isEmpty()
                ? "the command line" : verb) + " not sent: the line would be " + octets + " octets with CRLF, over the"
                + " limit of " + limit + " (RFC 5321 §4.5.3.1.4" + (verb.equals("MAIL") || verb.equals("RCPT")
                        ? ", with RFC 1869's allowance for the ESMTP parameters" : "") + "; raise it with"
                + " ProbeOptions.builder().maxCommandLineLength(n) to test the server's own limit)", transcript()));
    }

    /** The octets of {@code command}'s line without CRLF, counted without building the line. */
    private static int lineOctets(Command command) {
        if (command.verb().isEmpty()) {
            return Arguments.octets(command.line(), command.utf8());
        }
        int octets = Arguments.octets(command.verb(), command.utf8());
        var params = command.params();
        for (int i = 0; i < params.size(); i++) { // indexed: no iterator per command
            octets += 1 + Arguments.octets(params.get(i), command.utf8());
        }
        return octets;
    }

    /** The octets of a MAIL or RCPT line's ESMTP parameters: what follows the verb's first argument (the path). */
    private static int parameterOctets(Command command) {
        if (!command.verb().isEmpty()) {
            int sum = 0;
            for (int i = 1; i < command.params().size(); i++) {
                sum += 1 + Arguments.octets(command.params().get(i), command.utf8());
            }
            return sum;
        }
        String line = command.line();
        int end = tokenEnd(line, tokenEnd(line, 0)); // after the verb and "FROM:<...>" / "TO:<...>"
        return Arguments.octets(line.substring(end), command.utf8());
    }

    /**
     * Why {@code verb} may not be sent now: the session is closed, or TLS is required and missing for a verb that
     * carries mail or credentials. The one place every sending path asks.
     */
    private java.util.Optional<RuntimeException> refusal(String verb) {
        if (closed) {
            return java.util.Optional.of(new IllegalStateException("the session is closed"));
        }
        if (tlsMode() == TlsMode.STARTTLS_REQUIRED && tls().isEmpty() && TLS_GUARDED_VERBS.contains(verb)) {
            return java.util.Optional.of(new NotSentException(NotSentException.Reason.TLS_REQUIRED, verb + " not sent:"
                    + " TLS is required and this connection is not protected yet (call ehlo, which upgrades in this"
                    + " mode, or startTls first)", transcript()));
        }
        return java.util.Optional.empty();
    }

    /** Sends a command unless {@link #refusal} says no; never throws, failures complete the future. */
    CompletableFuture<Reply> exchange(Step step, Command command) {
        return exchange(step, command, java.util.function.Function.identity());
    }

    /**
     * {@link #exchange(Step, Command)} whose reply, once recorded, becomes the step's result through {@code then}
     * in the same stage (no stage of its own per step); what {@code then} throws fails the future.
     */
    <T> CompletableFuture<T> exchange(Step step, Command command, java.util.function.Function<Reply, T> then) {
        var refused = refusal(step, command);
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        if (step != Step.COMMAND) {
            saslContinuation = false; // any typed step ends a hand-written AUTH exchange
        }
        boolean inTls = recorder.inTls();
        // one stage: the reply recorded, or the failure made to hide the secrets a server echoed
        return connection.send(step, command, options.timeouts().of(step)).handle((r, e) -> {
            if (e != null) {
                redacting(e);
                throw e instanceof CompletionException c ? c : new CompletionException(e);
            }
            return then.apply(track(step, exchanged(step, command.display(), r, inTls)));
        });
    }

    /** Whether the server answered the last hand-written AUTH line ({@code command("AUTH ...")}) with 334. */
    boolean awaitingSaslResponse() {
        return saslContinuation;
    }

    void awaitingSaslResponse(boolean awaiting) {
        saslContinuation = awaiting;
    }

    /** Registers a secret the client sends, so it is redacted wherever the server echoes it (transcript, failures). */
    void secret(String secret) {
        recorder.secret(secret);
    }

    /** The text with every secret this session sent replaced by {@code <redacted>}. */
    String redact(String text) {
        return recorder.redact(text);
    }

    /**
     * {@code reply} itself, or, when a line holds a secret this session sent (a server echoing an AUTH payload), a
     * copy with those lines redacted: what AUTH results hand out, so a secret cannot reach a log through them.
     */
    Reply redact(Reply reply) {
        return recorder.redact(reply);
    }

    /**
     * Records that {@code reply} answered {@code command} (as the transcript shows it; "" for the greeting and the
     * message content) in {@code step}: the session's {@link Exchange}, one per reply, which keeps the reply redacted
     * where it echoed a secret. Returns {@code reply} itself: the step goes on with the reply as received (a SASL
     * challenge must be decoded as the server sent it, even where it shares a run of characters with a secret).
     * Call it once per reply, right when it completes, on the thread that completes it (so its time is that of the
     * reply's last line): a command answered by several replies (LMTP, PRDR) calls it for each, in order.
     *
     * @param tls whether the command was sent inside TLS (read {@link TranscriptRecorder#inTls()} before sending)
     */
    Reply exchanged(Step step, String command, Reply reply, boolean tls) {
        recorder.exchanged(step, command, reply, tls);
        return reply;
    }

    /**
     * Records every reply to the end of a message as an exchange of its own, in wire order: the first, then those
     * that follow it under LMTP (one per accepted recipient) or PRDR (353, one per recipient, the final one).
     * Returns {@code first}.
     */
    private Reply exchangedAll(Step step, String command, EndReplies replies, Reply first, boolean tls) {
        for (Reply r : replies.all(first)) {
            recorder.exchanged(step, command, r, tls);
        }
        return first;
    }

    /** Whether what is sent now travels inside TLS, for {@link #exchanged}. */
    boolean inTls() {
        return recorder.inTls();
    }

    /** The session's exchanges so far, in wire order (bounded like the transcript). */
    List<Exchange> exchanges() {
        return recorder.exchanges();
    }

    /**
     * The exchange whose reply is {@code reply}, the newest first: the same instance (what a step handed out), or an
     * equal one (the redacted copy an AUTH result hands out, as the exchange keeps it); empty when the session's
     * bounded record has dropped it, or for a reply that no exchange of this session holds.
     */
    Optional<Exchange> exchangeOf(Reply reply) {
        return dev.smtpprobe.internal.Exchanges.of(recorder.exchanges(), reply);
    }

    /** Makes a failure hide the secrets this session sent, should a reply echo them; returns it. */
    private Throwable redacting(Throwable e) {
        Throwable cause = e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e;
        if (cause instanceof ProbeException probe) {
            probe.redactWith(recorder::redact);
        }
        return e;
    }

    /**
     * Follows the server's state from the replies (RFC 5321 §3.3, §4.1.1.5): an accepted MAIL opens a transaction;
     * an accepted RSET, EHLO or HELO, or the reply to the message, ends it; an answered QUIT means the server closes.
     */
    private Reply track(Step step, Reply reply) {
        switch (step) {
            case MAIL -> transactionOpen = transactionOpen || reply.isPositive();
            case RSET, EHLO, HELO, XCLIENT, LHLO -> transactionOpen = transactionOpen && !reply.isPositive();
            case QUIT -> quitAnswered = true; // close() needs no second QUIT
            default -> { }
        }
        return reply;
    }

    /** Whether the server holds an open mail transaction (MAIL accepted, not yet ended or reset). */
    boolean transactionOpen() {
        return transactionOpen;
    }

    /**
     * The verb a server reads in {@code command}: its first word, as servers tokenise (Postfix, Sendmail, Exim:
     * any whitespace separates words, leading whitespace is skipped), in upper case (ASCII only: a server does not
     * read {@code maıl} as MAIL).
     */
    static String verbOf(Command command) {
        String line = command.verb().isEmpty() ? command.line() : command.verb();
        if (isUpperCaseWord(line)) {
            return line; // the API's own verbs: already what a server reads
        }
        int start = 0;
        while (start < line.length() && whitespace(line.charAt(start))) {
            start++;
        }
        int end = tokenEnd(line, start);
        var verb = new StringBuilder(end - start);
        for (int i = start; i < end; i++) {
            char c = line.charAt(i);
            verb.append(c >= 'a' && c <= 'z' ? (char) (c - 32) : c);
        }
        return verb.toString();
    }

    /** Whether {@code text} is a word of ASCII capitals only (nothing for {@link #verbOf} to do). */
    private static boolean isUpperCaseWord(String text) {
        if (text.isEmpty()) {
            return false;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** The end of the word that starts at or after {@code from} (leading whitespace skipped). */
    private static int tokenEnd(String line, int from) {
        int i = from;
        while (i < line.length() && whitespace(line.charAt(i))) {
            i++;
        }
        while (i < line.length() && !whitespace(line.charAt(i))) {
            i++;
        }
        return i;
    }

    /** SP, HT, VT, FF (and CR, LF, which never reach here): what C's isspace() and so servers split words on. */
    private static boolean whitespace(char c) {
        return c == ' ' || (c >= '\t' && c <= '\r');
    }

    /** DATA, then the content if the server answered 354. */
    CompletableFuture<DataResult> data(Transaction tx, byte[] message) {
        return exchange(Step.DATA, command("DATA", List.of())).thenCompose(dataReply -> content(tx, dataReply, message));
    }

    /**
     * After the reply to DATA: the content when it was 354 (an empty message when no recipient was accepted, as a
     * pipelining client must, RFC 2920 §3.1), else a fresh encoder and the refusal as the result.
     */
    CompletableFuture<DataResult> content(Transaction tx, Reply dataReply, byte[] message) {
        if (dataReply.code() != 354) {
            connection.abandonContent();
            return CompletableFuture.completedFuture(new DataResult(tx, dataReply, null));
        }
        // the message as given: the transport dot-stuffs it block by block into its outgoing buffers, no copy here
        byte[] content = tx.acceptedRecipients().isEmpty() && tx.isPipelined() ? new byte[0] : message;
        Timeouts t = options.timeouts();
        EndReplies replies = EndReplies.of(options, tx);
        boolean inTls = recorder.inTls();
        return connection.sendContent(content, options.transcriptBodyLines(), t.dataBlock(), t.dataEnd(),
                replies.forTransport()).thenApply(end -> {
                    exchangedAll(Step.DATA_CONTENT, "", replies, end, inTls);
                    transactionEnded();
                    return new DataResult(tx, dataReply, end, replies);
                });
    }

    /**
     * DATA, then, on 354, the message read from {@code in} on this (the caller's) thread in parts, each handed to
     * the transport once the previous one is written; the blocking form of {@link #streamedDataAsync}.
     */
    DataResult streamedData(Transaction tx, java.io.InputStream in) {
        Reply dataReply = join(exchange(Step.DATA, command("DATA", List.of())), Step.DATA, options.timeouts().of(Step.DATA));
        if (dataReply.code() != 354) {
            connection.abandonContent();
            return new DataResult(tx, dataReply, null);
        }
        EndReplies replies = EndReplies.of(options, tx);
        Reply end = StreamedMessage.sendBlocking(this, openContent(replies), in);
        transactionEnded();
        return new DataResult(tx, dataReply, end, replies);
    }

    /** DATA, then, on 354, the message read from {@code in} on a reader thread (never the transport's I/O thread). */
    CompletableFuture<DataResult> streamedDataAsync(Transaction tx, java.io.InputStream in) {
        return exchange(Step.DATA, command("DATA", List.of())).thenCompose(dataReply -> {
            if (dataReply.code() != 354) {
                connection.abandonContent();
                return CompletableFuture.completedFuture(new DataResult(tx, dataReply, null));
            }
            EndReplies replies = EndReplies.of(options, tx);
            return StreamedMessage.sendAsync(this, openContent(replies), in).thenApply(end -> {
                transactionEnded();
                return new DataResult(tx, dataReply, end, replies);
            });
        });
    }

    /** The transport's sink for streamed content, whose {@link ContentSink#end() end} records the exchanges. */
    private ContentSink openContent(EndReplies replies) {
        Timeouts t = options.timeouts();
        boolean inTls = recorder.inTls();
        ContentSink sink = connection.openContent(options.transcriptBodyLines(), t.dataBlock(), t.dataEnd(),
                replies.forTransport());
        return new ContentSink() {
            @Override
            public CompletableFuture<Void> write(byte[] message, int off, int len) {
                return sink.write(message, off, len);
            }

            @Override
            public CompletableFuture<Reply> end() {
                return sink.end().thenApply(r -> exchangedAll(Step.DATA_CONTENT, "", replies, r, inTls));
            }

            @Override
            public void abort(ProbeException failure) {
                sink.abort(failure);
            }

            @Override
            public long written() {
                return sink.written();
            }
        };
    }

    /**
     * The message could not be read while {@code step} was sending it: the content is cut, so the session ends
     * (the client closes the connection: {@code close} does it) and the step fails with the returned exception.
     */
    ContentReadException contentReadFailed(Step step, long written, Throwable cause,
            java.util.function.Consumer<ProbeException> close) {
        recorder.info("reading the message failed after " + written + " octets of " + (step == Step.BDAT ? "chunks"
                : "content") + ": " + cause + "; the content is cut and cannot be taken back, closing the connection");
        closed = true;
        stopDeadline();
        var failure = new ContentReadException(step, written, cause, transcript());
        close.accept(failure);
        return failure;
    }

    /**
     * Waits on the caller's thread for one part of a step that the caller's thread drives itself (the DATA command
     * and each part of a streamed message, each BDAT chunk read from a stream); the transport enforces the part's
     * timeout, {@code bound} is a backstop. Fails like {@link #await}.
     */
    <T> T join(CompletableFuture<T> part, Step step, Duration bound) {
        return waitFor(() -> part, step, bound, true);
    }

    /** Several commands in one PIPELINING batch (RFC 2920), each with its step's timeout; guarded like {@link #exchange}. */
    List<CompletableFuture<Reply>> batch(List<Step> steps, List<Command> commands) {
        var refused = refusal(steps, commands);
        if (refused.isPresent()) {
            return steps.stream().map(s -> CompletableFuture.<Reply>failedFuture(refused.get())).toList();
        }
        boolean inTls = recorder.inTls();
        var replies = connection.sendBatch(steps, commands, steps.stream().map(options.timeouts()::of).toList());
        var tracked = new ArrayList<CompletableFuture<Reply>>();
        for (int i = 0; i < replies.size(); i++) {
            Step step = steps.get(i);
            String display = commands.get(i).display();
            tracked.add(replies.get(i).thenApply(r -> track(step, exchanged(step, display, r, inTls))));
        }
        return tracked;
    }

    /**
     * The first reason any of {@code commands} may not be sent, so that a batch, or a transaction sent command by
     * command in its place, is refused as a whole before its first byte.
     */
    java.util.Optional<RuntimeException> refusal(List<Step> steps, List<Command> commands) {
        for (int i = 0; i < commands.size(); i++) {
            var refused = refusal(steps.get(i), commands.get(i));
            if (refused.isPresent()) {
                return refused;
            }
        }
        return java.util.Optional.empty();
    }

    /** One BDAT chunk: non-last chunks under the data block timeout, the last under the DATA termination one. */
    CompletableFuture<Reply> chunk(byte[] chunk, boolean last) {
        return chunk(chunk, chunk.length, last);
    }

    /** {@link #chunk(byte[], boolean)} for {@code chunk[0, length)}; the array is read until the reply is in. */
    CompletableFuture<Reply> chunk(byte[] chunk, int length, boolean last) {
        return chunk(chunk, length, last, null);
    }

    /**
     * {@link #chunk(byte[], int, boolean)} whose last chunk may be answered by several replies ({@code replies}:
     * LMTP, PRDR; null or ignored for a chunk that is not the last).
     */
    CompletableFuture<Reply> chunk(byte[] chunk, int length, boolean last, EndReplies replies) {
        var refused = refusal("BDAT");
        if (refused.isPresent()) {
            return CompletableFuture.failedFuture(refused.get());
        }
        Timeouts t = options.timeouts();
        String line = "BDAT " + length + (last ? " LAST" : "");
        boolean inTls = recorder.inTls();
        if (last && replies != null) {
            return connection.sendChunk(chunk, length, true, t.dataEnd(), replies.forTransport())
                    .thenApply(r -> exchangedAll(Step.BDAT, line, replies, r, inTls));
        }
        return connection.sendChunk(chunk, length, last, last ? t.dataEnd() : t.dataBlock())
                .thenApply(r -> exchanged(Step.BDAT, line, r, inTls));
    }

    /** How long a blocking DATA may wait in all: initiation, each 64 KiB block, termination. */
    Duration dataBound(int bytes) {
        Timeouts t = options.timeouts();
        return t.dataInit().plus(t.dataEnd()).plus(t.dataBlock().multipliedBy(1 + bytes / 65536));
    }

    /** The greeting, as the session's first step: under the session deadline and reported like every step. */
    CompletableFuture<Reply> greeting() {
        CompletableFuture<Reply> greeting = step(Step.GREETING,
                () -> connection.greeting().thenApply(r -> exchanged(Step.GREETING, "", r, recorder.inTls())));
        greeting.whenComplete((reply, error) -> {
            if (error != null) {
                stopDeadline(); // no session comes of it, so no one will close it
            }
        });
        return greeting;
    }

    /**
     * Runs one step of the caller's: {@code body} sends its command(s), and the step's future completes when its
     * last reply is in. A session carries one step at a time: while one is in flight another is refused with an
     * {@link IllegalStateException} before {@code body} runs, so nothing is written for it. A step composed of
     * several commands (EHLO with STARTTLS and EHLO again, an AUTH exchange, RSET and MAIL, a pipelined batch) is
     * one step. The flag is cleared before the future completes, so the next step may start from its callbacks.
     * The returned future fails with the failure itself, never a {@link CompletionException} around it;
     * {@link #cancel} and the session deadline fail it at once.
     */
    <T> CompletableFuture<T> step(Step step, Supplier<CompletableFuture<T>> body) {
        var flight = new InFlight<T>(step);
        InFlight<?> other = inFlight.compareAndExchange(null, flight);
        if (other != null) {
            throw new IllegalStateException(step + " refused: " + other.step + " is still in flight on this session."
                    + " A session is not thread-safe for overlapping steps: wait for the step to complete (or chain"
                    + " on its future); use Hello.pipelined() to pipeline a transaction (nothing was sent)");
        }
        Ending ended = ending;
        if (ended != null) {
            inFlight.compareAndSet(flight, null);
            return CompletableFuture.failedFuture(endedFailure(ended, step));
        }
        CompletableFuture<T> inner;
        try {
            inner = body.get();
        } catch (RuntimeException | Error e) {
            inFlight.compareAndSet(flight, null);
            throw e; // refused before the future exists (bad argument, nothing sent): on the caller's thread
        }
        inner.whenComplete(flight);
        return flight;
    }

    /**
     * One step in flight: itself the future its caller holds (one object per step, not two), and the callback of the
     * step's own future.
     */
    private final class InFlight<T> extends CompletableFuture<T> implements java.util.function.BiConsumer<T, Throwable> {
        final Step step;

        InFlight(Step step) {
            this.step = step;
        }

        /**
         * The step's own future completed: free the session, then complete. Whoever takes the step out of
         * {@link #inFlight} completes its future: here, or cancel/deadline/abort, whose failure then stands.
         */
        @Override
        public void accept(T value, Throwable error) {
            if (!inFlight.compareAndSet(this, null)) {
                return;
            }
            if (error == null) {
                complete(value);
            } else {
                Throwable cause = error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error;
                redacting(cause); // every step's failure hides the secrets a server echoed, async paths included
                completeExceptionally(cause);
            }
        }
    }

    /** How a session ended before its caller closed it. */
    private enum Ending { CANCELLED, DEADLINE }

    /** How a step started after the session ended early fails (nothing is sent). */
    private RuntimeException endedFailure(Ending ended, Step step) {
        if (ended == Ending.CANCELLED) {
            return new IllegalStateException(step + " not sent: the session was cancelled (SmtpSession.cancel())");
        }
        return StepTimeoutException.sessionDeadline(step, options.sessionDeadline().orElseThrow(), true, transcript());
    }

    /**
     * Starts a step and waits for it the blocking way; the transport enforces the step's timeout, this is only a
     * backstop. On the I/O thread it refuses before {@code call} runs, so that nothing is sent. A failure is thrown
     * as an exception created on this thread with the I/O thread's as its cause ({@link #onCallerThread}).
     */
    <T> T await(Supplier<CompletableFuture<T>> call, Step step, Duration bound) {
        if (connection.inEventLoop()) {
            throw new IllegalStateException("blocking " + step + " called on the transport's I/O thread would"
                    + " deadlock; use the ...Async form of the step there (nothing was sent)");
        }
        return waitFor(call, step, bound, false);
    }

    /**
     * The blocking wait of {@link #await} and {@link #join}: the connection runs its I/O on this thread meanwhile if
     * its transport lets it (no hand-off). An interrupt or the backstop ends the session; a failure is thrown as an
     * exception created on this thread. For a {@code part} of a step, a failure under a cancel or the session
     * deadline is reported as that (the step's own future already says so for a whole step).
     */
    private <T> T waitFor(Supplier<CompletableFuture<T>> call, Step step, Duration bound, boolean part) {
        try {
            return connection.await(call, bound.plus(JOIN_SLACK));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            var failure = new InterruptedStepException(step, e, transcript());
            abort(failure);
            throw failure;
        } catch (TimeoutException e) {
            var failure = new StepTimeoutException(step, bound, transcript());
            abort(failure);
            throw failure;
        } catch (ExecutionException e) {
            Ending ended = ending;
            if (part && ended != null) { // cancel() or the deadline closed the connection under this part: say so
                throw ended == Ending.CANCELLED ? new SessionCancelledException(step, "cancel()", transcript())
                        : StepTimeoutException.sessionDeadline(step, options.sessionDeadline().orElseThrow(), false,
                                transcript());
            }
            throw onCallerThread(redacting(e.getCause()));
        }
    }

    <T> T await(Supplier<CompletableFuture<T>> call, Step step) {
        return await(call, step, options.timeouts().of(step));
    }

    /**
     * What a blocking call throws for the failure of its future: for a {@link ProbeException}, a copy created on
     * the calling thread with the original as its cause (as {@code HttpClient.send} does), so that the stack trace
     * shows the caller; other unchecked exceptions as they are; a checked one inside an IllegalStateException.
     */
    static RuntimeException onCallerThread(Throwable failure) {
        Throwable cause = ProbeException.unwrap(failure);
        if (cause instanceof ProbeException pe) {
            return pe.onCallerThread();
        }
        if (cause instanceof RuntimeException re) {
            return re;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(cause);
    }

    /**
     * Ends the session at once from the client's side (no QUIT): the connection is closed and the step in flight,
     * if any, fails with {@code failure}.
     */
    private void abort(ProbeException failure) {
        closed = true;
        stopDeadline();
        closeConnection();
        InFlight<?> flight = inFlight.getAndSet(null);
        if (flight != null) {
            flight.completeExceptionally(failure);
        }
    }

    /**
     * {@link SmtpSession#cancel()} ({@code how} = "cancel()"), or close() while a step is in flight: closes the
     * connection at once and fails the step in flight with a {@link SessionCancelledException}; later steps are
     * refused. From any thread; once the session is closed it only makes sure the connection is (a polite close
     * waiting for its QUIT's reply stops waiting).
     */
    CompletableFuture<Void> cancel(String how) {
        if (closed) {
            return connection.isOpen() ? closeConnection() : CompletableFuture.completedFuture(null);
        }
        closed = true;
        ending = Ending.CANCELLED;
        stopDeadline();
        InFlight<?> flight = inFlight.getAndSet(null);
        recorder.info("session cancelled by the client (SmtpSession." + how + ")"
                + (flight == null ? "" : " while " + flight.step + " was waiting") + "; closing the connection");
        CompletableFuture<Void> closing = closeConnection();
        if (flight != null) {
            flight.completeExceptionally(new SessionCancelledException(flight.step, how, transcript()));
        }
        return closing;
    }

    /** The session deadline expired: close at once, fail the step in flight and every later one. */
    private void deadlineExpired() {
        if (closed || (!connection.isOpen() && inFlight.get() == null)) {
            return; // closed, or already broken with nothing waiting: nothing to end
        }
        closed = true;
        ending = Ending.DEADLINE;
        Duration deadline = options.sessionDeadline().orElseThrow();
        InFlight<?> flight = inFlight.getAndSet(null);
        recorder.info("session deadline of " + deadline.toMillis() + " ms expired"
                + (flight == null ? "" : " while " + flight.step + " was waiting") + "; closing the connection");
        closeConnection();
        if (flight != null) {
            var failure = StepTimeoutException.sessionDeadline(flight.step, deadline, false, transcript());
            // not on the timer thread: the caller's callbacks must not delay other sessions' deadlines
            CompletableFuture.runAsync(() -> flight.completeExceptionally(failure));
        }
    }

    private void stopDeadline() {
        if (deadlineTimer != null) {
            deadlineTimer.cancel(false);
        }
    }

    private CompletableFuture<Void> closeConnection() {
        try {
            return connection.close();
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(null); // the client's I/O threads are gone: so is the connection
        }
    }

    /** The one timer thread for session deadlines (daemon; cancelled deadlines are removed at once). */
    private static final class Deadlines {
        static final ScheduledThreadPoolExecutor TIMER = create();

        private static ScheduledThreadPoolExecutor create() {
            var timer = new ScheduledThreadPoolExecutor(1, r -> {
                var t = new Thread(r, "smtp-probe-session-deadline");
                t.setDaemon(true);
                return t;
            });
            timer.setRemoveOnCancelPolicy(true);
            return timer;
        }
    }

    boolean isOpen() {
        return !closed && connection.isOpen();
    }

    /**
     * QUIT politely (short timeout, failures ignored), then always close the connection. With a step in flight QUIT
     * cannot be sent in the middle of it: the session is {@linkplain #cancel cancelled} instead.
     */
    CompletableFuture<Void> close() {
        if (closed) {
            return CompletableFuture.completedFuture(null);
        }
        if (inFlight.get() != null) {
            return cancel("close()");
        }
        closed = true;
        stopDeadline();
        if (!connection.isOpen() || quitAnswered) {
            return connection.close();
        }
        boolean inTls = recorder.inTls();
        return connection.send(Step.QUIT, command("QUIT", List.of()), options.timeouts().quitOnClose())
                .handle((r, e) -> r == null ? null : exchanged(Step.QUIT, "QUIT", r, inTls))
                .thenCompose(x -> connection.close());
    }

    /**
     * The blocking close: waits for QUIT and the close unless on the I/O thread (where it only starts them); the
     * connection's I/O runs on this thread meanwhile if its transport lets it.
     */
    void closeBlocking() {
        if (connection.inEventLoop()) {
            close();
            return;
        }
        try {
            connection.await(this::close, options.timeouts().quitOnClose().plus(JOIN_SLACK));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            connection.close();
        } catch (ExecutionException | TimeoutException e) {
            connection.close();
        }
    }
}
