package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MxResult;
import dev.smtpprobe.Printable;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.examples.ExchangeCursor;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Shows the conversation like swaks: {@code <-} server lines, {@code  ->} client lines ({@code <~} and {@code  ~>}
 * inside TLS), {@code ===} remarks, secrets already {@code <redacted>} by the library. Under a reply whose enhanced
 * status code has not been seen before, one line says what it means; under a reply that names a queue id, the id.
 * A failure ends with two {@code ***} lines on the error stream: why, and the exit code.
 *
 * <p>Every line goes out through {@link Printable#text(CharSequence)}: what the server sent (its replies, a queue
 * id, the text of a failure) reaches the terminal with its control characters escaped, so that no server can
 * clear the screen, retitle the window or forge a line.
 */
final class TextPrinter implements ConversationPrinter {

    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean showTime;
    private ExchangeCursor exchanges = new ExchangeCursor();
    private final Set<String> explained = new HashSet<>();
    private int shown;
    private Instant start;
    private Instant last;

    /** Prints to {@code out}, failures to {@code err}; with {@code showTime}, the seconds since the first line before each line. */
    TextPrinter(PrintWriter out, PrintWriter err, boolean showTime) {
        this.out = out;
        this.err = err;
        this.showTime = showTime;
    }

    @Override
    public void progress(Transcript transcript) {
        List<TranscriptEntry> entries = transcript.entries();
        for (; shown < entries.size(); shown++) {
            TranscriptEntry entry = entries.get(shown);
            if (start == null) {
                start = entry.time();
            }
            last = entry.time();
            line(entry.toString());
            exchanges.endingAt(entry, transcript.exchanges()).forEach(exchange -> explain(exchange.reply()));
        }
        out.flush();
    }

    private void explain(Reply reply) {
        reply.enhancedStatus().filter(s -> explained.add(s.toString()))
                .ifPresent(s -> line("=== " + s + ": " + s.explain()));
        reply.queueId().ifPresent(id -> line("=== queue id: " + id));
    }

    @Override
    public void note(String text) {
        line("=== " + text);
        out.flush();
    }

    @Override
    public void mx(MxResult mx) {
        MxText.lines(mx).forEach(this::note);
    }

    @Override
    public void connectingTo(Target target) {
        // the transcript's "Trying ..." line says it
    }

    @Override
    public void skipped(Outcome outcome, String text) {
        progress(outcome.transcript());
        shown = 0; // the next transcript is the next session's
        exchanges = new ExchangeCursor();
        note(text);
    }

    @Override
    public void finish(Outcome outcome) {
        progress(outcome.transcript());
        if (!outcome.isSuccess()) {
            err.println("*** " + Printable.text(outcome.reason()));
            err.println("*** exit code " + outcome.exitCode().code() + ": " + outcome.exitCode().meaning());
        }
        out.flush();
        err.flush();
    }

    /** Prints one line, escaped: it never holds a control character, and so is one line on the terminal. */
    private void line(String text) {
        String shown = Printable.text(text);
        if (showTime) {
            Duration since = start == null ? Duration.ZERO : Duration.between(start, last);
            out.printf(Locale.ROOT, "%8.3fs %s%n", since.toNanos() / 1e9, shown);
        } else {
            out.println(shown);
        }
    }
}
