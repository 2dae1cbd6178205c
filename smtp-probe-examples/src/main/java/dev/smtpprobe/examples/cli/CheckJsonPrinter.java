package dev.smtpprobe.examples.cli;

import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Phase;
import dev.smtpprobe.check.SuiteReport;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints a {@code --check} run as one JSON document when it ends:
 *
 * <pre>
 * { "mode": "check", "exitCode", "exitMeaning", "worst", "reason", "notes": [...],
 *   "mx": null | {"domain", "kind", "elapsedMillis", "hosts": [{"host", "preference", "addresses"}]},
 *   "error": null | {"type", "message"},
 *   "reports": [ { "target": {"host", "port", "address"}, "worst", "elapsedMillis",
 *     "findings": [ { "check", "outcome", "summary", "details": [...],
 *       "replies": [ {"code", "lines", "enhancedStatus", "explanation", "queueId", "elapsedMillis"} ],
 *       "phases": [ {"name", "millis"} ], "error": null | {"type", "message"},
 *       "transcript": [ {"time", "elapsedMillis", "direction", "tls", "line"} ] } ] } ] }
 * </pre>
 *
 * Outcomes are the names of {@link dev.smtpprobe.check.Outcome}: {@code PASS}, {@code WARN}, {@code FAIL},
 * {@code COULD_NOT_RUN}.
 */
final class CheckJsonPrinter implements CheckPrinter {

    private final PrintWriter out;
    private final List<String> notes = new ArrayList<>();

    /** Prints to {@code out}. */
    CheckJsonPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void note(String text) {
        notes.add(text);
    }

    @Override
    public void finish(CheckResult result) {
        out.println(JsonWriter.write(document(result)));
        out.flush();
    }

    /** The document as plain maps and lists, in the order written. */
    Map<String, Object> document(CheckResult result) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("mode", "check");
        doc.put("exitCode", result.exitCode().code());
        doc.put("exitMeaning", result.exitCode().meaning());
        doc.put("worst", result.worst().name());
        doc.put("reason", result.reason());
        doc.put("notes", notes);
        doc.put("mx", result.mx().map(JsonParts::mx).orElse(null));
        doc.put("error", result.failure().map(JsonParts::error).orElse(null));
        doc.put("reports", result.reports().stream().map(CheckJsonPrinter::report).toList());
        return doc;
    }

    private static Map<String, Object> report(SuiteReport report) {
        var target = new LinkedHashMap<String, Object>();
        target.put("host", report.target().host());
        target.put("port", report.target().port());
        target.put("address", report.target().address().map(a -> a.getHostAddress()).orElse(null));
        var m = new LinkedHashMap<String, Object>();
        m.put("target", target);
        m.put("worst", report.worst().name());
        m.put("elapsedMillis", report.elapsed().toMillis());
        m.put("findings", report.findings().stream().map(CheckJsonPrinter::finding).toList());
        return m;
    }

    private static Map<String, Object> finding(Finding f) {
        var m = new LinkedHashMap<String, Object>();
        m.put("check", f.check());
        m.put("outcome", f.outcome().name());
        m.put("summary", f.summary());
        m.put("details", f.details());
        m.put("replies", f.replies().stream().map(JsonParts::reply).toList());
        m.put("phases", f.phases().stream().map(CheckJsonPrinter::phase).toList());
        m.put("error", f.error().map(JsonParts::error).orElse(null));
        m.put("transcript", JsonParts.transcript(f.transcript()));
        return m;
    }

    private static Map<String, Object> phase(Phase p) {
        var m = new LinkedHashMap<String, Object>();
        m.put("name", p.name());
        m.put("millis", p.elapsed().toMillis());
        return m;
    }
}
