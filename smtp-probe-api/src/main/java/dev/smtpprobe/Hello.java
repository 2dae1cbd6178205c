package dev.smtpprobe;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The session after {@code EHLO} or {@code HELO} (RFC 5321 §4.1.1.1): the reply, what the server offers, and
 * {@link #mailFrom(String, String...)} to start a mail transaction.
 */
public final class Hello extends SessionStage {

    private final boolean extended;
    private final Reply reply;
    /** Parsed from the reply when first asked for (a session held idle after EHLO keeps only the reply). */
    private volatile Capabilities capabilities;

    Hello(SessionCore core, SmtpSession session, boolean extended, Reply reply) {
        super(core, session);
        this.extended = extended;
        this.reply = reply;
        this.capabilities = extended ? null : Capabilities.NONE;
    }

    /** The reply to EHLO or HELO. */
    @Override
    public Reply reply() {
        return reply;
    }

    /** True after EHLO (or LMTP's LHLO), false after HELO. */
    public boolean isExtended() {
        return extended;
    }

    /** The extensions the server offered in its EHLO reply; none after HELO or a negative reply. */
    public Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c == null) { // parsed at most a few times under a race, always to the same immutable value
            capabilities = c = Capabilities.fromEhlo(reply);
        }
        return c;
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
            return core.exchange(Step.MAIL, command, r -> Transaction.started(core, this, params, r));
        });
    }

    /** The checked MAIL command; shared with the pipelined form. */
    dev.smtpprobe.spi.Command mailCommand(String address, MailParameters params) {
        var command = core.pathCommand("MAIL", "FROM:", address, params.smtpUtf8(), params.toList());
        if (params.smtpUtf8() && !capabilities().supportsSmtpUtf8()) {
            throw new NotSentException(NotSentException.Reason.SMTPUTF8_NOT_OFFERED, "MAIL with SMTPUTF8 refused:"
                    + " the server did not offer SMTPUTF8 (RFC 6531 §3.4)", core.transcript());
        }
        if (params.requireTls()) {
            refuseUnlessRequireTlsPossible();
        }
        var sizes = core.options().sizePrecheck() ? params.sizeValues() : List.<String>of();
        long limit = sizes.isEmpty() ? 0 : capabilities().size().orElse(0); // EHLO parsed only when it matters
        if (limit > 0) {
            for (String declared : sizes) {
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

    /** RFC 8689 §4.2.1: a REQUIRETLS message goes only over verified TLS to a server that offers REQUIRETLS. */
    private void refuseUnlessRequireTlsPossible() {
        var tls = core.tls();
        String why = tls.isEmpty() ? "the connection has no TLS"
                : !tls.get().verificationEnabled() ? "the server's certificate was not verified (insecure trust)"
                : !capabilities().supportsRequireTls() ? "the server did not offer REQUIRETLS" : null;
        if (why != null) {
            throw new NotSentException(NotSentException.Reason.REQUIRETLS_NOT_POSSIBLE, "MAIL with REQUIRETLS"
                    + " refused: " + why + " (RFC 8689 §4.2.1: the message must not be handed to this server)",
                    core.transcript());
        }
    }

    /**
     * {@code ETRN node}: ask the server to start delivering the mail it holds for {@code node} (RFC 1985 §5): a
     * domain, {@code @domain} (the domain and its subdomains) or {@code #queue} (a server-defined queue). The
     * reply is data: {@code 250} (delivery started), {@code 251} (no messages), {@code 252}, {@code 253} (n messages
     * pending), {@code 458}/{@code 459} (cannot start), {@code 500}/{@code 501} (not supported / bad node). Sent as
     * told whether or not the server offered ETRN ({@link Capabilities#supportsEtrn()}).
     *
     * @throws InvalidArgumentException when {@code node} is empty or holds SP, a control or non-ASCII
     */
    public CommandResult etrn(String node) {
        return core.await(() -> etrnAsync(node), Step.ETRN);
    }

    /** Async {@link #etrn(String)}; the node is checked before the future is made. */
    public CompletableFuture<CommandResult> etrnAsync(String node) {
        return core.step(Step.ETRN, () -> {
            String checked = core.checked("ETRN node", node, false);
            if (checked.isEmpty()) {
                throw new InvalidArgumentException("ETRN node", -1, "empty (RFC 1985 §5 needs a domain, @domain or"
                        + " #queue)", core.transcript());
            }
            var command = SessionCore.command("ETRN", java.util.List.of(checked));
            return simple(Step.ETRN, command);
        });
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
                return core.exchange(Step.MAIL, command, r -> Transaction.started(core, this, params, r));
            }
            return rsetInStep().thenCompose(reset -> core.exchange(Step.MAIL, command,
                    r -> Transaction.started(core, this, params, r)));
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
        var offered = capabilities().authMechanisms();
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

    /**
     * {@code XCLIENT NAME=... ADDR=...} (Postfix XCLIENT_README): claim to be another client, so that the server
     * judges the rest of the session (access rules, relay permission, logging) as if that client had connected.
     * Taken, the server starts over and answers with a new {@code 220} greeting: the result's
     * {@link XClientResult#isAccepted()} is true and the next step is {@link XClientResult#ehlo(String)} (the
     * capabilities learned before are stale, and an open transaction is gone). A refusal is returned as the
     * result's reply, not thrown: {@code 550 5.7.0 Error: insufficient authorization} from a client not in
     * {@code smtpd_authorized_xclient_hosts} (Postfix then checks the <em>claimed</em> address, so a second XCLIENT
     * after one claiming a foreign address is refused so), {@code 501 5.5.4} for an attribute the server does not
     * know, {@code 503 5.5.1} inside a mail transaction, {@code 502} where XCLIENT is not implemented. The command
     * is sent as told, whether or not {@link Capabilities#xclientAttributes()} lists it.
     */
    public XClientResult xclient(XClient attributes) {
        return core.await(() -> xclientAsync(attributes), Step.XCLIENT);
    }

    /** Async {@link #xclient(XClient)}. */
    public CompletableFuture<XClientResult> xclientAsync(XClient attributes) {
        java.util.Objects.requireNonNull(attributes, "attributes");
        return core.step(Step.XCLIENT, () -> core.xclient(session(), attributes));
    }

    /**
     * {@code XFORWARD NAME=... ADDR=...} (Postfix XFORWARD_README): tell the server about the original client of the
     * next message, for its logging (access rules still judge this client). Sent before
     * {@code MAIL FROM}; {@code 250} when taken, {@code 550 5.7.0} from a client not in
     * {@code smtpd_authorized_xforward_hosts}, {@code 503} inside a transaction: every reply is data.
     */
    public CommandResult xforward(XForward attributes) {
        return core.await(() -> xforwardAsync(attributes), Step.XFORWARD);
    }

    /** Async {@link #xforward(XForward)}. */
    public CompletableFuture<CommandResult> xforwardAsync(XForward attributes) {
        java.util.Objects.requireNonNull(attributes, "attributes");
        return core.step(Step.XFORWARD, () -> {
            var command = SessionCore.command("XFORWARD", List.of(ClientAttributes.line(attributes.attributes())));
            return simple(Step.XFORWARD, command);
        });
    }

    /** STARTTLS as part of a step already in flight (EHLO in the STARTTLS modes). */
    CompletableFuture<TlsStarted> startTlsInStep() {
        return core.startTls().thenApply(outcome -> new TlsStarted(core, session(), outcome.reply(), outcome.facts()));
    }

    @Override
    public String toString() {
        String verb = !extended ? "HELO " : core.options().protocol() == Protocol.LMTP ? "LHLO " : "EHLO ";
        return verb + reply;
    }
}
