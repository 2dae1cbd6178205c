package dev.smtpprobe.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Direction;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.TranscriptListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class TranscriptRecorderTest {

    @Test
    void recordsLinesInOrderWithTheirDirection() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.info("Connected");
        recorder.received("220 hi");
        recorder.sent("EHLO x");
        recorder.received("250 ok");

        var transcript = recorder.snapshot();

        assertThat(transcript.entries()).extracting(TranscriptEntry::direction)
                .containsExactly(Direction.INFO, Direction.RECEIVED, Direction.SENT, Direction.RECEIVED);
        assertThat(transcript.entries()).extracting(TranscriptEntry::line)
                .containsExactly("Connected", "220 hi", "EHLO x", "250 ok");
        assertThat(transcript.sent()).containsExactly("EHLO x");
        assertThat(transcript.received()).containsExactly("220 hi", "250 ok");
    }

    @Test
    void timestampsNeverGoBackwards() {
        var recorder = new TranscriptRecorder(entry -> { });
        for (int i = 0; i < 50; i++) {
            recorder.sent("NOOP");
        }
        var entries = recorder.snapshot().entries();

        for (int i = 1; i < entries.size(); i++) {
            assertThat(entries.get(i).time()).isAfterOrEqualTo(entries.get(i - 1).time());
        }
    }

    @Test
    void tlsMarksTheLinesThatFollow() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.sent("STARTTLS");
        recorder.received("220 go ahead");
        recorder.tls(true);
        recorder.sent("EHLO x");
        recorder.received("250 ok");
        recorder.tls(false);
        recorder.info("closed");

        assertThat(recorder.snapshot().entries()).extracting(TranscriptEntry::tls)
                .containsExactly(false, false, true, true, false);
        assertThat(recorder.snapshot().toString()).isEqualTo(
                " -> STARTTLS\n<-  220 go ahead\n ~> EHLO x\n<~  250 ok\n=== closed");
    }

    @Test
    void snapshotDoesNotChangeWhenMoreIsRecorded() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.received("220 hi");
        var before = recorder.snapshot();

        recorder.sent("QUIT");
        recorder.received("221 bye");

        assertThat(before.entries()).extracting(TranscriptEntry::line).containsExactly("220 hi");
        assertThat(recorder.snapshot().entries()).hasSize(3);
    }

    @Test
    void snapshotCannotBeModified() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.received("220 hi");
        var snapshot = recorder.snapshot();

        assertThatThrownBy(() -> snapshot.entries().clear()).isInstanceOf(UnsupportedOperationException.class);
        assertThat(recorder.snapshot().entries()).hasSize(1);
    }

    @Test
    void listenerSeesEachEntryAsItIsRecorded() {
        var seen = new ArrayList<TranscriptEntry>();
        var recorder = new TranscriptRecorder(seen::add);
        recorder.received("220 hi");
        recorder.tls(true);
        recorder.sent("EHLO x");

        assertThat(seen).containsExactlyElementsOf(recorder.snapshot().entries());
        assertThat(seen.get(1).tls()).isTrue();
    }

    @Test
    void listenerExceptionsAreIgnoredAndTheEntryIsStillRecorded() {
        var calls = new ArrayList<String>();
        var recorder = new TranscriptRecorder(entry -> {
            calls.add(entry.line());
            throw new IllegalStateException("listener bug");
        });

        recorder.received("220 hi");
        recorder.sent("EHLO x");

        assertThat(calls).containsExactly("220 hi", "listener failed: java.lang.IllegalStateException: listener bug",
                "EHLO x");
        assertThat(recorder.snapshot().entries()).extracting(TranscriptEntry::line).containsExactly("220 hi",
                "listener failed: java.lang.IllegalStateException: listener bug", "EHLO x");
    }

    @Test
    void aListenerThrowingAnAssertionErrorIsReportedOnceAndKeepsBeingCalled() {
        var calls = new ArrayList<String>();
        var recorder = new TranscriptRecorder(entry -> {
            calls.add(entry.line());
            if (entry.direction() == Direction.RECEIVED) {
                throw new AssertionError("expected 250 but was " + entry.line());
            }
        });

        recorder.received("220 hi");
        recorder.sent("EHLO x");
        recorder.received("554 no");

        assertThat(recorder.snapshot().entries()).extracting(TranscriptEntry::toString).containsExactly(
                "<-  220 hi", "=== listener failed: java.lang.AssertionError: expected 250 but was 220 hi", " -> EHLO x",
                "<-  554 no");
        assertThat(calls).containsExactly("220 hi", "listener failed: java.lang.AssertionError: expected 250 but was 220 hi",
                "EHLO x", "554 no");
    }

    @Test
    void aVirtualMachineErrorOfTheListenerIsNotSwallowed() {
        var recorder = new TranscriptRecorder(entry -> {
            throw new StackOverflowError("deep");
        });

        assertThatThrownBy(() -> recorder.received("220 hi")).isInstanceOf(StackOverflowError.class);
        assertThat(recorder.snapshot().received()).containsExactly("220 hi");
    }

    @Test
    void aReceivedLineKeepsItsExactBytes() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE);
        byte[] line = {'2', '5', '0', ' ', (byte) 0xc3, 0x28, 0x1b, '\r'};
        recorder.received(line);
        line[0] = '5';

        TranscriptEntry entry = recorder.snapshot().entries().get(0);
        assertThat(entry.bytes()).containsExactly('2', '5', '0', ' ', (byte) 0xc3, 0x28, 0x1b, '\r');
        assertThat(entry.line()).isEqualTo("250 \ufffd(\u001b\r");
        assertThat(entry).hasToString("<-  250 \\xc3(\\x1b\\r");
    }

    @Test
    void concurrentRecordingLosesNoLine() throws InterruptedException {
        var recorder = new TranscriptRecorder(entry -> { });
        int threads = 8;
        int perThread = 500;
        var start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            var worker = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    recorder.sent(id + ":" + i);
                }
            });
            worker.start();
            workers.add(worker);
        }
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }

        var lines = recorder.snapshot().sent();
        assertThat(lines).hasSize(threads * perThread).doesNotHaveDuplicates();
        for (int t = 0; t < threads; t++) {
            String prefix = t + ":";
            assertThat(lines.stream().filter(l -> l.startsWith(prefix)).toList()).as("thread %d in its own order", t)
                    .isEqualTo(java.util.stream.IntStream.range(0, perThread).mapToObj(i -> prefix + i).toList());
        }
    }

    @Test
    void aRegisteredSecretIsRedactedInEveryEntryBeforeTheListenerSeesIt() {
        var heard = new ArrayList<TranscriptEntry>();
        var recorder = new TranscriptRecorder(heard::add);
        recorder.secret("AHRpbQB0YW5zdGFhZg==");
        recorder.sent("AUTH PLAIN <redacted>");
        recorder.received("500 5.5.1 Command unrecognized: \"AUTH PLAIN AHRpbQB0YW5zdGFhZg==\"");
        recorder.info("protocol violation: AHRpbQB0YW5zdGFhZg==");

        assertThat(recorder.snapshot().entries()).extracting(TranscriptEntry::line).containsExactly(
                "AUTH PLAIN <redacted>", "500 5.5.1 Command unrecognized: \"AUTH PLAIN <redacted>\"",
                "protocol violation: <redacted>");
        assertThat(heard).extracting(TranscriptEntry::line).noneMatch(l -> l.contains("AHRpbQB0YW5zdGFhZg=="));
        assertThat(recorder.redact("again AHRpbQB0YW5zdGFhZg== and AHRpbQB0YW5zdGFhZg==")).isEqualTo("again <redacted> and <redacted>");
    }

    @Test
    void aShortSecretIsRedactedOnlyWhereItStandsAsAWord() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.secret("pw1");
        recorder.received("535 5.7.8 password \"pw1\" rejected for pw1, not pw12 or xpw1");
        assertThat(recorder.snapshot().received())
                .containsExactly("535 5.7.8 password \"<redacted>\" rejected for <redacted>, not pw12 or xpw1");
    }

    @Test
    void aLongerSecretIsReplacedBeforeASecretInsideIt() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.secret("tanstaaf");
        recorder.secret("tim:tanstaaf:extra");
        assertThat(recorder.redact("x tim:tanstaaf:extra y tanstaaf")).isEqualTo("x <redacted> y <redacted>");
        recorder.secret("");
        recorder.secret(null);
        assertThat(recorder.redact("nothing else changes")).isEqualTo("nothing else changes");
    }

    @Test
    void aSecretCutShortByALimitIsRedactedAsFarAsItGoes() {
        var recorder = new TranscriptRecorder(entry -> { });
        recorder.secret("dXNlcj1hbGljZUBleGFtcGxlLnRlc3QBYXV0aD1CZWFyZXIg");
        assertThat(recorder.redact("received: \"500 unrecognized: AUTH XOAUTH2 dXNlcj1hbGljZUBleGFt\"..."))
                .isEqualTo("received: \"500 unrecognized: AUTH XOAUTH2 <redacted>\"...");
        assertThat(recorder.redact("dXNlcj1h")).isEqualTo("<redacted>");
        assertThat(recorder.redact("dXNlcj1")).as("fewer than 8 characters of it").isEqualTo("dXNlcj1");
    }

    @Test
    void aReplyLineGivenAsCodeSeparatorAndTextReadsAsTheWholeLine() {
        var told = new ArrayList<TranscriptEntry>();
        var recorder = new TranscriptRecorder(told::add);
        recorder.receivedReplyLine(250, '-', "mx.test Hello");
        recorder.receivedReplyLine(250, '-', "");
        recorder.receivedReplyLine(250, ' ', "PIPELINING");
        recorder.tls(true);
        recorder.receivedReplyLine(250, (char) 0, "");
        recorder.receivedReplyLine(599, ' ', "");

        var entries = recorder.snapshot().entries();
        assertThat(entries).extracting(TranscriptEntry::line)
                .containsExactly("250-mx.test Hello", "250-", "250 PIPELINING", "250", "599 ");
        assertThat(entries).extracting(TranscriptEntry::direction).containsOnly(Direction.RECEIVED);
        assertThat(entries).extracting(TranscriptEntry::tls).containsExactly(false, false, false, true, true);
        assertThat(entries).extracting(TranscriptEntry::byteLength).containsExactly(17, 4, 14, 3, 4);
        assertThat(entries.get(2).bytes()).containsExactly("250 PIPELINING".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        assertThat(told).as("the listener sees the same entries").containsExactlyElementsOf(entries);
        assertThatThrownBy(() -> recorder.receivedReplyLine(250, '+', "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> recorder.receivedReplyLine(1000, ' ', "x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(recorder.snapshot().entries()).hasSize(5);
    }

    @Test
    void aReplyLineIsRedactedAsAWholeLine() {
        var recorder = new TranscriptRecorder(TranscriptListener.NONE);
        recorder.secret("hunter2hunter2");
        recorder.secret("250");
        recorder.receivedReplyLine(535, ' ', "5.7.8 bad credentials hunter2hunter2");
        recorder.receivedReplyLine(250, ' ', "ok");

        assertThat(recorder.snapshot().received())
                .as("the code is part of the line a short secret is matched in, as for received(String)")
                .containsExactly("535 5.7.8 bad credentials <redacted>", "<redacted> ok");
    }

    @Test
    void theSessionsOfAClientStartTheirRecordAtTheSizeEarlierOnesNeeded() {
        var typical = new java.util.concurrent.atomic.AtomicInteger();
        var first = new TranscriptRecorder(TranscriptListener.NONE, 10_000, 1_000_000, typical);
        for (int i = 0; i < 40; i++) {
            first.sent("NOOP " + i);
        }
        assertThat(typical.get()).as("grown from 16 to 32 to 64").isEqualTo(64);
        var second = new TranscriptRecorder(TranscriptListener.NONE, 10_000, 1_000_000, typical);
        for (int i = 0; i < 2_000; i++) {
            second.sent("NOOP " + i);
        }
        assertThat(typical.get()).as("capped: an idle session among thousands stays small")
                .isEqualTo(TranscriptRecorder.MAX_TYPICAL_CAPACITY);
        assertThat(second.snapshot().sent()).hasSize(2_000).endsWith("NOOP 1999");
        var small = new TranscriptRecorder(TranscriptListener.NONE, 3, 1_000_000, typical);
        for (int i = 0; i < 10; i++) {
            small.sent("NOOP " + i);
        }
        assertThat(small.snapshot().sent()).as("never more than the limit, whatever the client's sessions needed")
                .hasSizeLessThanOrEqualTo(3).endsWith("NOOP 9");
    }

    @Test
    void anAsciiContentLineGivenAsARangeIsRecordedAsContent() {
        byte[] chunk = "Subject: hi\u0000From: a@b.test".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var told = new ArrayList<TranscriptEntry>();
        var recorder = new TranscriptRecorder(told::add, 3, 100_000);
        recorder.contentAscii(chunk, 0, 11);
        recorder.contentAscii(chunk, 12, 14);
        recorder.sent(".");

        var entries = recorder.snapshot().entries();
        assertThat(entries).extracting(TranscriptEntry::line).containsExactly("Subject: hi", "From: a@b.test", ".");
        assertThat(entries).extracting(TranscriptEntry::byteLength).containsExactly(11, 14, 1);
        assertThat(entries.get(0).direction()).isEqualTo(Direction.SENT);
        assertThat(told).containsExactlyElementsOf(entries);
        assertThatThrownBy(() -> recorder.contentAscii(chunk, 20, 30)).isInstanceOf(IndexOutOfBoundsException.class);

        recorder.sent("QUIT");
        assertThat(recorder.snapshot().sent()).as("content goes first when over the limit")
                .containsExactly("From: a@b.test", ".", "QUIT");
        assertThat(recorder.snapshot().entries().get(0).line()).contains("dropped the oldest 1 message-content lines (11 bytes)");
    }

    @Test
    void anAsciiContentRangeIsRedactedLikeAnyLine() {
        byte[] chunk = "password=hunter2hunter2".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        var recorder = new TranscriptRecorder(TranscriptListener.NONE);
        recorder.secret("hunter2hunter2");
        recorder.contentAscii(chunk, 0, chunk.length);
        assertThat(recorder.snapshot().sent()).containsExactly("password=<redacted>");
    }
}
