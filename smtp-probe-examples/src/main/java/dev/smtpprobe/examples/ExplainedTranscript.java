package dev.smtpprobe.examples;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    /** Prints every entry, and the explanations after the last line of each reply. */
    static void print(Transcript transcript, PrintStream out) {
        var lines = new ArrayList<String>();
        for (TranscriptEntry entry : transcript.entries()) {
            out.println(entry);
            String line = entry.line();
            if (entry.direction() != Direction.RECEIVED || !line.matches("[2-5]\\d\\d([ -].*)?")) {
                continue;
            }
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() == 3 || line.charAt(3) == ' ') {
                explain(new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(lines), Duration.ZERO), out);
                lines.clear();
            }
        }
    }

    private static void explain(Reply reply, PrintStream out) {
        reply.enhancedStatus().ifPresent(s -> out.println("    ^ " + s + ": " + s.explain()));
        reply.queueId().ifPresent(id -> out.println("    ^ queue id: " + id));
    }
}
