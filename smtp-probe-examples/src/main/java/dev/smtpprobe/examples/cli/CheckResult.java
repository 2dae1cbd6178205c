package dev.smtpprobe.examples.cli;

import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.MxReport;
import dev.smtpprobe.check.SuiteReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How a {@code --check} run ended: the MX lookup (with {@code --mx}), one report per server checked, the worst
 * outcome and its exit code, or the DNS failure that stopped the run before any check.
 *
 * @param mx       the MX lookup, with {@code --mx}
 * @param reports  one per server checked, in order
 * @param worst    the verdict: the worst finding, or (with {@code --mx}) {@link MxReport#worst()}
 * @param exitCode the process exit code
 * @param reason   one line saying why
 * @param failure  the MX lookup that got no answer
 */
record CheckResult(Optional<MxResult> mx, List<SuiteReport> reports, dev.smtpprobe.check.Outcome worst,
        ExitCode exitCode, String reason, Optional<DnsLookupException> failure) {

    /** Copies the reports and checks for nulls. */
    CheckResult {
        Objects.requireNonNull(mx, "mx");
        reports = List.copyOf(reports);
        Objects.requireNonNull(worst, "worst");
        Objects.requireNonNull(exitCode, "exitCode");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(failure, "failure");
    }

    /** The result of checking one server. */
    static CheckResult of(SuiteReport report) {
        return verdict(Optional.empty(), List.of(report), report.worst());
    }

    /** The result of checking every exchanger of a domain. */
    static CheckResult of(MxReport report) {
        CheckResult result = verdict(Optional.of(report.mx()), report.reports(), report.worst());
        if (report.reports().isEmpty()) {
            String why = MxText.noExchanger(report.mx()).orElse("no exchanger of " + report.mx().domain());
            return new CheckResult(result.mx, result.reports, result.worst, result.exitCode,
                    why + ": nothing to check", Optional.empty());
        }
        return result;
    }

    /** The MX lookup got no answer: nothing was checked. */
    static CheckResult dnsFailed(DnsLookupException e) {
        return new CheckResult(Optional.empty(), List.of(), dev.smtpprobe.check.Outcome.COULD_NOT_RUN, ExitCode.DNS,
                e.getMessage(), Optional.of(e));
    }

    private static CheckResult verdict(Optional<MxResult> mx, List<SuiteReport> reports,
            dev.smtpprobe.check.Outcome worst) {
        List<Finding> findings = reports.stream().flatMap(r -> r.findings().stream()).toList();
        String reason = switch (worst) {
            case PASS -> "every check passed";
            case WARN -> "warnings: " + names(findings, dev.smtpprobe.check.Outcome.WARN);
            case FAIL, COULD_NOT_RUN -> String.join("; ", List.of(
                    "failed: " + names(findings, dev.smtpprobe.check.Outcome.FAIL),
                    "could not run: " + names(findings, dev.smtpprobe.check.Outcome.COULD_NOT_RUN))
                    .stream().filter(s -> !s.endsWith(": ")).toList());
        };
        return new CheckResult(mx, reports, worst, ExitCode.ofVerdict(worst), reason, Optional.empty());
    }

    /**
     * The findings with this outcome, per server: {@code starttls, banner (127.0.0.1:25)}, or {@code 8 checks (...)}
     * when more than three of one server have it.
     */
    private static String names(List<Finding> findings, dev.smtpprobe.check.Outcome outcome) {
        Map<String, List<String>> byServer = new LinkedHashMap<>();
        findings.stream().filter(f -> f.outcome() == outcome).forEach(f -> byServer.computeIfAbsent(
                f.target().host() + ":" + f.target().port(), k -> new ArrayList<>()).add(f.check()));
        return byServer.entrySet().stream().map(e -> (e.getValue().size() > 3 ? e.getValue().size() + " checks"
                : String.join(", ", e.getValue())) + " (" + e.getKey() + ")").collect(Collectors.joining(", "));
    }
}
