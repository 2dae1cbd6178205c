package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.smtpprobe.Reply;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} output read back with an independent parser (jackson-jr), with the checks that it round-trips:
 * every reply rebuilt as a {@link Reply} has the enhanced status, explanation and queue id the document claims and
 * appears, line for line, among the transcript's received lines; every transcript entry has a time, the elapsed
 * time since the first entry, a direction and a TLS flag.
 *
 * @param map the parsed document
 */
record JsonDocument(Map<String, Object> map) {

    /** Parses {@code json}. */
    static JsonDocument parse(String json) {
        try {
            return new JsonDocument(JSON.std.mapFrom(json));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> replies() {
        return (List<Map<String, Object>>) map.get("replies");
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> transcript() {
        return (List<Map<String, Object>>) map.get("transcript");
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> tls() {
        return (Map<String, Object>) map.get("tls");
    }

    /** The replies as {@link Reply} values. */
    @SuppressWarnings("unchecked")
    List<Reply> replyValues() {
        return replies().stream().map(r -> new Reply((Integer) r.get("code"), (List<String>) r.get("lines"),
                Duration.ofMillis(((Number) r.get("elapsedMillis")).longValue()))).toList();
    }

    /** Checks that the replies and the transcript agree with each other and with the library's parsing. */
    JsonDocument assertRoundTrips() {
        List<Map<String, Object>> replies = replies();
        List<Reply> values = replyValues();
        List<String> received = transcript().stream().filter(e -> e.get("direction").equals("received"))
                .map(e -> (String) e.get("line")).toList();
        int at = 0;
        for (int i = 0; i < values.size(); i++) {
            Reply reply = values.get(i);
            Map<String, Object> json = replies.get(i);
            assertThat(json.get("enhancedStatus")).isEqualTo(reply.enhancedStatus().map(Object::toString).orElse(null));
            assertThat(json.get("explanation")).isEqualTo(reply.enhancedStatus().map(s -> s.explain()).orElse(null));
            assertThat(json.get("queueId")).isEqualTo(reply.queueId().orElse(null));
            List<String> wire = reply.toString().lines().toList();
            int found = indexOf(received, wire, at);
            assertThat(found).as("reply %s (%s) among the received lines after line %d", i, wire, at).isNotNegative();
            at = found + wire.size();
        }
        Instant first = null;
        Instant previous = null;
        for (Map<String, Object> e : transcript()) {
            Instant time = Instant.parse((String) e.get("time"));
            first = first == null ? time : first;
            assertThat(previous == null || !time.isBefore(previous)).as("times in order").isTrue();
            previous = time;
            assertThat(((Number) e.get("elapsedMillis")).longValue()).isEqualTo(Duration.between(first, time).toMillis());
            assertThat(e.get("direction")).isIn("sent", "received", "info");
            assertThat(e.get("tls")).isInstanceOf(Boolean.class);
            assertThat(e.get("line")).isInstanceOf(String.class);
        }
        return this;
    }

    private static int indexOf(List<String> lines, List<String> block, int from) {
        for (int i = from; i + block.size() <= lines.size(); i++) {
            if (lines.subList(i, i + block.size()).equals(block)) {
                return i;
            }
        }
        return -1;
    }
}
