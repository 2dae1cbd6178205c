package dev.smtpprobe.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code RESULT} and {@code IDLE} lines of a run (one file, as scripts/bench.sh collects them) into
 * Markdown tables: per scenario, each client's CPU, wall time, allocation and context switches per operation,
 * each also as a multiple of the raw socket's; then the CPU multiples side by side; then the idle sessions.
 */
public final class Report {

    private static final List<String> CLIENTS = List.of("raw", "commons-net", "vertx", "angus", "probe-blocking",
            "probe-pipelined", "probe-async");
    private static final Map<String, String> LABELS = Map.of(
            "raw", "raw `java.net.Socket`",
            "commons-net", "Apache Commons Net",
            "vertx", "Vert.x mail client",
            "angus", "Angus Mail",
            "probe-blocking", "**smtp-probe, blocking API**",
            "probe-pipelined", "smtp-probe, pipelined",
            "probe-async", "smtp-probe, async API");
    private static final List<String> SCENARIOS = List.of("serial", "concurrent", "reuse");

    private Report() {}

    /** Prints the report of the file named by the first argument; the second, if any, heads it. */
    public static void main(String[] args) throws IOException {
        Map<String, Map<String, String>> results = new LinkedHashMap<>();
        List<Map<String, String>> idle = new ArrayList<>();
        List<Map<String, String>> longs = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            if (line.startsWith("RESULT ")) {
                var f = fields(line);
                results.put(f.get("client") + "/" + f.get("scenario"), f);
            } else if (line.startsWith("IDLE ")) {
                idle.add(fields(line));
            } else if (line.startsWith("LONG ")) {
                longs.add(fields(line));
            }
        }
        var out = new StringBuilder();
        out.append("### Client CPU per operation, as a multiple of the raw socket's\n\n");
        out.append("| client | serial | concurrent | reuse |\n|---|---|---|---|\n");
        for (String c : CLIENTS) {
            out.append("| ").append(LABELS.get(c));
            for (String s : SCENARIOS) {
                out.append(" | ").append(ratio(results, c, s, "cpu_ns"));
            }
            out.append(" |\n");
        }
        for (String s : SCENARIOS) {
            if (CLIENTS.stream().noneMatch(c -> results.containsKey(c + "/" + s))) {
                continue;
            }
            out.append("\n### ").append(s).append(" (per ").append(s.equals("reuse") ? "message" : "conversation")
                    .append("; × raw in brackets)\n\n");
            out.append("| client | CPU µs | wall µs | allocated KB | context switches |\n|---|---|---|---|---|\n");
            for (String c : CLIENTS) {
                var r = results.get(c + "/" + s);
                if (r == null) {
                    out.append("| ").append(LABELS.get(c)).append(" | – | – | – | – |\n");
                    continue;
                }
                out.append("| ").append(LABELS.get(c))
                        .append(" | ").append(fmt(num(r, "cpu_ns") / 1000)).append(" (").append(ratio(results, c, s, "cpu_ns")).append(')')
                        .append(" | ").append(fmt(num(r, "wall_ns") / 1000)).append(" (").append(ratio(results, c, s, "wall_ns")).append(')')
                        .append(" | ").append(fmt(num(r, "alloc_b") / 1024)).append(" (").append(ratio(results, c, s, "alloc_b")).append(')')
                        .append(" | ").append(fmt(num(r, "cs"))).append(" (").append(ratio(results, c, s, "cs")).append(')')
                        .append(" |\n");
            }
        }
        if (!idle.isEmpty()) {
            Map<String, String> raw = idle.stream().filter(f -> f.get("client").equals("raw")).findFirst().orElse(null);
            out.append("\n### Idle sessions held open at once, after EHLO (× raw in brackets)\n\n");
            out.append("| client | sessions | time to open | CPU to open | heap per session |\n");
            out.append("|---|---|---|---|---|\n");
            for (var f : idle) {
                out.append("| ").append(LABELS.get(f.get("client"))).append(" | ").append(f.get("sessions"))
                        .append(" | ").append(f.get("open_ms")).append(" ms (").append(idleRatio(f, raw, "open_ms")).append(')')
                        .append(" | ").append(f.get("open_cpu_ms")).append(" ms (").append(idleRatio(f, raw, "open_cpu_ms")).append(')')
                        .append(" | ").append(fmt(num(f, "heap_per_session") / 1024)).append(" KB |\n");
            }
        }
        if (!longs.isEmpty()) {
            out.append("\n### One connection carrying many messages (after a warm-up on another connection)\n\n");
            out.append("| client | messages | RSS at 10 % | largest RSS after | growth | heap after GC at 10 % |\n");
            out.append("|---|---|---|---|---|---|\n");
            for (var f : longs) {
                out.append("| ").append(LABELS.get(f.get("client"))).append(" | ").append(f.get("messages"))
                        .append(" | ").append(fmt(num(f, "rss_first_kb") / 1024)).append(" MB")
                        .append(" | ").append(fmt(num(f, "rss_max_kb") / 1024)).append(" MB")
                        .append(" | ").append(f.get("rss_growth"))
                        .append(" | ").append(fmt(num(f, "heap_first_kb") / 1024)).append(" MB |\n");
            }
        }
        System.out.print(out);
    }

    private static String ratio(Map<String, Map<String, String>> results, String client, String scenario, String key) {
        var r = results.get(client + "/" + scenario);
        var raw = results.get("raw/" + scenario);
        if (r == null || raw == null || num(raw, key) <= 0) {
            return "–";
        }
        return String.format(Locale.ROOT, "%.2f", num(r, key) / num(raw, key));
    }

    private static String idleRatio(Map<String, String> f, Map<String, String> raw, String key) {
        return raw == null || num(raw, key) <= 0 ? "–" : String.format(Locale.ROOT, "%.2f×", num(f, key) / num(raw, key));
    }

    private static double num(Map<String, String> f, String key) {
        return Double.parseDouble(f.get(key));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    private static Map<String, String> fields(String line) {
        var map = new LinkedHashMap<String, String>();
        for (String word : line.split(" ")) {
            int eq = word.indexOf('=');
            if (eq > 0) {
                map.put(word.substring(0, eq), word.substring(eq + 1));
            }
        }
        return map;
    }
}
