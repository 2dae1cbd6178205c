package dev.smtpprobe.examples;

import dev.smtpprobe.TranscriptEntry;
import java.io.PrintStream;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/**
 * Stands in for a help-desk tool's conversation pane in {@link EmbeddingWithTranscriptListener}: one row per
 * transcript entry with its time, who spoke, whether TLS protected it, and the line as it was on the wire (AUTH
 * answers arrive already redacted).
 *
 * <pre>
 * 17:39:57.412  server       220 myserver.contoso.com Microsoft ESMTP MAIL Service ready at ...
 * 17:39:57.431  client  TLS  AUTH LOGIN
 * 17:39:57.433  server  TLS  334 VXNlcm5hbWU6
 * 17:39:57.434  client  TLS  &lt;redacted&gt;
 * </pre>
 */
final class HelpDeskView {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS")
            .withZone(ZoneId.systemDefault());

    private final PrintStream out;
    private final List<String> shown = new ArrayList<>();

    HelpDeskView(PrintStream out) {
        this.out = out;
    }

    /** Shows one entry; does nothing for null (nothing new arrived). */
    void show(TranscriptEntry entry) {
        if (entry == null) {
            return;
        }
        String who = switch (entry.direction()) {
            case SENT -> "client";
            case RECEIVED -> "server";
            case INFO -> "event";
        };
        String row = String.format("%s  %-6s  %-3s  %s", TIME.format(entry.time()), who, entry.tls() ? "TLS" : "",
                entry.line());
        shown.add(row);
        out.println(row);
    }

    /** Every row shown so far. */
    List<String> shown() {
        return List.copyOf(shown);
    }
}
