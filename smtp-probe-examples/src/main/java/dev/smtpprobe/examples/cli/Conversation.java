package dev.smtpprobe.examples.cli;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.XClientResult;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsStarted;
import dev.smtpprobe.Transaction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Runs one {@link ConversationPlan} the way swaks does: greeting, EHLO, STARTTLS and EHLO again, AUTH, MAIL, each
 * RCPT, DATA (or BDAT) and the message, QUIT, stopping at the first refused stage or at {@code --quit-after}, and says
 * which {@link ExitCode} the run ends with. A stop inside a mail transaction (after MAIL was accepted and before the
 * server answered the message) sends RSET before QUIT (RFC 5321 section 4.1.1.5), as the library's checks do. A
 * negative reply is a result here, never an exception; only a broken conversation ({@link ProbeException}) ends it
 * early without QUIT.
 */
final class Conversation {

    private final ConversationPlan plan;
    private final ConversationPrinter printer;
    /** The certificate facts of a TLS handshake that failed, which the session itself does not keep. */
    private Optional<TlsFacts> failedTls = Optional.empty();
    /** Whether the server holds an open mail transaction: MAIL accepted, the message not yet answered. */
    private boolean inTransaction;

    private Conversation(ConversationPlan plan, ConversationPrinter printer) {
        this.plan = plan;
        this.printer = printer;
    }

    /** Runs the plan, showing it on {@code printer} as it goes, and returns (and shows) the outcome. */
    static Outcome run(ConversationPlan plan, ConversationPrinter printer) {
        Outcome outcome = attempt(plan, printer);
        printer.finish(outcome);
        return outcome;
    }

    /**
     * Runs the plan, showing it on {@code printer} as it goes, and returns the outcome without showing it: the caller
     * may try another server when it is {@link ExitCode#CONNECT} ({@link MxConversation}).
     */
    static Outcome attempt(ConversationPlan plan, ConversationPrinter printer) {
        return new Conversation(plan, printer).converse();
    }

    /** A stage that failed: ends the conversation (with QUIT) with this code. */
    private static final class Stop extends Exception {
        private static final long serialVersionUID = 1L;
        private final ExitCode code;

        Stop(ExitCode code, String reason) {
            super(reason, null, false, false);
            this.code = code;
        }
    }

    private Outcome converse() {
        try (ProbeClient client = Probe.client(options())) {
            SmtpSession session;
            try {
                session = client.connect(plan.host(), plan.port());
            } catch (ProbeException e) {
                return broken(e);
            } catch (InvalidArgumentException e) {
                return new Outcome(ExitCode.USAGE, e.getMessage(), e.transcript().exchanges(), e.transcript(),
                        Optional.empty(), Optional.empty());
            }
            try (session) {
                ExitCode code = ExitCode.SUCCESS;
                String reason = "every step asked for was accepted (up to " + plan.quitAfter().name().toLowerCase(java.util.Locale.ROOT) + ")";
                try {
                    steps(session);
                } catch (Stop stop) {
                    code = stop.code;
                    reason = stop.getMessage();
                } catch (InvalidArgumentException e) {
                    code = ExitCode.USAGE;
                    reason = e.getMessage();
                } catch (NotSentException e) { // SIZE over the limit, SMTPUTF8 not offered, ...: nothing was sent
                    code = ExitCode.USAGE;
                    reason = e.getMessage();
                }
                printer.progress(session.transcript());
                if (session.isOpen() && inTransaction) {
                    session.rset();
                    show(session);
                }
                if (session.isOpen()) {
                    Reply quit = session.quit().reply();
                    if (code == ExitCode.SUCCESS && !quit.isPositive()) {
                        code = ExitCode.QUIT;
                        reason = "QUIT was answered " + firstLine(quit);
                    }
                }
                session.close();
                return new Outcome(code, reason, session.exchanges(), session.transcript(), session.tls().or(() -> failedTls),
                        Optional.empty());
            } catch (ProbeException e) {
                return broken(e);
            }
        }
    }

    private ProbeOptions options() {
        var tls = plan.tlsOptions().toBuilder()
                .mode(plan.tls() == TlsChoice.ON_CONNECT ? TlsMode.IMPLICIT : TlsMode.NONE)
                .handshakeTimeout(plan.timeout())
                .build();
        return ProbeOptions.builder()
                .timeouts(Timeouts.all(plan.timeout()))
                .tls(tls)
                .allowPlaintextAuthentication(plan.plaintextAuth())
                .proxyHeader(plan.proxy().orElse(null))
                .protocol(plan.protocol())
                .sizePrecheck(!plan.esmtp().sizeAsTold()) // --size OCTETS: the server judges the number
                .build();
    }

