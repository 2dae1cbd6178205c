package dev.smtpprobe.examples;

import dev.smtpprobe.Printable;
import dev.smtpprobe.CommandResult;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transaction;
import java.io.PrintStream;
import java.util.Optional;

/**
 * The seed walkthrough: what a mail administrator types into {@code telnet host 25} to check an Exchange server,
 * done with smtp-probe and explained. Greet, send a test message to postmaster, then try to relay to a foreign
 * domain — where {@code 550 5.7.1 Unable to relay} is the good answer — and quit.
 *
 * <p>With no arguments it starts an {@link EmbeddedExchangeServer} and talks to that; with {@code --host} it
 * probes a real server (and really sends it the test message):
 *
 * <pre>
 * mvn -q install -DskipTests &amp;&amp; mvn -q -pl smtp-probe-examples exec:java
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.args="--host mx.contoso.test --to postmaster@contoso.test"
 * </pre>
 */
public final class SeedWalkthrough {

    /** The recipient of the relay test: a domain no server of ours accepts mail for. */
    public static final String RELAY_TEST_RECIPIENT = "foreign@external.test";
    /** The test message of the seed. */
    public static final String MESSAGE = "Subject: test\r\n\r\nThis is a test message.\r\n";

    private SeedWalkthrough() {}

    /** Runs the walkthrough; exits with {@link Result#exitCode()} when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out));
    }

    /**
     * Runs the walkthrough as {@link #main} does, printing to {@code out}.
     *
     * @return 0 when the message was queued and the relay refused, 1 when the server answered otherwise, 2 for a
     *         wrong argument, 3 when the conversation broke (see {@link Result#exitCode()})
     */
    public static int run(String[] args, PrintStream out) {
        WalkthroughOptions options;
        try {
            options = WalkthroughOptions.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            out.println(WalkthroughOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.println(WalkthroughOptions.USAGE);
            return 0;
        }
        if (options.host().isPresent()) {
            return walk(options.host().get(), options.port(), options, out).exitCode();
        }
        try (var server = EmbeddedExchangeServer.start()) {
            out.println("No --host given: using the embedded Exchange-like server " + server.hostName() + ".");
            return walk(server.host(), server.port(), options, out).exitCode();
        }
    }

    /** Holds the seed conversation with {@code host:port} and prints its transcript, explained, and the findings. */
    public static Result walk(String host, int port, WalkthroughOptions options, PrintStream out) {
        out.println("Connecting to " + host + " port " + port + " ...");
        try (ProbeClient client = Probe.client(); SmtpSession session = client.connect(host, port)) {
            out.println("Greeting: " + session.greeting());
            Result result = converse(session, options);
            CommandResult quit = session.quit();
            out.println();
            ExplainedTranscript.print(quit.transcript(), out);
            out.println();
            result.printFindings(options, out);
            return result;
        } catch (ProbeException e) {
            out.println();
            out.println("The conversation broke: " + e.getMessage());
            ExplainedTranscript.print(e.transcript(), out);
            return new Result(Optional.empty(), Optional.empty(), Optional.empty(), Optional.of(e));
        }
    }

    private static Result converse(SmtpSession session, WalkthroughOptions options) {
        if (!session.greeting().isPositive()) {
            return new Result(Optional.of(session.greetingHost()), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Hello hello = session.ehlo(options.ehlo());
        if (!hello.reply().isPositive()) {
            return new Result(Optional.of(session.greetingHost()), Optional.empty(), Optional.empty(), Optional.empty());
        }
        Optional<DataResult> sent = Optional.empty();
        Transaction tx = hello.mailFrom(options.from());
        if (tx.reply().isPositive()) {
            tx = tx.rcptTo(options.to());
            if (tx.reply().isPositive()) {
                sent = Optional.of(tx.data(MESSAGE));
            }
        }
        if (sent.isEmpty() || !sent.get().isAccepted()) {
            session.rset(); // end the failed transaction before the next MAIL
        }
        Optional<Reply> relay = Optional.empty();
        Transaction relayTx = hello.mailFrom(options.from());
        if (relayTx.reply().isPositive()) {
            relay = Optional.of(relayTx.rcptTo(RELAY_TEST_RECIPIENT).reply());
            if (relay.get().isPositive()) {
                session.rset(); // never send a message through a relay that should not be open
            }
        }
        return new Result(Optional.of(session.greetingHost()), sent, relay, Optional.empty());
    }

    /**
     * What the walkthrough found.
     *
     * @param greetingHost the host name in the greeting, when the server greeted
     * @param sent         the end of the test message's transaction, when DATA was sent
     * @param relayReply   the reply to {@code RCPT TO:<foreign@external.test>}, when the relay test got that far
     * @param failure      why the conversation broke, if it did
     */
    public record Result(Optional<String> greetingHost, Optional<DataResult> sent, Optional<Reply> relayReply,
            Optional<ProbeException> failure) {

        /** Whether the server accepted the test message for delivery. */
        public boolean messageQueued() {
            return sent.map(DataResult::isAccepted).orElse(false);
        }

        /** The queue id the server gave the test message. */
        public Optional<String> queueId() {
            return sent.flatMap(DataResult::queueId);
        }

        /** Whether the server refused the foreign recipient: the good answer. */
        public boolean relayRefused() {
            return relayReply.map(Reply::isFailure).orElse(false);
        }

        /** 0 all good; 1 the server did not queue the message or did not refuse the relay; 3 the conversation broke. */
        public int exitCode() {
            if (failure.isPresent()) {
                return 3;
            }
            return messageQueued() && relayRefused() ? 0 : 1;
        }

        void printFindings(WalkthroughOptions options, PrintStream out) {
            out.println("Findings");
            out.println("  greeting:   " + greetingHost.map(h -> "the server names itself " + Printable.text(h)).orElse("none"));
            out.println("  message:    " + (messageQueued()
                    ? "queued for " + options.to() + ", queue id " + queueId().map(Printable::text).orElse("(none given)")
                    : "NOT queued: " + sent.map(s -> s.reply().toString()).orElse("no DATA sent")));
            out.println("  relay test: " + relayReply.map(r -> r.isFailure()
                    ? RELAY_TEST_RECIPIENT + " refused with " + r.code() + r.enhancedStatus().map(s -> " " + s).orElse("")
                            + " -- the good answer: this server does not relay for strangers"
                    : RELAY_TEST_RECIPIENT + " ACCEPTED with " + r.code()
                            + " -- the server takes mail for other domains from this client: is it an open relay?")
                    .orElse("not done (MAIL FROM was refused)"));
        }
    }
}
