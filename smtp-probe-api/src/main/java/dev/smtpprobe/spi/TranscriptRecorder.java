package dev.smtpprobe.spi;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.TranscriptListener;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects the transcript of one session as lines are written and read; thread-safe.
 *
 * <p><b>Secrets.</b> The client registers every secret it sends ({@link #secret(String)}: AUTH responses in base64
 * and decoded, passwords, tokens). Every entry, in either direction and among the probe's events, is passed through
 * {@link #redact(String)} before it is stored and before the listener sees it, so a secret a server echoes back
 * (sendmail's {@code 500 Command unrecognized: "AUTH PLAIN AGFs..."}) shows as {@value #REDACTED}.
 */
public final class TranscriptRecorder {

    /** What a secret is replaced with. */
    public static final String REDACTED = "<redacted>";
    /**
     * Secrets at least this long are replaced wherever they occur, and so is any run of at least this many of their
     * first characters (an echo cut short by a length limit or a bounded excerpt leaks that much of the secret);
     * shorter ones only where they stand as a whole word (not next to a letter or digit). Replacing every {@code a}
     * of a transcript for a one-letter password would destroy the transcript and, through the pattern of markers,
     * show the password; a short secret is still redacted where a server echoes it as a word or a quoted string.
     */
    public static final int MIN_SECRET_ANYWHERE = 8;

    private final List<TranscriptEntry> entries = new ArrayList<>();
    private final List<String> secrets = new ArrayList<>(); // longest first, so a secret is replaced before its parts
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

    /**
     * Registers a secret the client is about to send (or has sent): from now on it is redacted in every entry, in
     * {@link #redact(String)} and so wherever the session applies it. Empty or null values are ignored.
     */
    public synchronized void secret(String secret) {
        if (secret == null || secret.isEmpty() || secrets.contains(secret)) {
            return;
        }
        int at = 0;
        while (at < secrets.size() && secrets.get(at).length() >= secret.length()) {
            at++;
        }
        secrets.add(at, secret);
    }

    /** {@code text} with every registered secret replaced by {@value #REDACTED} (see {@link #MIN_SECRET_ANYWHERE}). */
    public synchronized String redact(String text) {
        if (text == null || secrets.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : secrets) {
            out = secret.length() >= MIN_SECRET_ANYWHERE ? replaceRuns(out, secret) : replaceWord(out, secret);
        }
        return out;
    }

    /** {@code text} with every run of {@link #MIN_SECRET_ANYWHERE} or more of the secret's first characters replaced. */
    private static String replaceRuns(String text, String secret) {
        String start = secret.substring(0, MIN_SECRET_ANYWHERE);
        int at = text.indexOf(start);
        if (at < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        while (at >= 0) {
            int length = MIN_SECRET_ANYWHERE;
            while (length < secret.length() && at + length < text.length()
                    && text.charAt(at + length) == secret.charAt(length)) {
                length++;
            }
            out.append(text, from, at).append(REDACTED);
            from = at + length;
            at = text.indexOf(start, from);
        }
        return out.append(text, from, text.length()).toString();
    }

    /** {@code text} with {@code word} replaced where no letter or digit touches it on either side. */
    private static String replaceWord(String text, String word) {
        StringBuilder out = new StringBuilder(text.length());
        boolean changed = false;
        int from = 0;
        int search = 0;
        int at;
        while ((at = text.indexOf(word, search)) >= 0) {
            int end = at + word.length();
            if ((at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1)))
                    && (end == text.length() || !Character.isLetterOrDigit(text.charAt(end)))) {
                out.append(text, from, at).append(REDACTED);
                from = end;
                search = end;
                changed = true;
            } else {
                search = at + 1;
            }
        }
        return changed ? out.append(text, from, text.length()).toString() : text;
    }

    /** Marks whether the following lines travel inside TLS. */
    public synchronized void tls(boolean on) {
        this.tls = on;
    }

    /**
     * Records the entry and tells the listener under the same lock, so it sees entries in transcript order; the one
     * place secrets are redacted before anything keeps or sees the line (a redacted line gets the bytes of its
     * redacted text, so the secret does not survive in {@link TranscriptEntry#bytes()} either).
     */
    private synchronized void add(Direction direction, byte[] bytes) {
        var entry = new TranscriptEntry(Instant.now(), direction, new String(bytes, StandardCharsets.UTF_8), tls, bytes);
        String redacted = redact(entry.line());
        if (!redacted.equals(entry.line())) {
            entry = entry.withLine(redacted);
        }
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
