package dev.smtpprobe.examples;

import dev.smtpprobe.Printable;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transaction;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One transaction, several recipients, each with its own answer (RFC 5321 §4.1.1.3): a refused {@code RCPT TO}
 * does not end the transaction, so the table below lists every recipient's code, enhanced status and what the
 * status means. DATA is sent only when at least one recipient was accepted, and goes to those only; a 4xx
 * recipient can be tried again later, a 5xx one cannot.
 *
 * <p>The last two columns can disagree: Exchange answers an unknown mailbox with {@code 5.1.10}, which the IANA
 * registry calls "Recipient address has null MX" (RFC 7505). The server's words say what happened; the code's class
 * (2, 4 or 5) says what to do.
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server knowing two mailboxes and taking at most two
 * recipients per message, so the five default recipients get four different answers. With {@code --host} the test
 * message is really sent to the recipients the server accepts.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.PerRecipientResults
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.PerRecipientResults \
 *     -Dexec.args="--host mx.example.test --to a@example.test,b@example.test"
 * </pre>
 */
public final class PerRecipientResults {

    /** The default recipients: accepted, unknown, foreign, accepted, and one over the embedded server's limit. */
    public static final List<String> DEFAULT_RECIPIENTS = List.of("postmaster@contoso.test", "nobody@contoso.test",
            "foreign@external.test", "john.doe@contoso.test", "jane.doe@contoso.test");

    static final String USAGE = "usage: PerRecipientResults [--host HOST [--port PORT]] [--ehlo NAME] [--from ADDRESS]"
            + " [--to ADDRESS,ADDRESS,...]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--ehlo", "--from", "--to"), Set.of());

    private PerRecipientResults() {}

    /** Runs the example; exits with its code when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out));
    }

    /**
     * Runs the example, printing to {@code out}.
     *
     * @return 0 the message was queued for at least one recipient, 1 no recipient accepted or the message refused,
     *         2 wrong argument, 3 the conversation broke
     */
    public static int run(String[] args, PrintStream out) {
        return RUNNER.run(args, out, a -> {
            String ehlo = a.value("--ehlo").orElse(WalkthroughOptions.DEFAULT_EHLO);
            String from = a.value("--from").orElse(WalkthroughOptions.DEFAULT_FROM);
            List<String> to = a.value("--to").map(list -> Arrays.asList(list.split(","))).orElse(DEFAULT_RECIPIENTS);
            if (a.value("--host").isPresent()) {
                return send(a.value("--host").get(), a.port(25), ehlo, from, to, out);
            }
            try (var server = EmbeddedExchangeServer.builder()
                    .mailboxes("john.doe@contoso.test", "jane.doe@contoso.test")
                    .maxRecipients(2)
                    .start()) {
                out.println("No --host given: using the embedded Exchange-like server " + server.hostName()
                        + " (mailboxes: postmaster, john.doe, jane.doe; at most 2 recipients per message).");
                return send(server.host(), server.port(), ehlo, from, to, out);
            }
        });
    }

    /**
     * One MAIL, one RCPT per recipient, the table, then DATA if anyone was accepted; the exit code of {@link #run}.
     *
     * @throws ProbeException when the conversation broke
     */
    static int send(String host, int port, String ehlo, String from, List<String> recipients, PrintStream out) {
        try (ProbeClient client = Probe.client(); SmtpSession session = client.connect(host, port)) {
            Transaction tx = session.ehlo(ehlo).mailFrom(from);
            out.println("MAIL FROM:<" + from + ">  " + tx.reply());
            if (!tx.reply().isPositive()) {
                session.quit();
                return 1;
            }
            for (String recipient : recipients) {
                tx = tx.rcptTo(recipient); // a refused recipient does not end the transaction
            }
            out.println();
            printTable(tx.recipients(), out);
            out.println();

            List<String> accepted = tx.acceptedRecipients();
            out.println(accepted.size() + " of " + recipients.size() + " recipients accepted.");
            int code;
            if (accepted.isEmpty()) {
                tx.rset(); // nobody to deliver to: no DATA, end the transaction
                out.println("No DATA: nobody would receive the message. RSET.");
                code = 1;
            } else {
                DataResult sent = tx.data(SeedWalkthrough.MESSAGE);
                out.println("DATA for " + String.join(", ", accepted) + ": " + sent.reply()
                        + sent.queueId().map(id -> "  (queue id " + id + ")").orElse(""));
                code = sent.isAccepted() ? 0 : 1;
            }
            list("Try again, in another transaction or later (4xx)", tx.recipients(), Reply::isTransientFailure, out);
            list("Refused for good (5xx)", tx.recipients(), Reply::isPermanentFailure, out);
            session.quit();
            return code;
        } // a broken conversation (ProbeException) is reported by the runner: exit code 3
    }

    /** One row per RCPT: the address, the code, the enhanced status, what it means, and the server's own words. */
    static void printTable(List<RecipientReply> recipients, PrintStream out) {
        var rows = new ArrayList<List<String>>();
        rows.add(List.of("recipient", "code", "status", "meaning of the status", "server said"));
        for (RecipientReply r : recipients) {
            Reply reply = r.reply();
            rows.add(List.of(r.address(), String.valueOf(reply.code()),
                    reply.enhancedStatus().map(Object::toString).orElse("-"),
                    reply.enhancedStatus().map(EnhancedStatus::explain).orElse("(no enhanced status code)"),
                    Printable.text(reply.message())));
        }
        int[] widths = new int[rows.get(0).size()];
        rows.forEach(row -> {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        });
        for (List<String> row : rows) {
            var line = new StringBuilder();
            for (int i = 0; i < widths.length; i++) {
                line.append(i == widths.length - 1 ? row.get(i) : String.format("%-" + widths[i] + "s  ", row.get(i)));
            }
            out.println(line);
        }
    }

    private static void list(String title, List<RecipientReply> recipients, Predicate<Reply> which,
            PrintStream out) {
        List<String> addresses = recipients.stream().filter(r -> which.test(r.reply())).map(RecipientReply::address).toList();
        if (!addresses.isEmpty()) {
            out.println(title + ": " + String.join(", ", addresses));
        }
    }
}
