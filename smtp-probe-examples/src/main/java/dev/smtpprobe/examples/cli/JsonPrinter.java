package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.Transcript;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prints the whole run as one JSON document on standard output when it ends (nothing while it runs):
 *
 * <pre>
 * { "server": null | {"host", "port", "embedded", "name" (an exchanger's, with --mx)}, "exitCode", "exitMeaning",
 *   "reason", "notes": [...],
 *   (with --mx only:) "mx": {"domain", "kind", "elapsedMillis", "hosts": [{"host", "preference", "addresses"}]},
 *   "skipped": [{"host", "port", "reason"}] (the exchanger addresses that could not be connected to),
 *   "tls": null | {"protocol", "cipherSuite", "verificationEnabled", "trusted", "hostnameMatched", ...},
 *   "error": null | {"type", "message"},
 *   "replies": [ {"step", "command", "code", "lines", "enhancedStatus", "explanation", "queueId", "elapsedMillis"} ]
 *     (one per reply, from the session's exchanges: "command" as sent, secrets redacted; "" for the banner and data-end),
 *   "transcript": [ {"time", "elapsedMillis", "direction", "tls", "line"} ] }
 * </pre>
 *
 * The transcript is the library's, so AUTH payloads are {@code <redacted>} here too.
 */
final class JsonPrinter implements ConversationPrinter {

    private final PrintWriter out;
    private Target target;
    private final List<String> notes = new ArrayList<>();
    private Map<String, Object> mx;
    private final List<Map<String, Object>> skipped = new ArrayList<>();

    /** Prints to {@code out} the run against {@code target}. */
    JsonPrinter(PrintWriter out, Target target) {
        this.out = out;
        this.target = target;
    }

    /** Prints to {@code out} a run whose server is not known yet ({@code --mx}). */
    JsonPrinter(PrintWriter out) {
        this(out, null);
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
    public void mx(MxResult result) {
        mx = JsonParts.mx(result);
    }

    @Override
    public void connectingTo(Target next) {
        target = next;
    }

    @Override
    public void skipped(Outcome outcome, String note) {
        notes.add(note);
        var attempt = new LinkedHashMap<String, Object>();
        attempt.put("host", target == null ? null : target.host());
        attempt.put("port", target == null ? null : target.port());
        attempt.put("reason", outcome.reason());
        skipped.add(attempt);
    }

    @Override
    public void finish(Outcome outcome) {
        out.println(JsonWriter.write(document(outcome)));
        out.flush();
    }

    /** The document as plain maps and lists, in the order written. */
    Map<String, Object> document(Outcome outcome) {
        var doc = new LinkedHashMap<String, Object>();
        doc.put("server", target == null ? null : server(target));
        doc.put("exitCode", outcome.exitCode().code());
        doc.put("exitMeaning", outcome.exitCode().meaning());
        doc.put("reason", outcome.reason());
        doc.put("notes", notes);
        if (mx != null) {
            doc.put("mx", mx);
            doc.put("skipped", skipped);
        }
        doc.put("tls", outcome.tls().map(JsonPrinter::tls).orElse(null));
        doc.put("error", outcome.failure().map(JsonParts::error).orElse(null));
        doc.put("replies", outcome.replies().stream().map(JsonPrinter::reply).toList());
        doc.put("transcript", JsonParts.transcript(outcome.transcript()));
        return doc;
    }

    private static Map<String, Object> server(Target target) {
        var server = new LinkedHashMap<String, Object>();
        server.put("host", target.host());
        server.put("port", target.port());
        server.put("embedded", target.embedded());
        target.serverName().filter(n -> !target.embedded()).ifPresent(n -> server.put("name", n));
        return server;
    }

    private static Map<String, Object> reply(Exchange exchange) {
        var m = new LinkedHashMap<String, Object>();
        m.put("step", JsonParts.stepName(exchange.step()));
        m.put("command", exchange.command());
        m.putAll(JsonParts.reply(exchange.reply()));
        return m;
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
