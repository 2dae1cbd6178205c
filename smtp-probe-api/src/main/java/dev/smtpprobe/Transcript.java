package dev.smtpprobe;

import dev.smtpprobe.internal.AppendOnlyWindow;
import dev.smtpprobe.internal.TranscriptWindow;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Every line of an SMTP session in order: what the client sent, what the server answered, and the probe's own
 * events, each with a timestamp and a TLS marker. Secrets (AUTH payloads, passwords) are never recorded, only
 * {@code <redacted>}.
 *
 * <p>An immutable snapshot: a stage or an exception holds the transcript as it was at that moment.
 * {@link #toString()} prints it like swaks does, ready for a log or an assertion message, with the server's
 * control characters and invalid UTF-8 escaped ({@link Printable}); {@link #received()} and
 * {@link TranscriptEntry#line()} keep the text as received, {@link TranscriptEntry#bytes()} the exact bytes.
 *
 * <p>A session's transcript is bounded ({@link ProbeOptions.Builder#transcriptMaxLines(int)},
 * {@link ProbeOptions.Builder#transcriptMaxBytes(long)}), so that a connection carrying a million messages stays
 * flat in memory: once a session went over a limit, its oldest lines of message content were dropped first, then
 * its oldest other lines, and its transcript's first entry is an {@link Direction#INFO event} that says so
 * ({@code transcript limit (...) reached: dropped the oldest ...}), timed at the session's first line. A session's
 * snapshot costs no copy: it shares the session's record, which only grows beyond what the snapshot holds.
 *
 * <p>Beside the lines, the {@linkplain #exchanges() exchanges}: one per reply, with the step and the command it
 * answered and its timing, in wire order, bounded by the same limits (the marker event counts the dropped ones too).
 *
 * @param entries   the lines, oldest first
 * @param exchanges the replies with the commands they answered, in the order the replies arrived
 */
public record Transcript(List<TranscriptEntry> entries, List<Exchange> exchanges) {

    /** A transcript with no line. */
    public static final Transcript EMPTY = new Transcript(List.of(), List.of());

    /**
     * Copies the entries and the exchanges (a session's own snapshot shares the session's append-only record
     * instead: it is immutable too, and taking it costs no copy).
     */
    public Transcript {
        Objects.requireNonNull(entries, "entries");
        entries = entries instanceof TranscriptWindow ? entries : List.copyOf(entries);
        Objects.requireNonNull(exchanges, "exchanges");
        exchanges = exchanges instanceof AppendOnlyWindow ? exchanges : List.copyOf(exchanges);
    }

    /** A transcript of lines only, without exchanges (a hand-made one, for a test or a log read back). */
    public Transcript(List<TranscriptEntry> entries) {
        this(entries, List.of());
    }

    /** The exchanges of {@code step}, in order (e.g. every {@link Step#RCPT}). */
    public List<Exchange> exchanges(Step step) {
        Objects.requireNonNull(step, "step");
        return exchanges.stream().filter(e -> e.step() == step).toList();
    }

    /** The lines sent by the client, in order (redacted where they carried secrets). */
    public List<String> sent() {
        return lines(Direction.SENT);
    }

    /**
     * The lines received from the server, in order, as on the wire (code and separator included), decoded as
     * UTF-8 with control characters intact: for comparing, not for printing (see {@link TranscriptEntry}).
     */
    public List<String> received() {
        return lines(Direction.RECEIVED);
    }

    /** The lines of one direction. */
    public List<String> lines(Direction direction) {
        return entries.stream().filter(e -> e.direction() == direction).map(TranscriptEntry::line).toList();
    }

    /** True when no line has been recorded. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The transcript with the time since the first entry before each line, like swaks' {@code --show-time}. */
    public String toStringWithTimes() {
        if (entries.isEmpty()) {
            return "";
        }
        long start = entries.get(0).epochNanos();
        return entries.stream()
                .map(e -> String.format(java.util.Locale.ROOT, "%8.3fs %s", (e.epochNanos() - start) / 1e9, e))
                .collect(Collectors.joining("\n"));
    }

    /**
     * The transcript, one entry per line, like swaks: {@code <-  220 ...}, {@code  -> EHLO ...}; each line escaped
     * as {@link TranscriptEntry#toString()} does, so a line break in the result is always one between entries.
     */
    @Override
    public String toString() {
        return entries.stream().map(TranscriptEntry::toString).collect(Collectors.joining("\n"));
    }
}
