package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.smtpprobe.Direction;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JSON writer (RFC 8259), proved with an independent parser, and the document the --json printer writes. */
class CliJsonTest {

    private static Object parse(String json) throws IOException {
        return JSON.std.anyFrom(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "plain", "quote \" and backslash \\", "tab\tcr\rlf\nnul\0 bell\u0007 esc\u001b del\u007f",
        "sl/ash", "caf\u00e9 \u010d \u4e2d\u6587", "emoji \ud83d\udce7", "line sep \u2028 para \u2029", "\u00a0nbsp"})
    void everyStringRoundTripsThroughAnIndependentParser(String text) throws IOException {
        String json = JsonWriter.write(List.of(text));
        assertThat(json).matches("[\\x20-\\x7e\\n]*"); // ASCII only: safe on any console charset
        assertThat(parse(json)).isEqualTo(List.of(text));
    }

    @Test
    void controlCharactersUseTheShortEscapesWhereRfc8259HasThem() {
        assertThat(JsonWriter.write("\"\\\b\f\n\r\t\u0001")).isEqualTo("\"\\\"\\\\\\b\\f\\n\\r\\t\\u0001\"");
    }

    @Test
    void aLoneSurrogateIsEscapedNotMangled() {
        assertThat(JsonWriter.write("x\ud800y")).isEqualTo("\"x\\ud800y\"");
    }

    @Test
    void objectsKeepTheirOrderAndNestedValuesTheirTypes() throws IOException {
        var map = new LinkedHashMap<String, Object>();
        map.put("z", 1);
        map.put("a", List.of(true, false, Map.of()));
        map.put("n", null);
        map.put("long", 1234567890123L);
        map.put("d", 1.5);
        map.put("empty", List.of());
        String json = JsonWriter.write(map);
        assertThat(json).startsWith("{\n  \"z\": 1,\n  \"a\": [");
        assertThat(parse(json)).isEqualTo(map);
    }

    @Test
    void whatJsonCannotHoldIsRefused() {
        assertThatThrownBy(() -> JsonWriter.write(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.write(Map.of(1, "x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.write(new Object())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDocumentHoldsTheOutcomeEveryReplyAndEveryTranscriptLine() throws IOException {
        Instant t0 = Instant.parse("2026-11-29T10:00:00Z");
        var entries = new ArrayList<TranscriptEntry>();
        entries.add(new TranscriptEntry(t0, Direction.RECEIVED, "220 mx.test ESMTP", false));
        entries.add(new TranscriptEntry(t0.plusMillis(12), Direction.SENT, "AUTH LOGIN", true));
        entries.add(new TranscriptEntry(t0.plusMillis(13), Direction.SENT, "<redacted>", true));
        entries.add(new TranscriptEntry(t0.plusMillis(20), Direction.RECEIVED, "550 5.7.1 Relay \"denied\"", true));
        long at = TranscriptEntry.epochNanosOf(t0);
        var outcome = new Outcome(ExitCode.RCPT, "no recipient was accepted", List.of(
                new Exchange(Step.GREETING, "", Reply.of(220, "mx.test ESMTP"), at, at, false),
                new Exchange(Step.RCPT, "RCPT TO:<x@elsewhere.test>",
                        new Reply(550, List.of("5.7.1 Relay \"denied\""), Duration.ofMillis(7)), at, at + 7_000_000, true)),
                new Transcript(entries), Optional.empty(), Optional.empty());
        var out = new StringWriter();
        var printer = new JsonPrinter(new PrintWriter(out), new Target("127.0.0.1", 2525, false, Optional.empty(),
                Optional.empty(), "e", "f", List.of()));
        printer.note("a note");
        printer.progress(new Transcript(entries));
        assertThat(out.toString()).as("nothing before the end").isEmpty();
        printer.finish(outcome);

        Map<String, Object> doc = JSON.std.mapFrom(out.toString());
        assertThat(doc).containsEntry("exitCode", 24).containsEntry("reason", "no recipient was accepted")
                .containsEntry("notes", List.of("a note")).containsEntry("tls", null).containsEntry("error", null)
                .containsEntry("server", Map.of("host", "127.0.0.1", "port", 2525, "embedded", false));
        @SuppressWarnings("unchecked")
        var replies = (List<Map<String, Object>>) doc.get("replies");
        assertThat(replies.get(0)).containsEntry("step", "banner").containsEntry("command", "");
        assertThat(replies.get(1)).containsEntry("step", "rcpt").containsEntry("command", "RCPT TO:<x@elsewhere.test>")
                .containsEntry("code", 550)
                .containsEntry("lines", List.of("5.7.1 Relay \"denied\"")).containsEntry("enhancedStatus", "5.7.1")
                .containsEntry("explanation", "Permanent Failure: Delivery not authorized, message refused")
                .containsEntry("queueId", null).containsEntry("elapsedMillis", 7);
        @SuppressWarnings("unchecked")
        var transcript = (List<Map<String, Object>>) doc.get("transcript");
        assertThat(transcript).hasSize(4);
        assertThat(transcript.get(3)).containsEntry("time", "2026-11-29T10:00:00.020Z").containsEntry("elapsedMillis", 20)
                .containsEntry("direction", "received").containsEntry("tls", true)
                .containsEntry("line", "550 5.7.1 Relay \"denied\"");
        assertThat(transcript.get(2)).containsEntry("direction", "sent").containsEntry("line", "<redacted>");
    }
}
