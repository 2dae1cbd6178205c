package dev.smtpprobe.examples;

import dev.smtpprobe.MxResult;
import dev.smtpprobe.Printable;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.MxReport;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.SuiteReport;
import java.io.PrintStream;
import java.util.List;

/**
 * The report of {@link CheckMyMailServer} for a person: one block per finding ({@code [PASS] banner: ...} and its
 * details), then a verdict that names what failed and what deserves a look, with each one's reason. What the
 * servers and the DNS sent is printed with its control characters escaped ({@link Printable}).
 */
final class CheckReport {

    private CheckReport() {}

    /** Prints the findings of one server and the verdict; returns the worst outcome. */
    static Outcome print(SuiteReport report, PrintStream out) {
        out.println(report.findings().size() + " checks, one connection at a time; no check sends DATA.");
        out.println();
        for (Finding f : report.findings()) {
            out.println(f);
            f.details().forEach(d -> out.println("    " + Printable.text(d)));
        }
        out.println();
        verdict("Verdict", report, out);
        return report.worst();
    }

    /** Prints the MX lookup, the findings of every exchanger and the domain's verdict; returns the worst outcome. */
    static Outcome print(MxReport report, PrintStream out) {
        MxResult mx = report.mx();
        out.println("MX of " + mx.domain() + ": " + mx.kind() + switch (mx.kind()) {
            case MX -> "";
            case IMPLICIT -> " (no MX records: mail goes to the domain's own address)";
            case NULL_MX -> " (RFC 7505: the domain accepts no mail, so there is nothing to check)";
            case NO_MAIL_HOST -> " (neither MX nor address records: mail to it cannot be delivered)";
            case NO_SUCH_DOMAIN -> " (the domain does not exist)";
        });
        mx.hosts().forEach(h -> out.println("  " + Printable.text(h.toString())
                + (h.isResolvable() ? "" : "  (no address: not checked)")));
        for (SuiteReport server : report.reports()) {
            out.println();
            out.println("== " + Printable.text(server.target().toString()) + " ==");
            print(server, out);
        }
        out.println();
        out.println("Domain verdict: " + report.worst() + (report.reports().size() > 1 ? " (its worst exchanger)" : ""));
        return report.worst();
    }

    private static void verdict(String title, SuiteReport report, PrintStream out) {
        Outcome worst = report.worst();
        int passed = report.findings(Outcome.PASS).size();
        out.println(title + ": " + worst + " -- " + switch (worst) {
            case PASS -> "all " + passed + " checks passed, nothing to fix";
            case WARN -> "it works, but some findings deserve a look";
            case FAIL -> "fix the failures first";
            case COULD_NOT_RUN -> "some checks could not get far enough to judge: is the server reachable?";
        } + " (" + report.elapsed().toMillis() + " ms)");
        list("failed", report.findings(Outcome.FAIL), out);
        list("could not run", report.findings(Outcome.COULD_NOT_RUN), out);
        list("warnings", report.findings(Outcome.WARN), out);
        if (worst != Outcome.PASS) {
            out.println("  passed: " + passed + " of " + report.findings().size());
        }
    }

    private static void list(String label, List<Finding> findings, PrintStream out) {
        findings.forEach(f -> out.println("  " + label + ": " + f.check() + " -- " + Printable.text(f.summary())));
    }
}