    private Outcome broken(ProbeException e) {
        return new Outcome(ExitCode.of(e), e.getMessage(), e.transcript().exchanges(), e.transcript(), Optional.empty(),
                Optional.of(e));
    }

    private void steps(SmtpSession session) throws Stop {
        Reply greeting = session.greeting();
        show(session);
        if (plan.quitAfter() == QuitAfter.CONNECT) {
            return;
        }
        expect(greeting.isPositive(), ExitCode.BANNER, "the greeting", greeting);
        if (plan.quitAfter() == QuitAfter.BANNER) {
            return;
        }
        Hello hello = session.ehlo(plan.ehlo());
        show(session);
        expect(hello.reply().isPositive(), ExitCode.EHLO, "EHLO", hello.reply());
        if (plan.quitAfter() == QuitAfter.EHLO) {
            return;
        }
        if (plan.tls().startTls()) {
            Optional<TlsStarted> started = startTls(session, hello);
            if (started.isPresent() && plan.quitAfter() == QuitAfter.TLS) {
                return;
            }
            if (started.isPresent()) {
                hello = started.get().ehlo(plan.ehlo());
                show(session);
                expect(hello.reply().isPositive(), ExitCode.EHLO_AFTER_TLS, "EHLO inside TLS", hello.reply());
            }
        }
        if (plan.quitAfter() == QuitAfter.TLS) {
            return;
        }
        if (plan.xclient().isPresent()) {
            XClientResult claimed = hello.xclient(plan.xclient().get());
            show(session);
            expect(claimed.isAccepted(), ExitCode.XCLIENT, "XCLIENT", claimed.reply());
            hello = claimed.ehlo(plan.ehlo());
            show(session);
            expect(hello.reply().isPositive(), ExitCode.EHLO, "EHLO after XCLIENT", hello.reply());
        }
        if (plan.auth().isPresent()) {
            authenticate(session, hello, plan.auth().get());
        }
        if (plan.quitAfter() == QuitAfter.AUTH) {
            return;
        }
        Optional<String> missing = plan.esmtp().missing(hello.capabilities(), addresses());
        if (missing.isPresent()) {
            throw new Stop(ExitCode.USAGE, missing.get() + ": nothing of the transaction was sent");
        }
        if (plan.pipeline() && plan.quitAfter() == QuitAfter.DATA) {
            pipelined(session, hello);
        } else {
            oneByOne(session, hello);
        }
    }

    /** The envelope sender and recipients. */
    private List<String> addresses() {
        var all = new ArrayList<String>(plan.to());
        all.add(0, plan.from());
        return all;
    }

    /** The parameters of MAIL FROM: the options' and SMTPUTF8 when an address is not ASCII (RFC 6531). */
    /** MAIL's parameters: the ESMTP options, and PRDR with --prdr (sent as told, with a note when not offered). */
    private dev.smtpprobe.MailParameters mailParameters(Hello hello, byte[] content) {
        if (plan.prdr() && !hello.capabilities().supportsPrdr()) {
            printer.note("the server does not offer PRDR: MAIL is sent with PRDR as told");
        }
        return plan.esmtp().mail(content.length, addresses().stream().anyMatch(EsmtpChoices::needsSmtpUtf8),
                plan.prdr());
    }

