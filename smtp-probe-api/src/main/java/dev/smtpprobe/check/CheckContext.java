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
     * (name resolution and TCP) and {@code greeting} (from the TCP connection to the end of the 220). The runner
     * closes the session politely when the check returns.
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
        try {
            SmtpSession session = client.connect(target.connectTo(), target.port(), effective);
            sessions.add(session);
            Duration total = Duration.ofNanos(System.nanoTime() - start);
            Duration greeting = session.greeting().elapsed();
            phases.add(new Phase("connect", total.minus(greeting).isNegative() ? Duration.ZERO : total.minus(greeting)));
            phases.add(new Phase("greeting", greeting));
            return session;
        } catch (ProbeException e) {
            phases.add(new Phase("connect", Duration.ofNanos(System.nanoTime() - start)));
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
