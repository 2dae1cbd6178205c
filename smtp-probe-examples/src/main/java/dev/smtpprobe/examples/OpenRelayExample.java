package dev.smtpprobe.examples;

import dev.smtpprobe.CommandResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transaction;
import java.io.PrintStream;
import java.util.Set;

/**
 * Is the server an open relay? A sender from a foreign domain asks to send to a recipient in another foreign domain:
 * a server that takes that recipient from anyone on the internet relays spam. {@code 550 5.7.1 Unable to relay}
 * (Exchange) or {@code 554 5.7.1 Relay access denied} (Postfix) is the good answer; {@code 250} is the finding.
 *
 * <p>The check never sends DATA, so even an open relay carries no message: after the RCPT it ends the transaction
 * with RSET and the session with QUIT. The negative reply is a value, not an exception; only a broken conversation
 * throws.
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server, which refuses to relay:
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.OpenRelayExample
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.OpenRelayExample \
 *     -Dexec.args="--host mx.example.test [--port 25] [--from a@elsewhere.test] [--to b@elsewhere.test]"
 * </pre>
 */
public final class OpenRelayExample {

    /** The default sender: a domain the probed server does not own. */
    public static final String FOREIGN_SENDER = WalkthroughOptions.DEFAULT_FROM;
    /** The default recipient: another domain the probed server does not own. */
    public static final String FOREIGN_RECIPIENT = SeedWalkthrough.RELAY_TEST_RECIPIENT;

    static final String USAGE = "usage: OpenRelayExample [--host HOST [--port PORT]] [--ehlo NAME] [--from ADDRESS]"
            + " [--to ADDRESS]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--ehlo", "--from", "--to"), Set.of());

    private OpenRelayExample() {}

    /** What the check found, and the exit code for it. */
    public enum Verdict {
        /** The server refused the foreign recipient (5xx): the good answer. */
        REFUSED(0),
        /** The server accepted the foreign recipient: it relays for strangers. */
        OPEN(1),
        /** The question got no yes or no: a 4xx (greylisting, rate limit), or the server refused earlier. */
        INCONCLUSIVE(1),
        /** The conversation broke (could not connect, timed out, connection lost). */
        BROKEN(3);

        private final int exitCode;

        /** The verdict on the reply that ended the check: the RCPT's when {@code asked}, else the refusal before. */
        static Verdict of(boolean asked, Reply answer) {
            if (asked && answer.isPositive()) {
                return OPEN;
            }
            return asked && answer.isPermanentFailure() ? REFUSED : INCONCLUSIVE;
        }

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }

        /** 0 refused, 1 open or inconclusive, 3 broken. */
        public int exitCode() {
            return exitCode;
        }
    }

    /** Runs the check; exits with the verdict's code when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out));
    }

    /**
     * Runs the check as {@link #main} does, printing to {@code out}.
     *
     * @return the verdict's {@link Verdict#exitCode()}, or 2 for a wrong argument
     */
    public static int run(String[] args, PrintStream out) {
        return RUNNER.run(args, out, a -> {
            String ehlo = a.value("--ehlo").orElse(WalkthroughOptions.DEFAULT_EHLO);
            String from = a.value("--from").orElse(FOREIGN_SENDER);
            String to = a.value("--to").orElse(FOREIGN_RECIPIENT);
            if (a.value("--host").isPresent()) {
                return check(a.value("--host").get(), a.port(25), ehlo, from, to, out).exitCode();
            }
            try (var server = EmbeddedExchangeServer.start()) {
                out.println("No --host given: using the embedded Exchange-like server " + server.hostName() + ".");
                return check(server.host(), server.port(), ehlo, from, to, out).exitCode();
            }
        });
    }

    /** Asks {@code host:port} to relay from {@code from} to {@code to}, prints the conversation and the verdict. */
    public static Verdict check(String host, int port, String ehlo, String from, String to, PrintStream out) {
        try (ProbeClient client = Probe.client(); SmtpSession session = client.connect(host, port)) {
            Reply answer = session.greeting();
            boolean asked = false;
            if (answer.isPositive()) {
                Hello hello = session.ehlo(ehlo);
                answer = hello.reply();
                if (answer.isPositive()) {
                    Transaction tx = hello.mailFrom(from);
                    answer = tx.reply();
                    if (answer.isPositive()) {
                        answer = tx.rcptTo(to).reply(); // the question: 250 means "yes, I relay for you"
                        asked = true;
                    }
                    session.rset(); // never DATA: end the transaction, whatever the answer was
                }
            }
            CommandResult quit = session.quit();
            ExplainedTranscript.print(quit.transcript(), out);
            out.println();
            Verdict verdict = Verdict.of(asked, answer);
            printVerdict(verdict, asked, from, to, answer, out);
            return verdict;
        } catch (ProbeException e) {
            out.println("The conversation broke: " + e.getMessage());
            ExplainedTranscript.print(e.transcript(), out);
            return Verdict.BROKEN;
        }
    }

    private static void printVerdict(Verdict verdict, boolean asked, String from, String to, Reply answer,
            PrintStream out) {
        out.println("Relay test: MAIL FROM:<" + from + "> then RCPT TO:<" + to + ">");
        out.println("  answer:  " + answer + (asked ? "" : " (before the RCPT could be sent)"));
        out.println("  status:  " + answer.enhancedStatus().map(s -> s + " = " + s.explain())
                .orElse("(the server sent no enhanced status code)"));
        out.println("  verdict: " + verdict + " -- " + switch (verdict) {
            case REFUSED -> "the good answer: this server does not relay mail for strangers";
            case OPEN -> "the server accepted a foreign recipient from a foreign sender: it is an OPEN RELAY"
                    + " (no message was sent: RSET, QUIT)";
            case INCONCLUSIVE -> asked
                    ? "a transient refusal (greylisting? rate limit?): try again later"
                    : "the server refused before the relay question could be asked";
            case BROKEN -> throw new IllegalStateException("a broken conversation has no answer to print");
        });
    }
}
