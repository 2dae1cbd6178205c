package dev.smtpprobe.check;

import dev.smtpprobe.Printable;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one {@link Check} found about one server: the verdict, a one-line summary an administrator reads first, the
 * details behind it, and the evidence — the replies that decided it, the whole transcript of the conversation(s)
 * and how long each phase took.
 *
 * @param check      the check's name, e.g. {@code open-relay}
 * @param target     the server
 * @param outcome    pass, warn, fail or could-not-run
 * @param summary    one line, e.g. {@code relaying refused for all 5 address forms}; it may quote the server, so
 *                   print {@link #toString()}, which escapes control characters, rather than the raw text
 * @param details    further lines (each accepted relay form, the certificate's expiry, ...), as raw as the
 *                   summary: {@link #report()} escapes them
 * @param replies    the replies the verdict rests on, in the order they came
 * @param transcript every line sent and received by the check, QUIT included
 * @param phases     how long each phase took
 * @param error      the broken conversation, when the check could not run to the end
 */
public record Finding(String check, CheckTarget target, Outcome outcome, String summary, List<String> details,
        List<Reply> replies, Transcript transcript, List<Phase> phases, Optional<ProbeException> error) {

    /** Copies the lists and checks for nulls. */
    public Finding {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(summary, "summary");
        details = List.copyOf(details);
        replies = List.copyOf(replies);
        Objects.requireNonNull(transcript, "transcript");
        phases = List.copyOf(phases);
        Objects.requireNonNull(error, "error");
    }

    /** The same finding with another transcript (the runner adds the closing RSET/QUIT). */
    public Finding withTranscript(Transcript transcript) {
        return new Finding(check, target, outcome, summary, details, replies, transcript, phases, error);
    }

    /** The time of the named phase, if it was timed. */
    public Optional<Phase> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /**
     * {@code [WARN] banner: names myserver.contoso.local, an internal name}. The summary often quotes the server
     * (a banner, a reply): it is escaped by {@link Printable#text(CharSequence)}, so the result is one line
     * without control characters. {@link #summary()} and {@link #details()} keep the text as the check wrote it.
     */
    @Override
    public String toString() {
        return "[" + outcome + "] " + check + ": " + Printable.text(summary);
    }

    /**
     * The summary line, the details and the phase times, indented; the replies and transcript are left out. Each
     * line is escaped as in {@link #toString()}: a line break in the result is always one between lines.
     */
    public String report() {
        var sb = new StringBuilder(toString());
        details.forEach(d -> sb.append("\n    ").append(Printable.text(d)));
        if (!phases.isEmpty()) {
            sb.append("\n    time: ").append(String.join(", ", phases.stream().map(Phase::toString).toList()));
        }
        return sb.toString();
    }
}
