package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The pieces both JSON documents ({@link JsonPrinter}, {@link CheckJsonPrinter}) are made of, as plain maps and lists
 * for {@link JsonWriter}: a reply, a transcript, an error, an MX lookup.
 */
final class JsonParts {

    private JsonParts() {}

    /** {@code {"code", "lines", "enhancedStatus", "explanation", "queueId", "elapsedMillis"}}. */
    static Map<String, Object> reply(Reply r) {
        var m = new LinkedHashMap<String, Object>();
        m.put("code", r.code());
        m.put("lines", r.lines());
        m.put("enhancedStatus", r.enhancedStatus().map(Object::toString).orElse(null));
        m.put("explanation", r.enhancedStatus().map(s -> s.explain()).orElse(null));
        m.put("queueId", r.queueId().orElse(null));
        m.put("elapsedMillis", r.elapsed().toMillis());
        return m;
    }

    /**
     * The step a reply answered as the JSON names it: {@code banner}, {@code ehlo} (EHLO or HELO), {@code starttls},
     * {@code auth}, {@code mail}, {@code rcpt}, {@code data}, {@code data-end} (the reply to the message content),
     * {@code bdat}, {@code rset}, {@code quit}, ... (the {@link Step}'s name in lower case).
     */
    static String stepName(Step step) {
        return switch (step) {
            case GREETING -> "banner";
            case EHLO, HELO -> "ehlo";
            case DATA_CONTENT -> "data-end";
            default -> step.name().toLowerCase(Locale.ROOT);
        };
    }

    /** One {@code {"time", "elapsedMillis", "direction", "tls", "line"}} per entry, the time since the first. */
    static List<Map<String, Object>> transcript(Transcript transcript) {
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

    /** {@code {"type", "message"}}. */
    static Map<String, Object> error(ProbeException e) {
        var error = new LinkedHashMap<String, Object>();
        error.put("type", e.getClass().getSimpleName());
        error.put("message", e.getMessage());
        return error;
    }

    /** {@code {"domain", "kind", "elapsedMillis", "hosts": [{"host", "preference", "addresses"}]}}. */
    static Map<String, Object> mx(MxResult mx) {
        var m = new LinkedHashMap<String, Object>();
        m.put("domain", mx.domain());
        m.put("kind", mx.kind().name());
        m.put("elapsedMillis", mx.elapsed().toMillis());
        var hosts = new ArrayList<Map<String, Object>>();
        for (MxHost h : mx.hosts()) {
            var host = new LinkedHashMap<String, Object>();
            host.put("host", h.host());
            host.put("preference", h.preference());
            host.put("addresses", h.addresses().stream().map(InetAddress::getHostAddress).toList());
            hosts.add(host);
        }
        m.put("hosts", hosts);
        return m;
    }
}
