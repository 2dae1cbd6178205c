package dev.smtpprobe.examples;

import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.io.PrintStream;

/**
 * Prints a {@link Transcript} the way swaks does, with a line under each reply that carries an enhanced status
 * code saying what the code means, and the queue id under a reply that names one:
 *
 * <pre>
 * &lt;-  250 2.1.0 Sender OK
 *     ^ 2.1.0: Success: Other address status
 * </pre>
 */
final class ExplainedTranscript {

    private ExplainedTranscript() {}

    /** Prints every entry, and the explanations after the last line of each reply (read from the exchanges). */
    static void print(Transcript transcript, PrintStream out) {
        var exchanges = new ExchangeCursor();
        for (TranscriptEntry entry : transcript.entries()) {
            out.println(entry);
            exchanges.endingAt(entry, transcript.exchanges()).forEach(exchange -> explain(exchange.reply(), out));
        }
    }

    private static void explain(Reply reply, PrintStream out) {
        reply.enhancedStatus().ifPresent(s -> out.println("    ^ " + s + ": " + s.explain()));
        reply.queueId().ifPresent(id -> out.println("    ^ queue id: " + id));
    }
}
