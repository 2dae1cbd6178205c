package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.jr.ob.JSON;
import dev.smtpprobe.Reply;
import dev.smtpprobe.check.Outcome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --check --json} output read back with an independent parser (jackson-jr), with the checks that it
 * round-trips: every outcome is an {@link Outcome}, each report's worst is the worst of its findings and the
 * document's exit code is the verdict's, and each finding's replies, rebuilt as {@link Reply} values, carry the
 * enhanced status the document claims and appear line for line among its transcript's received lines.
 *
 * @param map the parsed document
 */
record CheckJsonDocument(Map<String, Object> map) {

    /** Parses {@code json}. */
    static CheckJsonDocument parse(String json) {
        try {
            return new CheckJsonDocument(JSON.std.mapFrom(json));
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + json, e);
        }
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> reports() {
        return (List<Map<String, Object>>) map.get("reports");
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> findings(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("findings");
    }

    /** The findings of the only report. */
    List<Map<String, Object>> findings() {
        assertThat(reports()).hasSize(1);
        return findings(reports().get(0));
    }

    /** Check name to outcome, in order, of the only report. */
    Map<String, Outcome> outcomes() {
        var outcomes = new LinkedHashMap<String, Outcome>();
        findings().forEach(f -> outcomes.put((String) f.get("check"), Outcome.valueOf((String) f.get("outcome"))));
        return outcomes;
    }

    /** The finding of the named check in the only report. */
    Map<String, Object> finding(String check) {
        return findings().stream().filter(f -> check.equals(f.get("check"))).findFirst().orElseThrow();
    }

    /** Checks the verdicts and the evidence, as described above. */
    @SuppressWarnings("unchecked")
    CheckJsonDocument assertRoundTrips() {
        assertThat(map).containsEntry("mode", "check");
        Outcome worst = Outcome.PASS;
        for (Map<String, Object> report : reports()) {
            Outcome reportWorst = Outcome.PASS;
            for (Map<String, Object> finding : findings(report)) {
                Outcome outcome = Outcome.valueOf((String) finding.get("outcome"));
                reportWorst = reportWorst.worst(outcome);
                assertThat((String) finding.get("summary")).isNotBlank();
                assertThat(finding.get("details")).isInstanceOf(List.class);
                var received = ((List<Map<String, Object>>) finding.get("transcript")).stream()
                        .filter(e -> "received".equals(e.get("direction"))).map(e -> (String) e.get("line")).toList();
                int at = 0;
                for (Map<String, Object> json : (List<Map<String, Object>>) finding.get("replies")) {
                    var reply = new Reply((Integer) json.get("code"), (List<String>) json.get("lines"),
                            Duration.ofMillis(((Number) json.get("elapsedMillis")).longValue()));
                    assertThat(json.get("enhancedStatus")).isEqualTo(
                            reply.enhancedStatus().map(Object::toString).orElse(null));
                    List<String> wire = reply.toString().lines().toList();
                    int found = indexOf(received, wire, at);
                    assertThat(found).as("%s: reply %s among the received lines", finding.get("check"), wire)
                            .isNotNegative();
                    at = found + wire.size();
                }
                for (Map<String, Object> phase : (List<Map<String, Object>>) finding.get("phases")) {
                    assertThat((String) phase.get("name")).isNotBlank();
                    assertThat(((Number) phase.get("millis")).longValue()).isNotNegative();
                }
            }
            assertThat(report.get("worst")).isEqualTo(reportWorst.name());
            worst = worst.worst(reportWorst);
        }
        if (map.get("mx") == null || !reports().isEmpty()) {
            assertThat(map.get("worst")).isEqualTo(worst.name());
        }
        assertThat(map.get("exitCode")).isEqualTo(ExitCode.ofVerdict(Outcome.valueOf((String) map.get("worst"))).code());
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
