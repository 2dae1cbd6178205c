package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Reply;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Prints the whole run as one JSON document on standard output when it ends (nothing while it runs):
 *
 * <pre>
 * { "server": {"host", "port", "embedded"}, "exitCode", "exitMeaning", "reason", "notes": [...],
 *   "tls": null | {"protocol", "cipherSuite", "verificationEnabled", "trusted", "hostnameMatched", ...},
 *   "error": null | {"type", "message"},
 *   "replies": [ {"step", "code", "lines", "enhancedStatus", "explanation", "queueId", "elapsedMillis"} ],
 *   "transcript": [ {"time", "elapsedMillis", "direction", "tls", "line"} ] }
 * </pre>
 *
 * The transcript is the library's, so AUTH payloads are {@code <redacted>} here too.
 */
final class JsonPrinter implements ConversationPrinter {

    private final PrintWriter out;
    private final Target target;
    private final List<String> notes = new ArrayList<>();

    /** Prints to {@code out} the run against {@code target}. */
    JsonPrinter(PrintWriter out, Target target) {
        this.out = out;
        this.target = target;
    }

    @Override
    public void progress(Transcript transcript) {
        // the document is written at the end
    }

    @Override
    public void note(String text) {
        notes.add(text);
    }

    @Override
    public void finish(Outcome outcome) {
        out.println(JsonWriter.write(document(outcome)));
        out.flush();
    }

    /** The document as plain maps and lists, in the order written. */
    Map<String, Object> document(Outcome outcome) {
        var server = new LinkedHashMap<String, Object>();
        server.put("host", target.host());
        server.put("port", target.port());
        server.put("embedded", target.embedded());
        var doc = new LinkedHashMap<String, Object>();
        doc.put("server", server);
        doc.put("exitCode", outcome.exitCode().code());
        doc.put("exitMeaning", outcome.exitCode().meaning());
        doc.put("reason", outcome.reason());
        doc.put("notes", notes);
        doc.put("tls", outcome.tls().map(JsonPrinter::tls).orElse(null));
        doc.put("error", outcome.failure().map(e -> {
            var error = new LinkedHashMap<String, Object>();
            error.put("type", e.getClass().getSimpleName());
            error.put("message", e.getMessage());
            return error;
        }).orElse(null));
        doc.put("replies", outcome.replies().stream().map(JsonPrinter::reply).toList());
        doc.put("transcript", transcript(outcome.transcript()));
        return doc;
    }

    private static Map<String, Object> reply(StepReply step) {
        Reply r = step.reply();
        var m = new LinkedHashMap<String, Object>();
        m.put("step", step.step());
        m.put("code", r.code());
        m.put("lines", r.lines());
        m.put("enhancedStatus", r.enhancedStatus().map(Object::toString).orElse(null));
        m.put("explanation", r.enhancedStatus().map(s -> s.explain()).orElse(null));
        m.put("queueId", r.queueId().orElse(null));
        m.put("elapsedMillis", r.elapsed().toMillis());
        return m;
    }

    private static List<Map<String, Object>> transcript(Transcript transcript) {
        var entries = new ArrayList<Map<String, Object>>();
        Instant start = transcript.isEmpty() ? null : transcript.entries().get(0).time();
        for (TranscriptEntry e : transcript.entries()) {
            var m = new LinkedHashMap<String, Object>();
            m.put("time", e.time().toString());
            m.put("elapsedMillis", Duration.between(start, e.time()).toMillis());
            m.put("direction", e.direction().name().toLowerCase(Locale.ROOT));
            m.put("tls", e.tls());
            m.put("line", e.line());
            entries.add(m);
        }
        return entries;
    }

    private static Map<String, Object> tls(TlsFacts f) {
        var m = new LinkedHashMap<String, Object>();
        m.put("protocol", f.protocol());
        m.put("cipherSuite", f.cipherSuite());
        m.put("sniName", f.sniName().orElse(null));
        m.put("peer", f.leafSubject());
        m.put("notAfter", f.notAfter().map(Instant::toString).orElse(null));
        m.put("verificationEnabled", f.verificationEnabled());
        m.put("trusted", f.trusted());
        m.put("trustProblem", f.trustProblem().orElse(null));
        m.put("hostnameChecked", f.hostnameChecked());
        m.put("hostnameMatched", f.hostnameMatched());
        return m;
    }
}
