package dev.smtpprobe.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.smtpprobe.Direction;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.TranscriptListener;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Issue 12 item 4: a session's transcript is bounded, drops message content first and says what it dropped. */
class BoundedTranscriptTest {

    private static final String MARKER = "transcript limit (";

    /** What a recorder is given for one message: envelope and replies, then {@code bodyLines} lines of content. */
    private static void message(TranscriptRecorder recorder, int n, int bodyLines) {
        recorder.sent("MAIL FROM:<sender@example.test>");
        recorder.received("250 2.1.0 Ok");
        recorder.sent("RCPT TO:<rcpt" + n % 10 + "@example.test>");
        recorder.received("250 2.1.5 Ok");
        recorder.sent("DATA");
        recorder.received("354 End data with <CR><LF>.<CR><LF>");
        recorder.content("Subject: message " + n);
        for (int i = 1; i < bodyLines; i++) {
            recorder.content("Line " + i + " of message " + n);
        }
        recorder.sent(".");
        recorder.received("250 2.0.0 Ok: queued as Q" + n);
    }

    private static boolean isContent(TranscriptEntry e) {
        return e.line().startsWith("Subject: ") || e.line().startsWith("Line ");
    }

    private static List<TranscriptEntry> lines(Transcript t) {
        var entries = t.entries();
        return !entries.isEmpty() && entries.get(0).line().startsWith(MARKER) ? entries.subList(1, entries.size()) : entries;
    }

    private static long bytesOf(List<TranscriptEntry> entries) {
        return entries.stream().mapToLong(e -> e.bytes().length).sum();
    }

    private static String marker(int maxLines, long maxBytes, long contentLines, long contentBytes, long otherLines,
            long otherBytes) {
        var text = new StringBuilder(MARKER).append(maxLines).append(" lines, ").append(maxBytes)
                .append(" bytes) reached: dropped the oldest ");
        if (contentLines > 0) {
            text.append(contentLines).append(" message-content lines (").append(contentBytes).append(" bytes)");
        }
        if (otherLines > 0) {
            text.append(contentLines > 0 ? " and then the oldest " : "").append(otherLines)
                    .append(" other lines (commands, replies, events; ").append(otherBytes).append(" bytes)");
        }
        return text.append("; a TranscriptListener sees every line").toString();
    }

