package dev.smtpprobe.spi;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.TranscriptListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Collects the transcript of one session as lines are written and read; thread-safe. */
public final class TranscriptRecorder {

    private final List<TranscriptEntry> entries = new ArrayList<>();
    private final TranscriptListener listener;
    private boolean tls;
    /** Set when the listener first threw: its failure is recorded once (see {@link TranscriptListener}). */
    private boolean listenerFailed;

    /** A recorder that also tells {@code listener} about each entry. */
    public TranscriptRecorder(TranscriptListener listener) {
        this.listener = listener;
    }

    /** Records a line the client wrote (already redacted). */
    public void sent(String line) {
        add(Direction.SENT, line.getBytes(StandardCharsets.UTF_8));
    }

    /** Records a line received from the server, given as text (its bytes are the text's UTF-8). */
    public void received(String line) {
        add(Direction.RECEIVED, line.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Records a line received from the server as its exact bytes, without CRLF: the entry keeps them (invalid
     * UTF-8 included) beside their decoded text.
     */
    public void received(byte[] line) {
        add(Direction.RECEIVED, line.clone());
    }

    /** Records an event of the probe. */
    public void info(String line) {
        add(Direction.INFO, line.getBytes(StandardCharsets.UTF_8));
    }

    /** Marks whether the following lines travel inside TLS. */
    public synchronized void tls(boolean on) {
        this.tls = on;
    }

    /** Records the entry and tells the listener under the same lock, so it sees entries in transcript order. */
    private synchronized void add(Direction direction, byte[] bytes) {
        var entry = new TranscriptEntry(Instant.now(), direction, new String(bytes, StandardCharsets.UTF_8), tls, bytes);
        // a rewritten line (redaction) goes through entry.withLine(text), which gives it the new text's bytes
        entries.add(entry);
        tell(entry);
    }

    /**
     * Calls the listener. Whatever it throws, except a {@link VirtualMachineError} (the JVM itself is in trouble),
     * is caught, so that a listener cannot break the conversation (a test's AssertionError included); the first
     * failure is recorded once as an event, which the listener is also shown.
     */
    private void tell(TranscriptEntry entry) {
        try {
            listener.onEntry(entry);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            if (!listenerFailed) {
                listenerFailed = true;
                String what = String.valueOf(e);
                what = what.length() > 300 ? what.substring(0, 300) + "..." : what; // AssertJ's messages run long
                var report = new TranscriptEntry(Instant.now(), Direction.INFO, "listener failed: " + what, tls);
                entries.add(report);
                tell(report); // if it throws again, nothing more is recorded
            }
        }
    }

    /** The transcript so far. */
    public synchronized Transcript snapshot() {
        return new Transcript(entries);
    }
}
