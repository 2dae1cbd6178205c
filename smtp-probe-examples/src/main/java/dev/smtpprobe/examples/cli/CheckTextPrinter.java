package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Printable;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Phase;
import dev.smtpprobe.check.SuiteReport;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Prints a {@code --check} run for a person: the MX lookup like {@code dig MX} (with {@code --mx}), then per server
 * one block per finding — {@code [PASS] banner: 220 banner names mx1.contoso.test} with its details indented, its
 * phase times with {@code --show-time}, its conversation with {@code --show-transcript} — and the verdict. When
 * the exit code is not 0, two {@code ***} lines on the error stream say why and what the code means. Every line
 * goes out through {@link Printable#text(CharSequence)}, so that what a server or the DNS sent reaches the
 * terminal with its control characters escaped.
 */
final class CheckTextPrinter implements CheckPrinter {

    private static final String INDENT = "    ";

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean showTime;
    private final boolean showTranscript;

    /** Prints to {@code out}, the failure lines to {@code err}. */
    CheckTextPrinter(PrintWriter out, PrintWriter err, boolean showTime, boolean showTranscript) {
        this.out = out;
        this.err = err;
        this.showTime = showTime;
        this.showTranscript = showTranscript;
    }

    @Override
    public void note(String text) {
        println(out, "=== " + text);
        out.flush();
    }

    @Override
    public void finish(CheckResult result) {
        result.mx().ifPresent(mx -> MxText.lines(mx).forEach(line -> println(out, "=== " + line)));
        for (SuiteReport report : result.reports()) {
            out.println();
            println(out, "Checks of " + report.target());
            report.findings().forEach(this::finding);
            println(out, "Overall: " + report.worst() + " -- " + counts(report) + " (" + report.elapsed().toMillis()
                    + " ms)");
        }
        if (result.mx().isPresent() && result.failure().isEmpty()) {
            out.println();
            println(out, "Domain " + result.mx().get().domain() + " overall: " + result.worst()
                    + (result.reports().isEmpty() ? " -- " + result.reason() : ""));
        }
        out.flush();
        if (result.exitCode() != ExitCode.SUCCESS) {
            println(err, "*** " + result.reason());
            println(err, "*** exit code " + result.exitCode().code() + ": " + result.exitCode().meaning());
            err.flush();
        }
    }

    private void finding(Finding f) {
        println(out, f);
        f.details().forEach(d -> println(out, INDENT + d));
        if (showTime && !f.phases().isEmpty()) {
            println(out, INDENT + "time: " + f.phases().stream().map(Phase::toString).collect(Collectors.joining(", ")));
        }
        if (showTranscript) {
            println(out, INDENT + "transcript:");
            for (TranscriptEntry e : f.transcript().entries()) {
                println(out, INDENT + "  " + e);
            }
        }
    }

    /** Prints one line, escaped: it never holds a control character, and so is one line on the terminal. */
    private static void println(PrintWriter to, Object line) {
        to.println(Printable.text(String.valueOf(line)));
    }

    /** {@code 9 checks: 7 pass, 1 warn, 1 fail}, only the outcomes that occur. */
    private static String counts(SuiteReport report) {
        String each = Arrays.stream(dev.smtpprobe.check.Outcome.values())
                .filter(o -> !report.findings(o).isEmpty())
                .map(o -> report.findings(o).size() + " " + o.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '))
                .collect(Collectors.joining(", "));
        return report.findings().size() + " checks" + (each.isEmpty() ? "" : ": " + each);
    }
}
