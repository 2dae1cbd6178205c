package dev.smtpprobe.check;

import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SessionStage;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a running {@link Check} works with: the target, the settings, the client to connect with, and the evidence it
 * gathers — the replies its verdict rests on, the phase times, detail lines — which the {@code pass}/{@code warn}/
 * {@code fail}/{@code couldNotRun} methods turn into the {@link Finding}. One context per check run; not shared
 * between threads.
 */
public final class CheckContext {

    private final String checkName;
    private final ProbeClient client;
    private final CheckTarget target;
    private final CheckSettings settings;
    private final List<SmtpSession> sessions = new ArrayList<>();
    private final List<Transcript> brokenTranscripts = new ArrayList<>();
    private final List<Reply> replies = new ArrayList<>();
    private final List<Phase> phases = new ArrayList<>();
    private final List<String> details = new ArrayList<>();

    CheckContext(String checkName, ProbeClient client, CheckTarget target, CheckSettings settings) {
        this.checkName = checkName;
        this.client = client;
        this.target = target;
        this.settings = settings;
    }

    /** The server under check. */
    public CheckTarget target() {
        return target;
    }

    /** The names and thresholds of this run. */
    public CheckSettings settings() {
        return settings;
    }

    /** The client sessions are opened with: its {@link ProbeClient#clientOptions()} (DNS servers, threads) and its
     * session {@link ProbeClient#options()} (timeouts, TLS trust). */
    public ProbeClient client() {
        return client;
    }

    /**
     * Connects to the target with the client's options and reads the greeting, timing the phases {@code connect}
     * (name resolution and TCP) and {@code greeting} (from the TCP connection to the end of the 220) — also when
     * the connection opens but no greeting comes: then {@code greeting} is the time waited for it, so that a slow
     * TCP connect and a silent server are told apart. The runner closes the session politely when the check
     * returns.
     *
     * @throws dev.smtpprobe.ConnectFailedException when the server cannot be reached (with the reason)
     */
    public SmtpSession connect() {
        return connect(client.options());
    }

    /** {@link #connect()} with other options for this session (for example TLS settings). */
    public SmtpSession connect(ProbeOptions options) {
        ProbeOptions effective = options;
        if (target.address().isPresent() && target.hasName() && options.tls().serverName().isEmpty()) {
            // connecting to an MX's address: TLS still names (SNI) and verifies the MX host
            effective = options.toBuilder().tls(options.tls().toBuilder().serverName(target.host()).build()).build();
        }
        long start = System.nanoTime();
        long startEpochNanos = TranscriptEntry.epochNanosOf(java.time.Instant.now());
        try {
            SmtpSession session = client.connect(target.connectTo(), target.port(), effective);
            sessions.add(session);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            Duration greeting = session.greeting().elapsed();
            phases.add(new Phase("connect", total.minus(greeting).isNegative() ? Duration.ZERO : total.minus(greeting)));
            phases.add(new Phase("greeting", greeting));
            return session;
        } catch (ProbeException e) {
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            Optional<TranscriptEntry> connected = e.transcript().entries().stream()
                    .filter(t -> t.direction() == dev.smtpprobe.Direction.INFO && t.line().startsWith("Connected to"))
                    .findFirst();
            if (connected.isPresent()) {
                // TCP was up: the time went on waiting for the greeting (or the implicit TLS handshake before it)
                Duration tcp = Duration.ofNanos(Math.max(0, connected.get().epochNanos() - startEpochNanos));
                Duration connect = tcp.compareTo(total) > 0 ? total : tcp;
                phases.add(new Phase("connect", connect));
                phases.add(new Phase("greeting", total.minus(connect)));
            } else {
                phases.add(new Phase("connect", total));
            }
            brokenTranscripts.add(e.transcript());
            throw e;
        }
    }

    /**
     * Greets the server as RFC 5321 §3.2 tells a client to: EHLO with {@link CheckSettings#ehloName()}, and HELO when
     * EHLO is refused (an SMTP server without the service extensions). Each reply is kept as evidence and timed as the
     * phase {@code EHLO} / {@code HELO}. No HELO follows a {@code 421} (the server is closing) or a closed
     * connection. The built-in checks open their conversations with it.
     *
     * <pre>{@code
     * Optional<Hello> hello = ctx.greet(session);
     * if (hello.isEmpty()) {
     *     return ctx.couldNotRun("EHLO and HELO refused");
     * }
     * }</pre>
     *
     * @return the accepted greeting ({@link Hello#isExtended()} tells EHLO from HELO), or empty when both were refused
     * @throws ProbeException when the conversation breaks (the runner turns it into {@link Outcome#COULD_NOT_RUN})
     */
    public Optional<Hello> greet(SmtpSession session) {
        Hello ehlo = step("EHLO", session.ehlo(settings.ehloName()));
        if (ehlo.reply().isPositive()) {
            return Optional.of(ehlo);
        }
        if (!session.isOpen() || ehlo.reply().code() == 421) {
            return Optional.empty();
        }
        Hello helo = step("HELO", session.helo(settings.ehloName()));
        return helo.reply().isPositive() ? Optional.of(helo) : Optional.empty();
    }