    /**
     * The message as it is sent: UTF-8, every line ending CRLF (a bare CR or LF too), ending with CRLF. DATA would
     * make it so on the way out; BDAT sends the octets as they are; SIZE declares this length (RFC 1870 section 3:
     * CRLF line ends, no dot-stuffing).
     */
    static byte[] content(String message) {
        String crlf = message.replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
        return (crlf.endsWith("\r\n") ? crlf : crlf + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    /** STARTTLS after the first EHLO; empty when --tls-optional goes on in plaintext. */
    private Optional<TlsStarted> startTls(SmtpSession session, Hello hello) throws Stop {
        boolean required = plan.tls() == TlsChoice.STARTTLS;
        if (!hello.capabilities().supportsStartTls()) {
            if (required) {
                throw new Stop(ExitCode.TLS, "STARTTLS is not offered (--tls requires it)");
            }
            printer.note("TLS not used: the server does not offer STARTTLS");
            return Optional.empty();
        }
        try {
            TlsStarted started = hello.startTls();
            show(session);
            return Optional.of(started);
        } catch (TlsFailedException e) {
            failedTls = e.facts();
            printer.progress(e.transcript());
            if (!required && e.failure() == TlsFailure.REFUSED) {
                printer.note("TLS not used: STARTTLS was refused");
                return Optional.empty();
            }
            throw new Stop(ExitCode.TLS, e.getMessage());
        }
    }

    private void authenticate(SmtpSession session, Hello hello, Credentials credentials) throws Stop {
        AuthResult result;
        try {
            result = credentials.type().authenticate(hello, credentials.user(), credentials.password());
        } catch (NotSentException e) {
            if (e.reason() == NotSentException.Reason.PLAINTEXT_AUTH) {
                throw new Stop(ExitCode.AUTH, "AUTH " + credentials.type() + " was not sent: it reveals the password and"
                        + " the connection has no TLS (use --tls, or --auth-plaintext on a test server)");
            }
            throw new Stop(ExitCode.AUTH, "AUTH was not sent: " + e.getMessage());
        }
        show(session);
        expect(result.isSuccess(), ExitCode.AUTH, "AUTH " + result.mechanism(), result.reply());
    }

    private void oneByOne(SmtpSession session, Hello hello) throws Stop {
        byte[] content = content(plan.message());
        Transaction tx = hello.mailFrom(plan.from(), mailParameters(hello, content));
        show(session);
        expect(tx.mailReply().isPositive(), ExitCode.MAIL, "MAIL FROM", tx.mailReply());
        inTransaction = true;
        if (plan.quitAfter() == QuitAfter.MAIL) {
            return;
        }
        for (String to : plan.to()) {
            tx = tx.rcptTo(to, plan.esmtp().rcpt(to));
            show(session);
        }
        checkRecipients(tx);
        if (plan.quitAfter() == QuitAfter.RCPT) {
            return;
        }
        if (plan.esmtp().bdat()) {
            checkChunks(session, tx.dataChunked(content, plan.esmtp().chunkSize()), content.length);
        } else {
            checkData(session, tx.data(content));
        }
    }

    private void pipelined(SmtpSession session, Hello hello) throws Stop {
        byte[] content = content(plan.message());
        var batch = hello.pipelined().mailFrom(plan.from(), mailParameters(hello, content));
        plan.to().forEach(to -> batch.rcptTo(to, plan.esmtp().rcpt(to)));
        if (!batch.willPipeline()) {
            printer.note("the server does not offer PIPELINING: the commands go one by one");
        }
        DataResult sent = batch.data(content);
        Transaction tx = sent.transaction();
        inTransaction = tx.mailReply().isPositive() && sent.contentReply().isEmpty();
        expect(tx.mailReply().isPositive(), ExitCode.MAIL, "MAIL FROM", tx.mailReply());
        checkRecipients(tx);
        checkData(session, sent);
    }

    private void checkRecipients(Transaction tx) throws Stop {
        if (tx.acceptedRecipients().isEmpty()) {
            throw new Stop(ExitCode.RCPT, "no recipient was accepted" + (tx.recipients().isEmpty() ? ""
                    : ": " + tx.recipients().stream().map(Conversation::refusal).reduce((a, b) -> a + "; " + b).orElse("")));
        }
    }

    private static String refusal(RecipientReply r) {
        return r.address() + " " + firstLine(r.reply());
    }

    private void checkData(SmtpSession session, DataResult sent) throws Stop {
        inTransaction = sent.contentReply().isEmpty();
        show(session);
        expect(sent.dataReply().code() == 354, ExitCode.DATA, "DATA", sent.dataReply());
        Reply end = sent.reply();
        expect(sent.isAccepted(), ExitCode.DATA_END, "the message", end);
    }

    /**
     * The replies to the BDAT chunks: the transaction ends with the reply to the last chunk (BDAT n LAST); a refused
     * chunk before it leaves the transaction open (RFC 3030 section 2), for RSET.
     */
    private void checkChunks(SmtpSession session, DataResult sent, int length) throws Stop {
        List<Reply> chunks = sent.chunkReplies();
        int size = plan.esmtp().chunkSize();
        int all = (int) Math.max(1, (length + (long) size - 1) / size);
        inTransaction = chunks.size() < all;
        show(session);
        expect(sent.isAccepted(), ExitCode.DATA_END, "BDAT chunk " + chunks.size() + " of " + all, sent.reply());
    }

    private void expect(boolean ok, ExitCode code, String what, Reply reply) throws Stop {
        if (!ok) {
            throw new Stop(code, what + " was answered " + firstLine(reply));
        }
    }

    private void show(SmtpSession session) {
        printer.progress(session.transcript());
    }

    private static String firstLine(Reply reply) {
        return reply.code() + (reply.lines().get(0).isEmpty() ? "" : " " + reply.lines().get(0));
    }
}
