package dev.smtpprobe.spi;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.TranscriptListener;
import dev.smtpprobe.internal.AppendOnlyWindow;
import dev.smtpprobe.internal.TranscriptWindow;
import dev.smtpprobe.internal.Utf8;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Collects the transcript of one session as lines are written and read; thread-safe.
 *
 * <p><b>Secrets.</b> The client registers every secret it sends ({@link #secret(String)}: AUTH responses in base64
 * and decoded, passwords, tokens). Every entry, in either direction and among the probe's events, is passed through
 * {@link #redact(String)} before it is stored and before the listener sees it, so a secret a server echoes back
 * (sendmail's {@code 500 Command unrecognized: "AUTH PLAIN AGFs..."}) shows as {@value #REDACTED}.
 *
 * <p><b>Bounded.</b> It keeps at most a number of lines and of bytes of line text (the session's
 * {@link ProbeOptions#transcriptMaxLines()} and {@link ProbeOptions#transcriptMaxBytes()}): past either, the oldest
 * lines of message content ({@link #content(String)}) go first, then the oldest other lines, and every snapshot
 * starts with an event saying how many lines and bytes of each kind were dropped. The listener sees every line.
 * The {@linkplain #exchanged exchanges} (one per reply, with its command) are bounded by the same two numbers, counted
 * in exchanges and in the bytes of their command and reply lines; the oldest go first, and the same event counts
 * them.
 *
 * <p><b>Time.</b> The wall clock is read once, when the recorder is made; each entry costs one
 * {@link System#nanoTime()} and is stored as a number ({@link TranscriptEntry#epochNanos()}).
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

    /** How many lines the record's arrays start with, unless the client's earlier sessions needed more. */
    private static final int INITIAL_CAPACITY = 16;
    /**
     * The most a client's earlier sessions make a new session's arrays start with (16 bytes a line): a session that
     * needs more grows them as any does, and an idle session among thousands stays small.
     */
    static final int MAX_TYPICAL_CAPACITY = 128;
    /** Exchanges come one per reply: seven for a whole one-message conversation, so their arrays start at eight. */
    private static final int INITIAL_EXCHANGES = 8;

    /**
     * The registered secrets, longest first (so that a secret is replaced before its parts); replaced whole when one
     * is added (they are few and come rarely), so that redacting reads them without taking the lock.
     */
    private volatile String[] secrets = new String[0];
    private final TranscriptListener listener;
    private final int maxLines;
    private final long maxBytes;
    /** The wall clock when the recorder was made, in nanoseconds since the epoch: read once per session. */
    private final long startEpochNanos;
    /** {@link System#nanoTime()} at that moment: each entry's time is the start plus the monotonic time since. */
    private final long startNanoTime;
    /** Whether lines travel inside TLS now; volatile, read without the lock by every step. */
    private volatile boolean tls;
    /** Set when the listener first threw: its failure is recorded once (see {@link TranscriptListener}). */
    private boolean listenerFailed;
    /** Whether there is a listener to tell (not {@link TranscriptListener#NONE}): else no entry is made per line. */
    private final boolean telling;
    /** The capacity the client's sessions needed, shared by them (null: none shared); see the constructor. */
    private final AtomicInteger typicalCapacity;

    /*
     * The kept lines are lines [0, size) of texts/times/kinds, oldest first (see TranscriptWindow for what each
     * holds); a line's TranscriptEntry is made only when a snapshot is read or the listener is told. Snapshots share
     * the arrays: an element below size is never written again (growing or dropping lines makes new arrays), so a
     * snapshot handed out stays as it was and taking one copies nothing.
     */
    private Object[] texts;
    private long[] times;
    private int[] kinds;
    private int size;
    private long bytes;
    private int contentLines;
    private long droppedContentLines;
    private long droppedContentBytes;
    private long droppedOtherLines;
    private long droppedOtherBytes;
    /** When the session's first line was recorded: the time of {@link #marker}, so times still count from there. */
    private long firstEpochNanos;
    /** The first entry of every snapshot once lines were dropped, saying how many of which kind; null before. */
    private TranscriptEntry marker;
    /** When the last line from the server was recorded: the time of the reply an exchange records. */
    private long lastReceivedNanos = Long.MIN_VALUE;

    /* The kept exchanges are exchanges[0..exchangeCount), oldest first; shared with snapshots like entries. */
    private Exchange[] exchanges = new Exchange[INITIAL_EXCHANGES];
    private int[] exchangeSizes = new int[INITIAL_EXCHANGES];
    private int exchangeCount;
    private long exchangeBytes;
    private long droppedExchanges;

    /**
     * A recorder with the default limits ({@link ProbeOptions#DEFAULT_TRANSCRIPT_MAX_LINES} lines,
     * {@link ProbeOptions#DEFAULT_TRANSCRIPT_MAX_BYTES} bytes) that also tells {@code listener} about each entry.
     */
    public TranscriptRecorder(TranscriptListener listener) {
        this(listener, ProbeOptions.DEFAULT_TRANSCRIPT_MAX_LINES, ProbeOptions.DEFAULT_TRANSCRIPT_MAX_BYTES);
    }

    /**
     * A recorder that keeps at most {@code maxLines} lines and {@code maxBytes} bytes of line text (see
     * {@link ProbeOptions.Builder#transcriptMaxLines(int)} for what it drops first) and tells {@code listener}
     * about every entry, kept or not.
     */
    public TranscriptRecorder(TranscriptListener listener, int maxLines, long maxBytes) {
        this(listener, maxLines, maxBytes, null);
    }

    /**
     * As {@link #TranscriptRecorder(TranscriptListener, int, long)}, for one of the sessions of a client that share
     * {@code typicalCapacity}: the record starts with as many lines as that says (at least 16, at most 128) and, when
     * it has to grow, raises it to what it grew to, so that the next session of a client whose conversations look
     * alike starts large enough and does not grow (and copy) its arrays line by line count. Null: start at 16.
     */
    public TranscriptRecorder(TranscriptListener listener, int maxLines, long maxBytes, AtomicInteger typicalCapacity) {
        if (maxLines < 0 || maxBytes < 0) {
            throw new IllegalArgumentException("transcript limits must be >= 0, not " + maxLines + " lines, " + maxBytes + " bytes");
        }
        this.listener = Objects.requireNonNull(listener, "listener");
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
        this.startNanoTime = System.nanoTime();
        this.startEpochNanos = TranscriptEntry.epochNanosOf(Instant.now());
        this.telling = listener != TranscriptListener.NONE;
        this.typicalCapacity = typicalCapacity;
        int capacity = typicalCapacity == null ? INITIAL_CAPACITY
                : Math.max(INITIAL_CAPACITY, Math.min(typicalCapacity.get(), MAX_TYPICAL_CAPACITY));
        capacity = (int) Math.min(capacity, maxLines + 1L);
        texts = new Object[capacity];
        times = new long[capacity];
        kinds = new int[capacity];
    }

    /** Records a line the client wrote (already redacted). */
    public void sent(String line) {
        add(Direction.SENT, line, null, 0, -1);
    }

    /**
     * Records a line of message content the client wrote, as the transcript shows it (DATA's lines up to
     * {@link ProbeOptions#transcriptBodyLines()} and their summary, BDAT's chunk summary): an entry like
     * {@link #sent(String)}'s, which a bounded transcript drops before any other line.
     */
    public void content(String line) {
        add(Direction.SENT, line, null, TranscriptWindow.CONTENT, -1);
    }

    /**
     * Records a content line that the transport knows to be ASCII (every octet below 0x80, as the encoder saw them):
     * as {@link #content(String)}, without scanning it for its size.
     */
    public void contentAscii(String line) {
        add(Direction.SENT, line, null, TranscriptWindow.CONTENT, line.length());
    }

    /**
     * Records an ASCII content line given as {@code bytes[offset, offset + length)}, which the caller never writes
     * again ({@link ContentEncoder.DisplayLineListener#asciiLine}): as {@link #contentAscii(String)}, keeping the array
     * instead of a copy of the line.
     *
     * @throws IndexOutOfBoundsException if the range is not inside the array
     */
    public void contentAscii(byte[] bytes, int offset, int length) {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (secrets.length > 0 || offset > TranscriptWindow.MAX_SLICE_OFFSET || length > TranscriptWindow.MAX_SLICE_LENGTH) {
            contentAscii(new String(bytes, offset, length, StandardCharsets.ISO_8859_1)); // redacted as any line
            return;
        }
        synchronized (this) {
            keep(bytes, now(), TranscriptWindow.contentSlice(offset, length, tls ? TranscriptWindow.TLS : 0), length);
        }
    }

    /** Records a line received from the server, given as text (its bytes are the text's UTF-8). */
    public void received(String line) {
        add(Direction.RECEIVED, line, null, 0, -1);
    }

    /**
     * Records a line received from the server that the transport knows to be ASCII (its octets are its chars, as
     * for a reply whose every byte is below 0x80): as {@link #received(String)}, without scanning it for its size.
     */
    public void receivedAscii(String line) {
        add(Direction.RECEIVED, line, null, 0, line.length());
    }

    /**
     * Records a reply line received as ASCII, given as its code, its separator ({@code '-'} when more lines follow,
     * {@code ' '} on the last line, {@code 0} for a last line that is the bare code) and the text after them: the
     * entry's line is {@code code + separator + text}, as {@link #receivedAscii(String)} would record it, but only
     * made when the transcript is read, so that the text {@link Reply#lines()} holds is all that is kept.
     *
     * @throws IllegalArgumentException if the code has more than three digits or the separator is another char
     */
    public void receivedReplyLine(int code, char separator, String text) {
        int kind = TranscriptWindow.replyLine(code, separator, 0);
        if (secrets.length > 0) { // redacted as the whole line, exactly as receivedAscii would
            TranscriptEntry whole = TranscriptWindow.entry(text, 0, kind);
            receivedAscii(whole.line());
            return;
        }
        synchronized (this) {
            long now = now();
            lastReceivedNanos = now;
            keep(text, now, kind | (tls ? TranscriptWindow.TLS : 0), -1);
        }
    }

    /**
     * Records a command line sent that is ASCII (a command not written as UTF-8: the API checks its characters):
     * as {@link #sent(String)}, without scanning it for its size.
     */
    public void sentAscii(String line) {
        add(Direction.SENT, line, null, 0, line.length());
    }

    /**
     * Records a line received from the server as its exact bytes, without CRLF: the entry keeps them (invalid
     * UTF-8 included) beside their decoded text. The array is not kept: the entry has its own copy.
     */
    public void received(byte[] line) {
        add(Direction.RECEIVED, new String(line, StandardCharsets.UTF_8), line, 0, -1);
    }

    /** Records an event of the probe. */
    public void info(String line) {
        add(Direction.INFO, line, null, 0, -1);
    }

    /**
     * Registers a secret the client is about to send (or has sent): from now on it is redacted in every entry, in
     * {@link #redact(String)} and so wherever the session applies it. Empty or null values are ignored.
     */
    public synchronized void secret(String secret) {
        String[] current = secrets;
        if (secret == null || secret.isEmpty() || Arrays.asList(current).contains(secret)) {
            return;
        }
        int at = 0;
        while (at < current.length && current[at].length() >= secret.length()) {
            at++;
        }
        String[] next = new String[current.length + 1];
        System.arraycopy(current, 0, next, 0, at);
        next[at] = secret;
        System.arraycopy(current, at, next, at + 1, current.length - at);
        secrets = next;
    }

    /** {@code text} with every registered secret replaced by {@value #REDACTED} (see {@link #MIN_SECRET_ANYWHERE}). */
    public String redact(String text) {
        String[] all = secrets;
        if (text == null || all.length == 0) {
            return text;
        }
        String out = text;
        for (String secret : all) {
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
    public void tls(boolean on) {
        this.tls = on;
    }

    /** Whether lines travel inside TLS now (the last {@link #tls(boolean)}). */
    public boolean inTls() {
        return tls;
    }

    /**
     * {@code reply} itself, or, when a line holds a registered secret (a server echoing an AUTH payload), a copy with
     * those lines {@linkplain #redact(String) redacted}; costs nothing while no secret is registered.
     */
    public Reply redact(Reply reply) {
        if (secrets.length == 0) {
            return reply;
        }
        List<String> lines = reply.lines().stream().map(this::redact).toList();
        return lines.equals(reply.lines()) ? reply : new Reply(reply.code(), lines, reply.elapsed());
    }

    /**
     * Records that {@code reply} answered {@code command} in {@code step}, right after the transport recorded the
     * reply's lines, and returns the exchange as kept: the command and the reply {@linkplain #redact redacted}, the
     * reply's time that of its last line in the transcript (or now, if the transport recorded none since the command
     * was written), the command's that less the reply's elapsed time.
     *
     * @param command the command line as the transcript shows it ({@link Command#display()}); {@code ""} for the
     *                greeting and the message content
     * @param tls     whether the command and its reply travelled inside TLS
     */
    public synchronized Exchange exchanged(Step step, String command, Reply reply, boolean tls) {
        long elapsed = reply.elapsed().toNanos();
        long now = now();
        long repliedAt = lastReceivedNanos != Long.MIN_VALUE && lastReceivedNanos >= now - elapsed
                ? lastReceivedNanos : now;
        var exchange = new Exchange(step, redact(command), redact(reply), repliedAt - elapsed, repliedAt, tls);
        keep(exchange);
        return exchange;
    }

    /** The exchanges kept so far, oldest first (see {@link #exchanged}); no copy. */
    public synchronized List<Exchange> exchanges() {
        return exchangeCount == 0 ? List.of() : new AppendOnlyWindow<>(exchanges, exchangeCount);
    }

    /** Appends {@code exchange}, then drops the oldest ones to three quarters of a limit it took them over. */
    private void keep(Exchange exchange) {
        if (exchangeCount == exchanges.length) {
            long wanted = Math.min(Math.max(exchanges.length * 2L, INITIAL_EXCHANGES), maxLines + 1L);
            int capacity = (int) Math.max(Math.min(wanted, Integer.MAX_VALUE - 8), exchangeCount + 1L);
            exchanges = Arrays.copyOf(exchanges, capacity);
            exchangeSizes = Arrays.copyOf(exchangeSizes, capacity);
        }
        // about the bytes its lines take in the transcript: the command, each reply line with its code (no copy made)
        int length = Utf8.length(exchange.command());
        var lines = exchange.reply().lines();
        for (int i = 0; i < lines.size(); i++) { // indexed: no iterator per exchange
            length += 4 + Utf8.length(lines.get(i));
        }
        exchanges[exchangeCount] = exchange;
        exchangeSizes[exchangeCount] = length;
        exchangeCount++;
        exchangeBytes += length;
        if (exchangeCount > maxLines || exchangeBytes > maxBytes) {
            long lowCount = maxLines - maxLines / 4;
            long lowBytes = maxBytes - maxBytes / 4;
            int cut = 0;
            while (cut < exchangeCount && (exchangeCount - cut > lowCount || exchangeBytes > lowBytes)) {
                exchangeBytes -= exchangeSizes[cut];
                cut++;
            }
            var kept = new Exchange[exchanges.length];
            System.arraycopy(exchanges, cut, kept, 0, exchangeCount - cut);
            System.arraycopy(exchangeSizes, cut, exchangeSizes, 0, exchangeCount - cut);
            exchanges = kept;
            exchangeCount -= cut;
            droppedExchanges += cut;
            marker = new TranscriptEntry(size == 0 && marker == null ? exchange.sentAt() : firstEpochNanos,
                    Direction.INFO, markerText(), false, null);
        }
    }

    /**
     * Records a line (see {@link #keep}); the one place secrets are redacted before anything keeps or sees the line
     * (a redacted line gets the bytes of its redacted text, so the secret does not survive in
     * {@link TranscriptEntry#bytes()} either). One {@link System#nanoTime()} per line is its whole cost in clocks.
     *
     * @param raw the line's bytes as received, or null when they are the UTF-8 of {@code text}
     * @param flags {@link TranscriptWindow#CONTENT} for message content, else 0
     * @param octets the line's size in octets when the caller knows its chars are ASCII, else negative
     */
    private synchronized void add(Direction direction, String text, byte[] raw, int flags, int octets) {
        String redacted = redact(text);
        long now = now();
        Object stored;
        if (!redacted.equals(text)) {
            stored = redacted; // its size is its UTF-8's, scanned
            octets = -1;
        } else if (raw != null && !Utf8.isAsciiOf(raw, text)) {
            stored = raw.clone(); // the exact bytes: the caller's array is not kept
            octets = raw.length;
        } else {
            stored = text;
        }
        if (direction == Direction.RECEIVED) {
            lastReceivedNanos = now;
        }
        keep(stored, now, TranscriptWindow.kind(direction, flags | (tls ? TranscriptWindow.TLS : 0)), octets);
    }

    /** Nanoseconds since the epoch now, from the monotonic clock since the recorder was made. */
    private long now() {
        return startEpochNanos + (System.nanoTime() - startNanoTime);
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
                // kept and shown to the listener like any line; if it throws again, nothing more is recorded
                keep("listener failed: " + what, now(), TranscriptWindow.kind(Direction.INFO, tls ? TranscriptWindow.TLS : 0), -1);
            }
        }
    }

    /**
     * Appends a line to the kept ones, tells the listener under the same lock (so it sees lines in transcript order),
     * then drops the oldest lines if that took them over a limit. {@code octets}: the line's size when the caller
     * knows it (its chars are ASCII), else negative.
     */
    private void keep(Object text, long time, int kind, int octets) {
        if (size == 0 && marker == null) {
            firstEpochNanos = time;
        }
        if (size == texts.length) {
            grow();
        }
        int length = octets >= 0 ? octets : TranscriptWindow.octets(text, kind);
        if (text instanceof String line && length == line.length()) {
            kind |= TranscriptWindow.ASCII; // one octet a char: a later drop need not scan it again
        }
        texts[size] = text;
        times[size] = time;
        kinds[size] = kind;
        size++;
        bytes += length;
        if (TranscriptWindow.isContent(kind)) {
            contentLines++;
        }
        if (telling) {
            tell(TranscriptWindow.entry(text, time, kind));
        }
        if (size > maxLines || bytes > maxBytes) {
            drop();
        }
    }

    /** The size of kept line {@code i}, as {@link TranscriptEntry#byteLength()} says. */
    private int octets(int i) {
        return TranscriptWindow.octets(texts[i], kinds[i]);
    }

    /**
     * Larger arrays for the kept lines (new ones: snapshots keep the old), never beyond the limit plus one; the
     * client's sessions learn the size (see the constructor).
     */
    private void grow() {
        long wanted = Math.min(Math.max(texts.length * 2L, INITIAL_CAPACITY), maxLines + 1L);
        int capacity = (int) Math.max(Math.min(wanted, Integer.MAX_VALUE - 8), size + 1L);
        texts = Arrays.copyOf(texts, capacity);
        times = Arrays.copyOf(times, capacity);
        kinds = Arrays.copyOf(kinds, capacity);
        if (typicalCapacity != null && capacity <= MAX_TYPICAL_CAPACITY && typicalCapacity.get() < capacity) {
            typicalCapacity.accumulateAndGet(capacity, Math::max);
        }
    }

    /**
     * Drops the oldest lines until at most three quarters of each limit is used (so that dropping happens once per
     * quarter of the limit, not on every line): the oldest message-content lines first, then, if that is not
     * enough, the oldest other lines. Counts what went into the {@link #marker}.
     */
    private void drop() {
        long lowLines = maxLines - maxLines / 4;
        long lowBytes = maxBytes - maxBytes / 4;
        int keptLines = size;
        long keptBytes = bytes;
        int contentCut = 0; // content lines below this index go
        for (int left = contentLines; contentCut < size && left > 0 && (keptLines > lowLines || keptBytes > lowBytes); contentCut++) {
            if (TranscriptWindow.isContent(kinds[contentCut])) {
                keptLines--;
                keptBytes -= octets(contentCut);
                left--;
            }
        }
        int otherCut = 0; // other lines below this index go; only once every content line has gone
        while (otherCut < size && (keptLines > lowLines || keptBytes > lowBytes)) {
            if (!TranscriptWindow.isContent(kinds[otherCut])) {
                keptLines--;
                keptBytes -= octets(otherCut);
            }
            otherCut++;
        }
        var keptTexts = new Object[texts.length];
        var keptTimes = new long[texts.length];
        var keptKinds = new int[texts.length];
        int n = 0;
        for (int i = 0; i < size; i++) {
            boolean isContent = TranscriptWindow.isContent(kinds[i]);
            if (isContent ? i < contentCut : i < otherCut) {
                if (isContent) {
                    droppedContentLines++;
                    droppedContentBytes += octets(i);
                    contentLines--;
                } else {
                    droppedOtherLines++;
                    droppedOtherBytes += octets(i);
                }
            } else {
                keptTexts[n] = texts[i];
                keptTimes[n] = times[i];
                keptKinds[n] = kinds[i];
                n++;
            }
        }
        texts = keptTexts;
        times = keptTimes;
        kinds = keptKinds;
        size = n;
        bytes = keptBytes;
        marker = new TranscriptEntry(firstEpochNanos, Direction.INFO, markerText(), false, null);
    }

    /** What the marker says: the limits, and how many lines and bytes of each kind were dropped so far. */
    private String markerText() {
        var text = new StringBuilder("transcript limit (").append(maxLines).append(" lines, ").append(maxBytes)
                .append(" bytes) reached: dropped the oldest ");
        if (droppedContentLines > 0) {
            text.append(droppedContentLines).append(" message-content lines (").append(droppedContentBytes).append(" bytes)");
        }
        if (droppedOtherLines > 0) {
            text.append(droppedContentLines > 0 ? " and then the oldest " : "").append(droppedOtherLines)
                    .append(" other lines (commands, replies, events; ").append(droppedOtherBytes).append(" bytes)");
        }
        if (droppedExchanges > 0) {
            text.append(droppedContentLines + droppedOtherLines > 0 ? ", and the oldest " : "").append(droppedExchanges)
                    .append(" exchanges");
        }
        return text.append("; a TranscriptListener sees every line").toString();
    }

    /**
     * The transcript so far: the kept lines, oldest first, after the marker if any were dropped. Costs no copy: the
     * snapshot shares the recorder's record, which only grows beyond what the snapshot shows.
     */
    public synchronized Transcript snapshot() {
        if (size == 0 && marker == null && exchangeCount == 0) {
            return Transcript.EMPTY;
        }
        return new Transcript(new TranscriptWindow(marker, texts, times, kinds, size), exchanges());
    }
}
