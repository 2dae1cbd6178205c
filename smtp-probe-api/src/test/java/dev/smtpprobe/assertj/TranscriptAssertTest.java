package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Transcript;
import org.junit.jupiter.api.Test;

class TranscriptAssertTest {

    private final Transcript relay = Conversations.relayAttempt().transcript();

    @Test
    void hasSentMatchesWholeLinesOnly() {
        assertThat(relay).hasSent("MAIL FROM:<probe@example.test>");

        assertThatThrownBy(() -> assertThat(relay).hasSent("MAIL FROM:<probe@example.test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the session transcript\n  to have sent the line \"MAIL FROM:<probe@example.test\"")
                .hasMessageContaining("but no line sent is exactly that.\nSession transcript:\n")
                .hasMessageContaining(" -> MAIL FROM:<probe@example.test>");
    }

    @Test
    void hasSentLineContainingLooksForAPart() {
        assertThat(relay).hasSentLineContaining("elsewhere.test");

        assertThatThrownBy(() -> assertThat(relay).hasSentLineContaining("BDAT"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have sent a line containing \"BDAT\"")
                .hasMessageContaining("<-  550 5.7.1 Unable to relay");
    }

    @Test
    void hasSentDoesNotLookAtReceivedLines() {
        assertThatThrownBy(() -> assertThat(relay).hasSent("250 2.1.0 Sender OK")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> assertThat(relay).hasReceived("RCPT TO:<x@elsewhere.test>"))
                .isInstanceOf(AssertionError.class);
    }

    @Test
    void hasNotSentFailsWhenTheLineWasSent() {
        assertThat(relay).hasNotSent("DATA");

        assertThatThrownBy(() -> assertThat(relay).hasNotSent("EHLO probe.example.test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not to have sent the line \"EHLO probe.example.test\"")
                .hasMessageContaining("but it was sent.");
    }

    @Test
    void hasReceivedMatchesWholeLinesWithTheirCode() {
        assertThat(relay).hasReceived("550 5.7.1 Unable to relay").hasReceived("250-SIZE 10240000");

        assertThatThrownBy(() -> assertThat(relay).hasReceived("5.7.1 Unable to relay"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have received the line \"5.7.1 Unable to relay\"")
                .hasMessageContaining("but no line received is exactly that.");
    }

    @Test
    void hasReceivedLineContainingLooksForAPart() {
        assertThat(relay).hasReceivedLineContaining("Unable to relay");

        assertThatThrownBy(() -> assertThat(relay).hasReceivedLineContaining("queued as"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have received a line containing \"queued as\"");
    }

    @Test
    void sentInOrderAllowsLinesBetweenButNotAnotherOrder() {
        assertThat(relay).sentInOrder("EHLO probe.example.test", "RCPT TO:<x@elsewhere.test>");

        assertThatThrownBy(() -> assertThat(relay).sentInOrder("RCPT TO:<x@elsewhere.test>", "MAIL FROM:<probe@example.test>"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have sent, in this order, \"RCPT TO:<x@elsewhere.test>\", \"MAIL FROM:<probe@example.test>\"")
                .hasMessageContaining("but \"MAIL FROM:<probe@example.test>\" was not sent after \"RCPT TO:<x@elsewhere.test>\".");
        assertThatThrownBy(() -> assertThat(relay).sentInOrder("HELO probe.example.test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but \"HELO probe.example.test\" was not sent.");
    }

    @Test
    void doesNotContainChecksEveryLineForTheSecret() {
        var auth = Conversations.auth("235 2.7.0 Authentication successful").transcript();
        assertThat(auth).doesNotContain("s3cret-passw0rd", "AHByb2JlAHMzY3JldC1wYXNzdzByZA==");

        assertThatThrownBy(() -> assertThat(auth).doesNotContain("s3cret-passw0rd", "Authentication successful"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not to contain secret #2 of 2 (25 characters, not shown)")
                .hasMessageContaining("but these lines contain it (shown as <secret #2>):\n  <-  235 2.7.0 <secret #2>\n"
                        + "Session transcript:");
    }

    @Test
    void aFailingDoesNotContainNeverPrintsTheSecretItFound() {
        var transcript = new Transcript(java.util.List.of(
                new dev.smtpprobe.TranscriptEntry(java.time.Instant.now(), dev.smtpprobe.Direction.SENT, "AUTH PLAIN <redacted>", false),
                new dev.smtpprobe.TranscriptEntry(java.time.Instant.now(), dev.smtpprobe.Direction.RECEIVED,
                        "500 5.5.1 Command unrecognized: \"hunter2-leaked\"", false)));
        assertThatThrownBy(() -> assertThat(transcript).doesNotContain("hunter2-leaked"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("<-  500 5.5.1 Command unrecognized: \"<secret #1>\"")
                .message().doesNotContain("hunter2-leaked");
    }

    @Test
    void usedTlsAndNeverUsedTlsLookAtTheTlsMarker() {
        var session = Conversations.session(Conversations.EHLO, "220 2.0.0 Ready to start TLS", Conversations.EHLO);
        session.ehlo("probe.example.test").startTls().ehlo("probe.example.test");

        assertThat(session.transcript()).usedTls();
        assertThat(relay).neverUsedTls();
        assertThatThrownBy(() -> assertThat(relay).usedTls())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have used TLS (lines marked ~)")
                .hasMessageContaining("but no line travelled inside TLS.");
        assertThatThrownBy(() -> assertThat(session.transcript()).neverUsedTls())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("never to have used TLS")
                .hasMessageContaining(" ~> EHLO probe.example.test");
    }
}