    /**
     * {@link #connect()} then {@link #greet(SmtpSession)}: the opening most checks share. The session is
     * {@link Hello#session()} of the result.
     *
     * @return the accepted greeting, or empty when EHLO and HELO were both refused
     * @throws dev.smtpprobe.ConnectFailedException when the server cannot be reached (with the reason)
     */
    public Optional<Hello> connectAndGreet() {
        return greet(connect());
    }

    /**
     * The opening of a check that sends MAIL: {@link #connectAndGreet()} for an MX, and in submission mode
     * ({@link CheckSettings#submission()}) {@link #connectAndLogIn()}, since a submission server refuses MAIL
     * before AUTH.
     *
     * @return the greeting (after the login in submission mode) to start MAIL with, or empty when the server
     *         refused EHLO and HELO, or the login did not succeed (then a detail line says why)
     */
    public Optional<Hello> connectForMail() {
        if (settings.submission().isEmpty()) {
            return connectAndGreet();
        }
        LogIn login = connectAndLogIn();
        if (login.hello().isEmpty()) {
            detail("submission login: " + login.summary());
        }
        return login.hello();
    }

    /**
     * Submission mode's opening (RFC 6409, RFC 8314): connects and greets; secures the session with STARTTLS (RFC
     * 3207) unless it is TLS from the first byte (the client's {@link dev.smtpprobe.TlsMode#IMPLICIT}) and greets
     * again; then authenticates (RFC 4954) with {@link CheckSettings#submission()}'s login, with the strongest
     * mechanism the server offers ({@link Hello#auth(String, String)}). The password is only ever sent inside
     * TLS: without STARTTLS no AUTH is sent. Every reply is kept as evidence and timed ({@code STARTTLS},
     * {@code EHLO after TLS}, {@code AUTH}).
     *
     * @return the login: the authenticated greeting, or why there is none
     * @throws IllegalStateException when the settings hold no submission login
     * @throws ProbeException when the conversation breaks, the TLS handshake or verification fails
     */
    public LogIn connectAndLogIn() {
        Submission login = settings.submission().orElseThrow(() -> new IllegalStateException(
                "no submission login in the check settings (CheckSettings.Builder.submission)"));
        Optional<Hello> greeted = connectAndGreet();
        if (greeted.isEmpty()) {
            return new LogIn(Optional.empty(), "EHLO and HELO refused");
        }
        Hello hello = greeted.get();
        if (hello.session().tls().isEmpty()) {
            if (!hello.capabilities().supportsStartTls()) {
                return new LogIn(Optional.empty(), "STARTTLS not offered: the password is not sent in clear text");
            }
            var started = time("STARTTLS", hello::startTls);
            replies.add(started.reply());
            hello = step("EHLO after TLS", started.ehlo(settings.ehloName()));
            if (!hello.reply().isPositive()) {
                return new LogIn(Optional.empty(), "EHLO after STARTTLS refused: " + hello.reply().code() + " "
                        + String.join(" / ", hello.reply().lines()));
            }
        }
        if (hello.capabilities().authMechanisms().isEmpty()) {
            return new LogIn(Optional.empty(), "no AUTH offered inside TLS");
        }
        dev.smtpprobe.AuthResult auth;
        try {
            auth = step("AUTH", hello.auth(login.user(), login.password()));
        } catch (dev.smtpprobe.NotSentException e) {
            return new LogIn(Optional.empty(), "no usable AUTH mechanism among "
                    + String.join(" ", hello.capabilities().authMechanisms()));
        }
        String tls = hello.session().tls().map(t -> " inside " + t.protocol()).orElse("");
        if (!auth.isSuccess()) {
            return new LogIn(Optional.empty(), "AUTH " + auth.mechanism() + " as " + login.user() + " refused: "
                    + auth.reply().code() + " " + String.join(" / ", auth.reply().lines()));
        }
        return new LogIn(Optional.of(auth.hello()), "logged in as " + login.user() + " with " + auth.mechanism() + tls);
    }