    /**
     * What this thread has allocated so far ({@code com.sun.management.ThreadMXBean}, reached by reflection: the
     * test is compiled inside the module, which does not read jdk.management).
     */
    private static long allocatedBytes() {
        try {
            var method = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long.class);
            return (long) method.invoke(ManagementFactory.getThreadMXBean(), Thread.currentThread().getId());
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("this test needs HotSpot's per-thread allocation counter", e);
        }
    }

    @Test
    void aMillionMessagesOnOneRecorderStayUnderTheDefaultCapAndTheMarkerCountsWhatWentFirst() {
        var heard = new AtomicLong();
        var recorder = new TranscriptRecorder(entry -> heard.incrementAndGet());
        recorder.info("Connected to mx.example.test (127.0.0.1:25)");
        recorder.received("220 mx.example.test ESMTP");
        recorder.sent("EHLO probe.example.test");
        recorder.received("250 mx.example.test");
        long lines = 4;
        long contentLines = 0;
        long contentBytes = 0;
        long otherBytes = 0;
        for (String l : List.of("Connected to mx.example.test (127.0.0.1:25)", "220 mx.example.test ESMTP",
                "EHLO probe.example.test", "250 mx.example.test")) {
            otherBytes += l.length();
        }
        int messages = 1_000_000;
        int bodyLines = 5;
        Transcript early = null;
        for (int n = 0; n < messages; n++) {
            message(recorder, n, bodyLines);
            if (n == 500) {
                early = recorder.snapshot();
            }
        }
        // the totals, computed from what message() records
        for (int n = 0; n < messages; n++) {
            contentBytes += ("Subject: message " + n).length();
            for (int i = 1; i < bodyLines; i++) {
                contentBytes += ("Line " + i + " of message " + n).length();
            }
            otherBytes += "MAIL FROM:<sender@example.test>".length() + "250 2.1.0 Ok".length()
                    + ("RCPT TO:<rcpt" + n % 10 + "@example.test>").length() + "250 2.1.5 Ok".length() + "DATA".length()
                    + "354 End data with <CR><LF>.<CR><LF>".length() + 1 + ("250 2.0.0 Ok: queued as Q" + n).length();
        }
        contentLines = (long) messages * bodyLines;
        lines += (long) messages * (8 + bodyLines);

        Transcript transcript = recorder.snapshot();
        List<TranscriptEntry> kept = lines(transcript);

        assertThat(heard.get()).as("the listener saw every line").isEqualTo(lines);
        assertThat(kept).hasSizeLessThanOrEqualTo(ProbeOptions.DEFAULT_TRANSCRIPT_MAX_LINES);
        assertThat(bytesOf(kept)).isLessThanOrEqualTo(ProbeOptions.DEFAULT_TRANSCRIPT_MAX_BYTES);
        assertThat(kept.size()).as("a quarter of the limit at most is free").isGreaterThanOrEqualTo(7_500);
        long keptContent = kept.stream().filter(BoundedTranscriptTest::isContent).count();
        long keptContentBytes = bytesOf(kept.stream().filter(BoundedTranscriptTest::isContent).toList());
        long keptOther = kept.size() - keptContent;
        long keptOtherBytes = bytesOf(kept) - keptContentBytes;
        assertThat(transcript.entries().get(0).line()).isEqualTo(marker(10_000, 1_048_576,
                contentLines - keptContent, contentBytes - keptContentBytes,
                lines - contentLines - keptOther, otherBytes - keptOtherBytes));
        assertThat(transcript.entries().get(0).direction()).isEqualTo(Direction.INFO);
        // the newest lines of each kind are the ones kept, in order
        var newestOther = new ArrayList<String>();
        var newestContent = new ArrayList<String>();
        for (int n = messages - 1; newestOther.size() < keptOther || newestContent.size() < keptContent; n--) {
            var one = new TranscriptRecorder(TranscriptListener.NONE);
            message(one, n, bodyLines);
            var other = lines(one.snapshot()).stream().filter(e -> !isContent(e)).map(TranscriptEntry::line).toList();
            var body = lines(one.snapshot()).stream().filter(BoundedTranscriptTest::isContent).map(TranscriptEntry::line).toList();
            newestOther.addAll(0, other);
            newestContent.addAll(0, body);
        }
        assertThat(kept.stream().filter(e -> !isContent(e)).map(TranscriptEntry::line).toList())
                .isEqualTo(newestOther.subList(newestOther.size() - (int) keptOther, newestOther.size()));
        assertThat(kept.stream().filter(BoundedTranscriptTest::isContent).map(TranscriptEntry::line).toList())
                .isEqualTo(newestContent.subList(newestContent.size() - (int) keptContent, newestContent.size()));
        assertThat(kept.get(kept.size() - 1).line()).isEqualTo("250 2.0.0 Ok: queued as Q" + (messages - 1));
        for (int i = 1; i < kept.size(); i++) {
            assertThat(kept.get(i).epochNanos()).isGreaterThanOrEqualTo(kept.get(i - 1).epochNanos());
        }
        // a snapshot handed out earlier is as it was
        assertThat(early.entries()).hasSize(4 + 501 * (8 + bodyLines));
        assertThat(early.entries().get(0).line()).isEqualTo("Connected to mx.example.test (127.0.0.1:25)");
        assertThat(early.entries().get(early.entries().size() - 1).line()).isEqualTo("250 2.0.0 Ok: queued as Q500");
    }

    @Test
    void theOldestContentLinesGoBeforeAnyOtherLine() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE, 20, 100_000);
        recorder.info("Connected");
        recorder.received("220 hi");
        recorder.sent("EHLO x");
        recorder.received("250 ok");
        message(recorder, 7, 15); // Subject + Line 1..14: over 20 lines twice, each time back to 15

        var transcript = recorder.snapshot();

        assertThat(transcript.entries()).extracting(TranscriptEntry::line).containsExactly(
                marker(20, 100_000, 12, "Subject: message 7".length() + 11 * "Line 1 of message 7".length() + 2, 0, 0),
                "Connected", "220 hi", "EHLO x", "250 ok", "MAIL FROM:<sender@example.test>", "250 2.1.0 Ok",
                "RCPT TO:<rcpt7@example.test>", "250 2.1.5 Ok", "DATA", "354 End data with <CR><LF>.<CR><LF>",
                "Line 12 of message 7", "Line 13 of message 7", "Line 14 of message 7", ".",
                "250 2.0.0 Ok: queued as Q7");
        assertThat(transcript.toString()).startsWith("=== transcript limit (20 lines, 100000 bytes) reached: dropped the "
                + "oldest 12 message-content lines (");
    }

    @Test
    void otherLinesGoOldestFirstOnceNoContentIsLeft() {
        var seen = new ArrayList<String>();
        var recorder = new TranscriptRecorder(e -> seen.add(e.line()), 8, 100_000);
        for (int i = 1; i <= 10; i++) {
            recorder.sent("NOOP " + i);
            recorder.received("250 2.0.0 Ok " + i);
        }

        var transcript = recorder.snapshot();

        // over 8 at the 9th line, back to 6; then at the 12th, 15th and 18th: 12 lines dropped, the newest 8 kept
        assertThat(lines(transcript)).extracting(TranscriptEntry::line).containsExactly("NOOP 7", "250 2.0.0 Ok 7",
                "NOOP 8", "250 2.0.0 Ok 8", "NOOP 9", "250 2.0.0 Ok 9", "NOOP 10", "250 2.0.0 Ok 10");
        long droppedBytes = seen.subList(0, 12).stream().mapToLong(String::length).sum();
        assertThat(transcript.entries().get(0).line()).isEqualTo(marker(8, 100_000, 0, 0, 12, droppedBytes))
                .isEqualTo("transcript limit (8 lines, 100000 bytes) reached: dropped the oldest 12 other lines "
                        + "(commands, replies, events; " + droppedBytes + " bytes); a TranscriptListener sees every line");
        assertThat(seen).hasSize(20);
    }

    @Test
    void asciiLinesRecordedWithoutAScanCountTheSameBytesAndAreStillRedacted() {
        var scanned = new TranscriptRecorder(TranscriptListener.NONE, 8, 100_000);
        var known = new TranscriptRecorder(TranscriptListener.NONE, 8, 100_000);
        for (var r : List.of(scanned, known)) {
            r.secret("s3cr3t-token");
        }
        for (int i = 1; i <= 10; i++) {
            scanned.sent("NOOP " + i + " s3cr3t-token");
            scanned.received("250 2.0.0 Ok " + i);
            known.sentAscii("NOOP " + i + " s3cr3t-token");
            known.receivedAscii("250 2.0.0 Ok " + i);
        }

        assertThat(known.snapshot().toString()).isEqualTo(scanned.snapshot().toString())
                .contains("dropped the oldest 12 other lines").doesNotContain("s3cr3t-token");
        assertThat(known.snapshot().entries()).extracting(TranscriptEntry::line)
                .isEqualTo(scanned.snapshot().entries().stream().map(TranscriptEntry::line).toList());
    }

    @Test
    void asciiContentLinesRecordedWithoutAScanCountTheSameBytesAndGoFirstAlike() {
        var scanned = new TranscriptRecorder(TranscriptListener.NONE, 6, 100_000);
        var known = new TranscriptRecorder(TranscriptListener.NONE, 6, 100_000);
        for (var r : List.of(scanned, known)) {
            r.secret("s3cr3t-token");
            r.sentAscii("DATA");
        }
        for (int i = 1; i <= 9; i++) {
            scanned.content("Line " + i + " s3cr3t-token");
            known.contentAscii("Line " + i + " s3cr3t-token");
        }

        assertThat(known.snapshot().toString()).isEqualTo(scanned.snapshot().toString())
                .contains("dropped the oldest 4 message-content lines").doesNotContain("s3cr3t-token");
        assertThat(known.snapshot().entries()).extracting(TranscriptEntry::line)
                .isEqualTo(scanned.snapshot().entries().stream().map(TranscriptEntry::line).toList())
                .contains("DATA", "Line 9 <redacted>");
    }

    @Test
    void contentAndThenOtherLinesWhenContentAloneIsNotEnough() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE, 12, 100_000);
        recorder.info("Connected");
        message(recorder, 1, 2); // 10 lines, 2 of them content
        message(recorder, 2, 2);
        // over 12 at message 2's first reply: message 1's 2 content lines go, then Connected and MAIL (back to 9);
        // at its 354: the 4 oldest other lines; at its queued reply: its 2 content lines, then 354 and "."

        var transcript = recorder.snapshot();

        assertThat(transcript.entries().get(0).line()).isEqualTo(marker(12, 100_000,
                4, "Subject: message 1".length() + "Line 1 of message 1".length() + "Subject: message 2".length()
                        + "Line 1 of message 2".length(),
                8, "Connected".length() + "MAIL FROM:<sender@example.test>".length() + "250 2.1.0 Ok".length()
                        + "RCPT TO:<rcpt1@example.test>".length() + "250 2.1.5 Ok".length() + "DATA".length()
                        + "354 End data with <CR><LF>.<CR><LF>".length() + ".".length()));
        assertThat(lines(transcript)).extracting(TranscriptEntry::line).containsExactly("250 2.0.0 Ok: queued as Q1",
                "MAIL FROM:<sender@example.test>", "250 2.1.0 Ok", "RCPT TO:<rcpt2@example.test>", "250 2.1.5 Ok",
                "DATA", "354 End data with <CR><LF>.<CR><LF>", ".", "250 2.0.0 Ok: queued as Q2");
    }

    @Test
    void theByteLimitDropsLinesLikeTheLineLimit() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE, 1000, 100);
        for (int i = 0; i < 10; i++) {
            recorder.received("250 line of twenty " + i); // 20 bytes each
        }

        var transcript = recorder.snapshot();

        // the 6th line takes it to 120 bytes, back to 75 at most: 3 kept; then again at the 8th (100 bytes is no more)
        assertThat(bytesOf(lines(transcript))).isLessThanOrEqualTo(100);
        assertThat(lines(transcript)).extracting(TranscriptEntry::line).last().isEqualTo("250 line of twenty 9");
        int kept = lines(transcript).size();
        assertThat(transcript.entries().get(0).line()).isEqualTo(marker(1000, 100, 0, 0, 10 - kept, 20L * (10 - kept)));
    }

    @Test
    void aLineLongerThanTheByteLimitIsNotKeptButCounted() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE, 1000, 100);
        recorder.received("220 hi");
        recorder.content("x".repeat(500));

        var transcript = recorder.snapshot();

        assertThat(transcript.entries()).extracting(TranscriptEntry::line)
                .containsExactly(marker(1000, 100, 1, 500, 0, 0), "220 hi");
    }

    @Test
    void theMarkerIsTimedAtTheSessionsFirstLineSoTimesStillCountFromTheStart() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE, 4, 100_000);
        recorder.info("Connected");
        long first = recorder.snapshot().entries().get(0).epochNanos();
        for (int i = 0; i < 10; i++) {
            recorder.sent("NOOP");
        }

        var transcript = recorder.snapshot();

        assertThat(transcript.entries().get(0).epochNanos()).isEqualTo(first);
        Locale saved = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        try {
            assertThat(transcript.toStringWithTimes()).startsWith("   0.000s === transcript limit (4 lines");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, saved);
        }
    }

    @Test
    void aSnapshotHandedOutStaysAsItWasWhenLinesAreDroppedLater() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE, 10, 100_000);
        for (int i = 0; i < 9; i++) {
            recorder.sent("NOOP " + i);
        }
        var before = recorder.snapshot();
        var copy = List.copyOf(before.entries());

        for (int i = 9; i < 100; i++) {
            recorder.sent("NOOP " + i);
        }

        assertThat(before.entries()).containsExactlyElementsOf(copy).hasSize(9);
        assertThat(before.entries().get(0).line()).isEqualTo("NOOP 0");
        assertThat(lines(recorder.snapshot())).extracting(TranscriptEntry::line).last().isEqualTo("NOOP 99");
    }

    @Test
    void takingASnapshotOfAFullTranscriptCopiesNothing() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE);
        for (int i = 0; i < 9_000; i++) {
            recorder.sent("NOOP");
        }
        Transcript last = null;
        for (int i = 0; i < 100; i++) {
            last = recorder.snapshot(); // warm up
        }

        long before = allocatedBytes();
        for (int i = 0; i < 100; i++) {
            last = recorder.snapshot();
        }
        long perSnapshot = (allocatedBytes() - before) / 100;

        // a copy of 9,000 references is 36 KB or more; the view is a few dozen bytes
        assertThat(perSnapshot).isLessThan(1_000);
        assertThat(last.entries()).hasSize(9_000);
    }

    @Test
    void recordingALineAllocatesLittleMoreThanItsEntry() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE);
        for (int i = 0; i < 20_000; i++) {
            recorder.sent("RCPT TO:<someone@example.test>"); // warm up
        }

        long before = allocatedBytes();
        for (int i = 0; i < 100_000; i++) {
            recorder.sent("RCPT TO:<someone@example.test>");
        }
        long perLine = (allocatedBytes() - before) / 100_000;

        // the entry (about 40 bytes) and its share of the arrays made when lines are dropped; no Instant, no copy
        // of the line's bytes, no decoding them back to a string
        assertThat(perLine).isLessThan(100);
    }

    @Test
    void negativeLimitsAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new TranscriptRecorder(TranscriptListener.NONE, -1, 10));
        assertThatIllegalArgumentException().isThrownBy(() -> new TranscriptRecorder(TranscriptListener.NONE, 10, -1));
    }

    @Test
    void aLimitOfNoLinesKeepsOnlyTheMarkerWhileTheListenerHearsEverything() {
        var heard = new ArrayList<String>();
        var recorder = new TranscriptRecorder(e -> heard.add(e.line()), 0, 0);
        recorder.received("220 hi");
        recorder.sent("QUIT");

        assertThat(recorder.snapshot().entries()).extracting(TranscriptEntry::line)
                .containsExactly(marker(0, 0, 0, 0, 2, 10));
        assertThat(heard).containsExactly("220 hi", "QUIT");
    }
}
