package dev.smtpprobe.check;

import dev.smtpprobe.Printable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The findings of a {@link CheckSuite} run against one server, in the order the checks ran.
 *
 * @param target   the server
 * @param findings one per check
 * @param elapsed  how long the whole run took
 */
public record SuiteReport(CheckTarget target, List<Finding> findings, Duration elapsed) {

    /** Copies the findings. */
    public SuiteReport {
        Objects.requireNonNull(target, "target");
        findings = List.copyOf(findings);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** The worst outcome of all findings ({@link Outcome#PASS} when there are none). */
    public Outcome worst() {
        return findings.stream().map(Finding::outcome).reduce(Outcome.PASS, Outcome::worst);
    }

    /** The finding of the named check. */
    public Optional<Finding> finding(String check) {
        return findings.stream().filter(f -> f.check().equals(check)).findFirst();
    }

    /** The findings with this outcome. */
    public List<Finding> findings(Outcome outcome) {
        return findings.stream().filter(f -> f.outcome() == outcome).toList();
    }

    /**
     * A readable report: one block per finding, then the overall verdict; the server's text escaped as
     * {@link Finding#report()} does.
     */
    @Override
    public String toString() {
        var sb = new StringBuilder("Checks of ").append(Printable.text(target.toString())).append('\n');
        findings.forEach(f -> sb.append("  ").append(f.report().replace("\n", "\n  ")).append('\n'));
        return sb.append("Overall: ").append(worst()).append(" (").append(elapsed.toMillis()).append(" ms)").toString();
    }
}