    /**
     * What {@link #connectAndLogIn()} achieved.
     *
     * @param hello   the authenticated greeting to send MAIL on, or empty when the login did not succeed
     * @param summary {@code logged in as alice@contoso.test with SCRAM-SHA-256 inside TLSv1.3}, or why not
     */
    public record LogIn(Optional<Hello> hello, String summary) {

        /** Checks for nulls. */
        public LogIn {
            java.util.Objects.requireNonNull(hello, "hello");
            java.util.Objects.requireNonNull(summary, "summary");
        }
    }

    /** Keeps {@code reply} as evidence and returns it. */
    public Reply evidence(Reply reply) {
        replies.add(reply);
        return reply;
    }

    /**
     * Keeps the stage's reply as evidence and its elapsed time as the phase {@code phase}, and returns the stage:
     * {@code var hello = ctx.step("EHLO", session.ehlo(name));}
     */
    public <S extends SessionStage> S step(String phase, S stage) {
        replies.add(stage.reply());
        phases.add(new Phase(phase, stage.reply().elapsed()));
        return stage;
    }

    /** Records a phase time measured by the check. */
    public void phase(String name, Duration elapsed) {
        phases.add(new Phase(name, elapsed));
    }

    /** Runs {@code action}, records how long it took as {@code name}, and returns its result. */
    public <T> T time(String name, Supplier<T> action) {
        long start = System.nanoTime();
        try {
            return action.get();
        } finally {
            phases.add(new Phase(name, Duration.ofNanos(System.nanoTime() - start)));
        }
    }

    /** Adds a detail line to the finding. */
    public void detail(String line) {
        details.add(line);
    }

    /**
     * The PTR names of {@code address} through the client's DNS ({@link ProbeClient#reverseDns}).
     *
     * @throws dev.smtpprobe.DnsLookupException when the DNS does not answer
     */
    public List<String> reverseDns(InetAddress address) {
        return client.reverseDns(address);
    }

    /** A passing finding with the evidence gathered so far. */
    public Finding pass(String summary) {
        return finding(Outcome.PASS, summary);
    }

    /** A warning with the evidence gathered so far. */
    public Finding warn(String summary) {
        return finding(Outcome.WARN, summary);
    }

    /** A failure with the evidence gathered so far. */
    public Finding fail(String summary) {
        return finding(Outcome.FAIL, summary);
    }

    /** The check could not judge. */
    public Finding couldNotRun(String summary) {
        return finding(Outcome.COULD_NOT_RUN, summary);
    }

    /** The check could not judge because the conversation broke. */
    public Finding couldNotRun(String summary, ProbeException error) {
        return new Finding(checkName, target, Outcome.COULD_NOT_RUN, summary, details, replies, transcript(), phases,
                Optional.of(error));
    }

    /** A finding with this outcome and the evidence gathered so far. */
    public Finding finding(Outcome outcome, String summary) {
        return new Finding(checkName, target, outcome, summary, details, replies, transcript(), phases,
                Optional.empty());
    }

    /** A failure that carries the exception which decided it (for example a refused TLS handshake). */
    public Finding fail(String summary, ProbeException evidence) {
        return new Finding(checkName, target, Outcome.FAIL, summary, details, replies, transcript(), phases,
                Optional.of(evidence));
    }

    /** Every line and every exchange of every session this check opened, in order. */
    public Transcript transcript() {
        var entries = new ArrayList<TranscriptEntry>();
        var exchanges = new ArrayList<dev.smtpprobe.Exchange>();
        brokenTranscripts.forEach(t -> {
            entries.addAll(t.entries());
            exchanges.addAll(t.exchanges());
        });
        sessions.forEach(s -> {
            Transcript t = s.transcript();
            entries.addAll(t.entries());
            exchanges.addAll(t.exchanges());
        });
        return new Transcript(entries, exchanges);
    }

    /**
     * Ends every session politely: RSET when a transaction is open, then {@link SmtpSession#close()}, which sends
     * QUIT unless the check already did. Failures are ignored: the session is released either way.
     */
    void closeSessions() {
        for (SmtpSession session : sessions) {
            try {
                if (session.isOpen() && session.hasOpenTransaction()) {
                    session.rset();
                }
            } catch (ProbeException | IllegalStateException e) {
                // the session is gone or refuses; close() below releases it
            } finally {
                session.close();
            }
        }
    }
}
