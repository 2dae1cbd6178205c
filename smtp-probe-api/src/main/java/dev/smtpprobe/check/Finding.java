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
 * <p>Read it; a check makes it through its {@link CheckContext} ({@link CheckContext#pass}, {@link CheckContext#warn},
 * {@link CheckContext#fail}, {@link CheckContext#couldNotRun}, {@link CheckContext#finding}), which gathers the
 * evidence. There is no public constructor, so that a finding can carry more later without breaking anyone.
 * Immutable.
 */
public final class Finding {

    private final String check;
    private final CheckTarget target;
    private final Outcome outcome;
    private final String summary;
    private final List<String> details;
    private final List<Reply> replies;
    private final Transcript transcript;
    private final List<Phase> phases;
    private final Optional<ProbeException> error;

    /** Copies the lists and checks for nulls; made by {@link CheckContext}. */
    Finding(String check, CheckTarget target, Outcome outcome, String summary, List<String> details,
            List<Reply> replies, Transcript transcript, List<Phase> phases, Optional<ProbeException> error) {
        this.check = Objects.requireNonNull(check, "check");
        this.target = Objects.requireNonNull(target, "target");
        this.outcome = Objects.requireNonNull(outcome, "outcome");
        this.summary = Objects.requireNonNull(summary, "summary");
        this.details = List.copyOf(details);
        this.replies = List.copyOf(replies);
        this.transcript = Objects.requireNonNull(transcript, "transcript");
        this.phases = List.copyOf(phases);
        this.error = Objects.requireNonNull(error, "error");
    }

    /** The check's name, e.g. {@code open-relay}. */
    public String check() {
        return check;
    }

    /** The server. */
    public CheckTarget target() {
        return target;
    }

    /** Pass, warn, fail or could-not-run. */
    public Outcome outcome() {
        return outcome;
    }

    /** One line, e.g. {@code relaying refused for all 5 address forms}. */
    public String summary() {
        return summary;
    }

    /** Further lines (each accepted relay form, the certificate's expiry, ...). */
    public List<String> details() {
        return details;
    }

    /** The replies the verdict rests on, in the order they came. */
    public List<Reply> replies() {
        return replies;
    }

    /** Every line sent and received by the check, QUIT included. */
    public Transcript transcript() {
        return transcript;
    }

    /** How long each phase took. */
    public List<Phase> phases() {
        return phases;
    }

    /** The broken conversation, when the check could not run to the end. */
    public Optional<ProbeException> error() {
        return error;
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

    @Override
    public boolean equals(Object o) {
        return o instanceof Finding f && check.equals(f.check) && target.equals(f.target) && outcome == f.outcome
                && summary.equals(f.summary) && details.equals(f.details) && replies.equals(f.replies)
                && transcript.equals(f.transcript) && phases.equals(f.phases) && error.equals(f.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(check, target, outcome, summary, details, replies, transcript, phases, error);
    }
}
