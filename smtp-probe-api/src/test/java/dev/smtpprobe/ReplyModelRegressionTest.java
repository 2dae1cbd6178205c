package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import dev.smtpprobe.spi.TranscriptRecorder;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Regressions: each test failed before the fix of the bug it names (found by the API test pass). */
class ReplyModelRegressionTest {

    /** RFC 3463/2034: subject and detail are 1*3digit, so "5.01.1" is valid and parses, but message() cuts by toString(). */
    @Test
    void messageStripsAnEnhancedStatusWrittenWithLeadingZeros() {
        var reply = Reply.of(550, "5.01.1 Bad address");

        assertThat(reply.enhancedStatus()).contains(new EnhancedStatus(5, 1, 1));
        assertThat(reply.message()).isEqualTo("Bad address"); 
    }

    /** maxLineLength + 2 overflows for Integer.MAX_VALUE, so the "reply holds at least one line" check passes. */
    @Test
    void replyLimitsRefuseAReplyCapSmallerThanAHugeLineCap() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplyLimits(Integer.MAX_VALUE, 1, 100));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplyLimits(Integer.MAX_VALUE - 1, 1, 100));
    }

    /** String.format without a locale: under a German default locale the times read "1,500s", unlike swaks. */
    @Test
    void toStringWithTimesDoesNotDependOnTheDefaultLocale() {
        var transcript = new Transcript(List.of(
                new TranscriptEntry(Instant.EPOCH, Direction.RECEIVED, "220 hi", false),
                new TranscriptEntry(Instant.EPOCH.plusMillis(1500), Direction.SENT, "QUIT", false)));
        Locale saved = Locale.getDefault(Locale.Category.FORMAT);
        Locale.setDefault(Locale.Category.FORMAT, Locale.GERMANY);
        try {
            assertThat(transcript.toStringWithTimes()).isEqualTo("   0.000s <-  220 hi\n   1.500s  -> QUIT");
        } finally {
            Locale.setDefault(Locale.Category.FORMAT, saved);
        }
    }

    /** RFC 1870: size-param is [1*DIGIT]; Long.parseLong also takes a sign. */
    @Test
    void sizeWithASignIsNotANumberOfOctets() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "SIZE -1")).size()).isEmpty();
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "SIZE +1000")).size()).isEmpty();
    }

    /** Sendmail echoes the address in MAIL/RCPT replies; the unanchored Exim "id=" pattern reads it as a queue id. */
    @Test
    void addressContainingIdEqualsIsNotAQueueId() {
        assertThat(Reply.of(250, "2.1.5 <bob+id=7@example.test>... Recipient ok").queueId()).isEmpty();
        assertThat(Reply.of(250, "2.1.0 <list-id=42@example.test>... Sender ok").queueId()).isEmpty();
    }

    /** The server's own name is the first word of the greeting; a server that names itself by IP is not the client. */
    @Test
    void serversOwnAddressIsNotTakenForTheClientAddress() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "192.168.1.10", "PIPELINING")).clientAddress()).isEmpty();
        assertThat(Capabilities.fromEhlo(Reply.of(250, "[192.168.1.10] Hello [203.0.113.5]")).clientAddress())
                .contains("203.0.113.5");
    }

    /** TranscriptListener promises "in transcript order", but the recorder calls it after leaving its lock. */
    @Test
    void listenerSeesEntriesInTranscriptOrderAcrossThreads() throws Exception {
        var seen = Collections.synchronizedList(new ArrayList<String>());
        var secondDelivered = new CountDownLatch(1);
        var recorder = new TranscriptRecorder(entry -> {
            if (entry.line().equals("first")) {
                try {
                    secondDelivered.await(2, TimeUnit.SECONDS); // a listener that is merely slow
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            seen.add(entry.line());
            if (entry.line().equals("second")) {
                secondDelivered.countDown();
            }
        });
        var writer = new Thread(() -> recorder.sent("first"));
        writer.start();
        while (recorder.snapshot().isEmpty()) {
            Thread.onSpinWait();
        }
        recorder.received("second");
        writer.join();

        assertThat(recorder.snapshot().entries()).extracting(TranscriptEntry::line).containsExactly("first", "second");
        assertThat(seen).containsExactly("first", "second"); 
    }
}
