package dev.smtpprobe;

import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class TranscriptTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static TranscriptEntry entry(long millis, Direction direction, String line, boolean tls) {
        return new TranscriptEntry(T0.plusMillis(millis), direction, line, tls);
    }

    private static final Transcript SESSION = new Transcript(List.of(
            entry(0, Direction.INFO, "Trying mail.example.test:25...", false),
            entry(10, Direction.RECEIVED, "220 mail.example.test ESMTP", false),
            entry(20, Direction.SENT, "EHLO probe.example.test", false),
            entry(30, Direction.RECEIVED, "250-mail.example.test", false),
            entry(31, Direction.RECEIVED, "250 STARTTLS", false),
            entry(40, Direction.SENT, "STARTTLS", false),
            entry(50, Direction.RECEIVED, "220 2.0.0 Ready to start TLS", false),
            entry(60, Direction.INFO, "TLS started", true),
            entry(1500, Direction.SENT, "AUTH PLAIN <redacted>", true),
            entry(1510, Direction.RECEIVED, "235 2.7.0 Authentication successful", true)));

    @Test
    void entryToStringUsesSwaksPrefixes() {
        assertThat(entry(0, Direction.RECEIVED, "220 hi", false)).hasToString("<-  220 hi");
        assertThat(entry(0, Direction.SENT, "EHLO x", false)).hasToString(" -> EHLO x");
        assertThat(entry(0, Direction.INFO, "Connected", false)).hasToString("=== Connected");
    }

    @Test
    void entryToStringUsesTildeUnderTls() {
        assertThat(entry(0, Direction.RECEIVED, "250 ok", true)).hasToString("<~  250 ok");
        assertThat(entry(0, Direction.SENT, "MAIL FROM:<a@b.test>", true)).hasToString(" ~> MAIL FROM:<a@b.test>");
        assertThat(entry(0, Direction.INFO, "TLS started", true)).hasToString("=== TLS started");
    }

    @Test
    void entryRefusesNullComponents() {
        assertThatNullPointerException().isThrownBy(() -> new TranscriptEntry(null, Direction.SENT, "x", false));
        assertThatNullPointerException().isThrownBy(() -> new TranscriptEntry(T0, null, "x", false));
        assertThatNullPointerException().isThrownBy(() -> new TranscriptEntry(T0, Direction.SENT, null, false));
    }

    @Test
    void toStringPrintsOneEntryPerLineInOrder() {
        assertThat(SESSION).hasToString(String.join("\n",
                "=== Trying mail.example.test:25...",
                "<-  220 mail.example.test ESMTP",
                " -> EHLO probe.example.test",
                "<-  250-mail.example.test",
                "<-  250 STARTTLS",
                " -> STARTTLS",
                "<-  220 2.0.0 Ready to start TLS",
                "=== TLS started",
                " ~> AUTH PLAIN <redacted>",
                "<~  235 2.7.0 Authentication successful"));
    }

    @Test
    void sentGivesTheClientLinesInOrder() {
        assertThat(SESSION.sent()).containsExactly("EHLO probe.example.test", "STARTTLS", "AUTH PLAIN <redacted>");
    }

    @Test
    void receivedGivesTheServerLinesInOrder() {
        assertThat(SESSION.received()).containsExactly("220 mail.example.test ESMTP", "250-mail.example.test",
                "250 STARTTLS", "220 2.0.0 Ready to start TLS", "235 2.7.0 Authentication successful");
    }

    @Test
    void linesOfInfoGivesTheProbesEvents() {
        assertThat(SESSION.lines(Direction.INFO)).containsExactly("Trying mail.example.test:25...", "TLS started");
    }

    @Test
    void toStringWithTimesShowsSecondsSinceTheFirstEntry() {
        var transcript = new Transcript(List.of(
                entry(0, Direction.RECEIVED, "220 hi", false),
                entry(1500, Direction.SENT, "QUIT", false),
                entry(12_345, Direction.INFO, "closed", false)));

        Locale saved = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.US);
        try {
            assertThat(transcript.toStringWithTimes())
                    .isEqualTo("   0.000s <-  220 hi\n   1.500s  -> QUIT\n  12.345s === closed");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, saved);
        }
    }

    @Test
    void emptyTranscriptPrintsNothing() {
        assertThat(Transcript.EMPTY.isEmpty()).isTrue();
        assertThat(Transcript.EMPTY).hasToString("");
        assertThat(Transcript.EMPTY.toStringWithTimes()).isEmpty();
        assertThat(Transcript.EMPTY.sent()).isEmpty();
        assertThat(SESSION.isEmpty()).isFalse();
    }

    @Test
    void entriesAreCopiedAndCannotBeModified() {
        var entries = new ArrayList<>(List.of(entry(0, Direction.SENT, "NOOP", false)));
        var transcript = new Transcript(entries);
        entries.add(entry(1, Direction.SENT, "QUIT", false));

        assertThat(transcript.entries()).hasSize(1);
        assertThatThrownBy(() -> transcript.entries().add(entry(2, Direction.SENT, "RSET", false)))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatNullPointerException().isThrownBy(() -> new Transcript(null));
    }

    // --- exact bytes for code, escapes for people (issue 11 item 12) ---

    @Test
    void aReceivedEntryKeepsItsBytesInvalidUtf8Included() {
        byte[] wire = {'2', '2', '0', ' ', 'm', (byte) 0xe9, (byte) 0xff, 0x1b};
        var entry = TranscriptEntry.received(T0, wire, false);

        assertThat(entry.bytes()).containsExactly(wire);
        assertThat(entry.line()).isEqualTo("220 m\ufffd\ufffd\u001b");
        assertThat(entry.printableLine()).isEqualTo("220 m\\xe9\\xff\\x1b");
        assertThat(entry).hasToString("<-  220 m\\xe9\\xff\\x1b");
        entry.bytes()[0] = 'X';
        assertThat(entry.bytes()[0]).isEqualTo((byte) '2');
    }

    @Test
    void aBareCrInAReceivedLineCannotForgeAClientLine() {
        var transcript = new Transcript(List.of(
                entry(0, Direction.RECEIVED, "250-ok\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==", false),
                entry(1, Direction.RECEIVED, "250 x\n ~> QUIT", false),
                entry(2, Direction.INFO, "TLS started: certificate for \u001b]0;evil\u0007", false)));

        assertThat(transcript.toString()).isEqualTo(String.join("\n",
                "<-  250-ok\\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==",
                "<-  250 x\\n ~> QUIT",
                "=== TLS started: certificate for \\x1b]0;evil\\x07"));
        assertThat(transcript.toStringWithTimes().lines()).hasSize(3).noneMatch(l -> l.contains("\r") || l.contains("\u001b"));
        assertThat(transcript.received()).containsExactly("250-ok\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==", "250 x\n ~> QUIT");
    }

    @Test
    void aHandMadeEntryHasTheUtf8OfItsLineAsBytes() {
        assertThat(entry(0, Direction.SENT, "EHLO gr\u00fc\u00df.test", false).bytes())
                .containsExactly("EHLO gr\u00fc\u00df.test".getBytes(StandardCharsets.UTF_8));
        var rewritten = TranscriptEntry.received(T0, new byte[] {'3', '3', '4', ' ', (byte) 0xff}, true).withLine("334 <redacted>");
        assertThat(rewritten.bytes()).containsExactly("334 <redacted>".getBytes(StandardCharsets.US_ASCII));
        assertThat(rewritten.direction()).isEqualTo(Direction.RECEIVED);
        assertThat(rewritten.tls()).isTrue();
    }

    // --- times kept as numbers, made into Instants on demand (issue 12 item 2) ---

    @Test
    void anEntryKeepsItsTimeAsNanosecondsSinceTheEpochAndMakesTheInstantOnDemand() {
        var at = Instant.parse("2026-12-02T03:20:00.123456789Z");
        var entry = new TranscriptEntry(at, Direction.SENT, "NOOP", false);

        assertThat(entry.epochNanos()).isEqualTo(at.getEpochSecond() * 1_000_000_000L + 123_456_789L);
        assertThat(entry.time()).isEqualTo(at);
        assertThat(new TranscriptEntry(entry.epochNanos(), Direction.SENT, "NOOP", false, null)).isEqualTo(entry);
        var before1970 = Instant.parse("1969-12-31T23:59:59.25Z");
        assertThat(new TranscriptEntry(before1970, Direction.INFO, "x", false).epochNanos()).isEqualTo(-750_000_000L);
        assertThat(new TranscriptEntry(before1970, Direction.INFO, "x", false).time()).isEqualTo(before1970);
    }

    @Test
    void aTimeOutsideWhatALongOfNanosecondsHoldsIsRefused() {
        assertThatThrownBy(() -> new TranscriptEntry(Instant.parse("2263-01-01T00:00:00Z"), Direction.SENT, "x", false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1677 and 2262");
        assertThatThrownBy(() -> TranscriptEntry.epochNanosOf(Instant.MIN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEntryMadeFromItsAsciiBytesEqualsOneMadeFromItsText() {
        var fromBytes = TranscriptEntry.received(T0, "250 ok".getBytes(StandardCharsets.US_ASCII), false);
        var fromText = new TranscriptEntry(T0, Direction.RECEIVED, "250 ok", false);

        assertThat(fromBytes).isEqualTo(fromText).hasSameHashCodeAs(fromText);
        assertThat(fromBytes.bytes()).containsExactly(fromText.bytes());
        assertThat(fromBytes.byteLength()).isEqualTo(6);
        assertThat(entry(0, Direction.SENT, "EHLO gr\u00fc\u00df.test \ud83d\udce7", false).byteLength())
                .isEqualTo("EHLO gr\u00fc\u00df.test \ud83d\udce7".getBytes(StandardCharsets.UTF_8).length);
        var invalid = TranscriptEntry.received(T0, new byte[] {'2', '5', '0', ' ', (byte) 0xff}, false);
        assertThat(invalid).isNotEqualTo(new TranscriptEntry(T0, Direction.RECEIVED, invalid.line(), false));
        assertThat(invalid.byteLength()).isEqualTo(5);
    }

    @Test
    void aRecordedLineIsTimedByTheWallClockReadWhenTheSessionStartedPlusTheMonotonicClockSince() {
        Instant before = Instant.now();
        var recorder = new dev.smtpprobe.spi.TranscriptRecorder(TranscriptListener.NONE);
        recorder.received("220 hi");
        recorder.sent("QUIT");
        Instant after = Instant.now();

        var entries = recorder.snapshot().entries();
        // Instant.now() may be coarser than nanoTime: allow a millisecond either side
        assertThat(entries).allSatisfy(e -> assertThat(e.time())
                .isBetween(before.minusMillis(1), after.plusMillis(1)));
        assertThat(entries.get(1).epochNanos()).isGreaterThanOrEqualTo(entries.get(0).epochNanos());
    }
}
