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
     * reverse-path {@code <>}. Parameters are raw ESMTP parameters such as {@code SIZE=1000}.
     *
     * <p>Checked before anything is written, with {@link InvalidArgumentException} naming the character and its
     * index: the address as an RFC 5321 §4.1.2 path, so that it can never carry a parameter or another command
     * ({@code <}, {@code >}, SP, HT and controls outside a quoted local part, characters outside the RFC 5321
     * alphabet, non-ASCII without SMTPUTF8, RFC 6531 §3.3); each parameter as one {@code keyword[=value]} token
     * (see {@link MailParameters}). What cannot change the command's shape is sent as told, for a probe to see
     * how the server judges it: an address without domain ({@code postmaster}) or with odd dots or labels, a
     * source route, lengths over RFC 5321 §4.5.3.1's, and a quoted local part holding SP, {@code <} or {@code >}
     * (RFC 5321 allows them there; a server that ends the path at the first {@code >} misreads it, which is what
     * such a probe tests). A raw {@code SIZE=n} is pre-checked like the typed one (see
     * {@link #mailFrom(String, MailParameters)}). To send a line these checks refuse, use
     * {@link #command(String)}, which checks only what would end the line (and is not SIZE-checked).
     */
    public Transaction mailFrom(String address, String... params) {
        return core.await(() -> mailFromAsync(address, params), Step.MAIL);
    }

    /** Async {@link #mailFrom(String, String...)}. */
    public CompletableFuture<Transaction> mailFromAsync(String address, String... params) {
        return mailFromAsync(address, MailParameters.raw(params));
    }

    /**
     * {@code MAIL FROM} with typed parameters (SIZE, BODY, SMTPUTF8, RET, ENVID). With SMTPUTF8 the transaction's
     * addresses may be UTF-8 and are written as UTF-8 (RFC 6531). Refused before sending with
     * {@link NotSentException}: SMTPUTF8 when the server did not offer it, and a SIZE above the server's advertised
     * limit, typed or raw ({@code SIZE=n} among the raw parameters; a value that is no number is left to the
     * server) unless {@link ProbeOptions.Builder#sizePrecheck(boolean)} is off, to test the server's own check.
     */
    public Transaction mailFrom(String address, MailParameters params) {
        return core.await(() -> mailFromAsync(address, params), Step.MAIL);
    }

    /** Async {@link #mailFrom(String, MailParameters)}. */
    public CompletableFuture<Transaction> mailFromAsync(String address, MailParameters params) {
        return core.step(Step.MAIL, () -> {
            var command = mailCommand(address, params);
            return core.exchange(Step.MAIL, command).thenApply(r -> Transaction.started(core, this, params, r));
        });
    }

    /** The checked MAIL command; shared with the pipelined form. */
    dev.smtpprobe.spi.Command mailCommand(String address, MailParameters params) {
        var command = core.pathCommand("MAIL", "FROM:", address, params.smtpUtf8(), params.toList());
        if (params.smtpUtf8() && !capabilities.supportsSmtpUtf8()) {
            throw new NotSentException(NotSentException.Reason.SMTPUTF8_NOT_OFFERED, "MAIL with SMTPUTF8 refused:"
                    + " the server did not offer SMTPUTF8 (RFC 6531 §3.4)", core.transcript());
        }
        long limit = capabilities.size().orElse(0);
        if (core.options().sizePrecheck() && limit > 0) {
            for (String declared : params.sizeValues()) {
                if (!declared.isEmpty() && declared.chars().allMatch(c -> c >= '0' && c <= '9')
                        && new java.math.BigInteger(declared).compareTo(java.math.BigInteger.valueOf(limit)) > 0) {
                    throw new NotSentException(NotSentException.Reason.SIZE_OVER_LIMIT, "MAIL refused: SIZE="
                            + declared + " is over the server's advertised limit of " + limit + " (RFC 1870; turn the"
                            + " pre-check off with ProbeOptions.builder().sizePrecheck(false) to test the server's"
                            + " own limit)", core.transcript());
                }
            }
        }
        return command;
    }

    /**
     * Starts the next transaction of the session: {@code RSET} first when the server still holds an open one (an
     * accepted MAIL whose message was refused, never sent, or cut short), then {@code MAIL FROM} (RFC 5321 §4.1.1.5).
     * {@link #mailFrom(String, MailParameters)} itself never adds a command: a probe sends what it is told.
     */
    public Transaction nextMailFrom(String address, MailParameters params) {
        return core.await(() -> nextMailFromAsync(address, params), Step.MAIL,
                core.options().timeouts().mail().plus(core.options().timeouts().command()));
    }

    /** {@link #nextMailFrom(String, MailParameters)} without parameters. */
    public Transaction nextMailFrom(String address) {
        return nextMailFrom(address, MailParameters.NONE);
    }

    /** Async {@link #nextMailFrom(String, MailParameters)}; RSET and MAIL are one step. */
    public CompletableFuture<Transaction> nextMailFromAsync(String address, MailParameters params) {
        return core.step(Step.MAIL, () -> {
            var command = mailCommand(address, params); // checked before anything is sent, RSET included
            if (!core.transactionOpen()) {
                return core.exchange(Step.MAIL, command).thenApply(r -> Transaction.started(core, this, params, r));
            }
            return rsetInStep().thenCompose(reset -> core.exchange(Step.MAIL, command))
                    .thenApply(r -> Transaction.started(core, this, params, r));
        });
    }

    /** Async {@link #nextMailFrom(String)}. */
    public CompletableFuture<Transaction> nextMailFromAsync(String address) {
        return nextMailFromAsync(address, MailParameters.NONE);
    }

    /**
     * A transaction sent as one PIPELINING batch (RFC 2920): MAIL, every RCPT and DATA written with one flush, each
     * reply matched to its command. Pipelined only when the server offers PIPELINING (or
     * {@link ProbeOptions.Builder#pipelining(Pipelining)} says ALWAYS); otherwise the same commands go one by one.
     */
    public PipelinedTransaction pipelined() {
        return new PipelinedTransaction(core, this);
    }

    /**
     * {@code AUTH} with any SASL mechanism (RFC 4954): the result holds every challenge and (redacted) response and
     * the final reply; a failed AUTH is a result. A mechanism that reveals the secret (PLAIN, LOGIN, XOAUTH2, NTLMv1) is
     * refused with {@link NotSentException} ({@link NotSentException.Reason#PLAINTEXT_AUTH}) before anything is sent when the
     * connection has no TLS, unless {@link ProbeOptions.Builder#allowPlaintextAuthentication(boolean)}.
     */
    public AuthResult auth(SaslMechanism mechanism) {
        return core.await(() -> authAsync(mechanism), Step.AUTH, authBound());
    }

    /** Async {@link #auth(SaslMechanism)}; the whole exchange is one step. */
    public CompletableFuture<AuthResult> authAsync(SaslMechanism mechanism) {
        return core.step(Step.AUTH, () -> AuthConversation.run(core, this, mechanism));
    }

    /** How long a blocking AUTH may take: every round of the exchange. */
    private java.time.Duration authBound() {
        return core.options().timeouts().command().multipliedBy(AuthConversation.MAX_ROUNDS + 1);
    }

    /** {@code AUTH PLAIN} (RFC 4616). */
    public AuthResult authPlain(String user, String password) {
        return auth(Sasl.plain(user, password));
    }

    /** Async {@link #authPlain(String, String)}. */
    public CompletableFuture<AuthResult> authPlainAsync(String user, String password) {
        return authAsync(Sasl.plain(user, password));
    }

    /** {@code AUTH LOGIN}: the "Username:" and "Password:" prompts are in {@link AuthResult#exchanges()}. */
    public AuthResult authLogin(String user, String password) {
        return auth(Sasl.login(user, password));
    }

    /** Async {@link #authLogin(String, String)}. */
    public CompletableFuture<AuthResult> authLoginAsync(String user, String password) {
        return authAsync(Sasl.login(user, password));
    }

    /** {@code AUTH CRAM-MD5} (RFC 2195). */
    public AuthResult authCramMd5(String user, String password) {
        return auth(Sasl.cramMd5(user, password));
    }

    /** Async {@link #authCramMd5(String, String)}. */
    public CompletableFuture<AuthResult> authCramMd5Async(String user, String password) {
        return authAsync(Sasl.cramMd5(user, password));
    }

    /** {@code AUTH XOAUTH2} with an OAuth 2.0 access token. */
    public AuthResult authXoauth2(String user, String accessToken) {
        return auth(Sasl.xoauth2(user, accessToken));
    }

    /** Async {@link #authXoauth2(String, String)}. */
    public CompletableFuture<AuthResult> authXoauth2Async(String user, String accessToken) {
        return authAsync(Sasl.xoauth2(user, accessToken));
    }

    /** {@code AUTH SCRAM-SHA-256} (RFC 7677). */
    public AuthResult authScramSha256(String user, String password) {
        return auth(Sasl.scramSha256(user, password));
    }

    /** Async {@link #authScramSha256(String, String)}. */
    public CompletableFuture<AuthResult> authScramSha256Async(String user, String password) {
        return authAsync(Sasl.scramSha256(user, password));
    }

    /** {@code AUTH NTLM} (NTLMv2, [MS-SMTPNTLM]). */
    public AuthResult authNtlm(String domain, String user, String password) {
        return auth(Sasl.ntlm(domain, user, password));
    }

    /** Async {@link #authNtlm(String, String, String)}. */
    public CompletableFuture<AuthResult> authNtlmAsync(String domain, String user, String password) {
        return authAsync(Sasl.ntlm(domain, user, password));
    }

    /**
     * {@code AUTH NTLM} with weak NTLMv1 responses, for servers that accept nothing else (Exim's {@code spa});
     * see {@link Sasl#ntlmV1(String, String, String)}, and prefer {@link #authNtlm(String, String, String)}.
     *
     * @throws NotSentException without TLS unless plaintext authentication is allowed
     *     ({@link NotSentException.Reason#PLAINTEXT_AUTH})
     */
    public AuthResult authNtlmV1(String domain, String user, String password) {
        return auth(Sasl.ntlmV1(domain, user, password));
    }

    /** Async {@link #authNtlmV1(String, String, String)}. */
    public CompletableFuture<AuthResult> authNtlmV1Async(String domain, String user, String password) {
        return authAsync(Sasl.ntlmV1(domain, user, password));
    }

    /**
     * {@code AUTH} with the strongest mechanism the server offers among SCRAM-SHA-256, CRAM-MD5, PLAIN and LOGIN;
     * PLAIN and LOGIN only where {@link #auth(SaslMechanism)} would allow them (TLS, or plaintext explicitly
     * allowed): never a silent downgrade to a mechanism that reveals the password.
     *
     * @throws NotSentException when no offered mechanism is usable ({@link NotSentException.Reason#NO_USABLE_MECHANISM})
     */
    public AuthResult auth(String user, String password) {
        return auth(chooseMechanism(user, password));
    }

    /**
     * Async {@link #auth(String, String)}.
     *
     * @throws NotSentException when no offered mechanism is usable ({@link NotSentException.Reason#NO_USABLE_MECHANISM}),
     *         before the future is made
     */
    public CompletableFuture<AuthResult> authAsync(String user, String password) {
        return authAsync(chooseMechanism(user, password));
    }

    /** The mechanism {@link #auth(String, String)} would use. */
    SaslMechanism chooseMechanism(String user, String password) {
        var offered = capabilities.authMechanisms();
        boolean secretMayTravel = core.tls().isPresent() || core.options().allowPlaintextAuthentication();
        if (offered.contains("SCRAM-SHA-256")) {
            return Sasl.scramSha256(user, password);
        }
        if (offered.contains("CRAM-MD5")) {
            return Sasl.cramMd5(user, password);
        }
        if (secretMayTravel && offered.contains("PLAIN")) {
            return Sasl.plain(user, password);
        }
        if (secretMayTravel && offered.contains("LOGIN")) {
            return Sasl.login(user, password);
        }
        throw new NotSentException(NotSentException.Reason.NO_USABLE_MECHANISM, "no usable AUTH mechanism: the"
                + " server offers " + offered + (secretMayTravel ? ""
                        : " and those that reveal the password are not used without TLS"), core.transcript());
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
        return core.step(Step.STARTTLS, this::startTlsInStep);
    }

    /** STARTTLS as part of a step already in flight (EHLO in the STARTTLS modes). */
    CompletableFuture<TlsStarted> startTlsInStep() {
        return core.startTls().thenApply(outcome -> new TlsStarted(core, session(), outcome.reply(), outcome.facts()));
    }

    @Override
    public String toString() {
        return (extended ? "EHLO " : "HELO ") + reply;
    }
}
