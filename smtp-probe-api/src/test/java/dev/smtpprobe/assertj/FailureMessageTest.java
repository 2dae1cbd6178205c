package dev.smtpprobe.assertj;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FailureMessageTest {

    private static final Transcript TRANSCRIPT = new Transcript(List.of(
            new TranscriptEntry(Instant.EPOCH, Direction.RECEIVED, "220 mx.contoso.test ESMTP", false),
            new TranscriptEntry(Instant.EPOCH, Direction.SENT, "RCPT TO:<x@elsewhere.test>", false),
            new TranscriptEntry(Instant.EPOCH, Direction.RECEIVED, "250 2.1.5 Recipient OK", false)));

    @Test
    void showsTheExpectationTheReplyExplainedAndTheTranscript() {
        String text = FailureMessage.expecting("the reply to RCPT TO:<x@elsewhere.test>", "to be a permanent failure")
                .butReply(Reply.of(250, "2.1.5 Recipient OK"))
                .inSession(TRANSCRIPT)
                .text();

        assertThat(text).isEqualTo(String.join("\n",
                "Expecting the reply to RCPT TO:<x@elsewhere.test>",
                "  to be a permanent failure",
                "but the server answered:",
                "  250 2.1.5 Recipient OK",
                "  code 250: positive completion (2yz)",
                "  enhanced status 2.1.5: Success: Destination address valid",
                "Session transcript:",
                "<-  220 mx.contoso.test ESMTP",
                " -> RCPT TO:<x@elsewhere.test>",
                "<-  250 2.1.5 Recipient OK"));
    }

    @Test
    void showsEveryLineOfAMultiLineReplyAndSaysWhenThereIsNoEnhancedStatus() {
        String text = FailureMessage.expecting("the reply to EHLO", "to be positive")
                .butReply(Reply.of(421, "mx.contoso.test Service not available", "closing transmission channel"))
                .text();

        assertThat(text).isEqualTo(String.join("\n",
                "Expecting the reply to EHLO",
                "  to be positive",
                "but the server answered:",
                "  421-mx.contoso.test Service not available",
                "  421 closing transmission channel",
                "  code 421: transient negative completion (4yz), may succeed if tried again",
                "  enhanced status: none (no RFC 3463 code at the start of the text)"));
    }

    @Test
    void namesTheQueueIdOfAPositiveReply() {
        assertThat(ReplyExplanation.of(Reply.of(250, "2.0.0 Ok: queued as 4F2B91C0A3"))).contains("queue id: 4F2B91C0A3");
    }

    @Test
    void saysSoWhenTheTranscriptIsEmptyAndLeavesItOutWhenUnknown() {
        var message = FailureMessage.expecting("the session transcript", "to have used TLS").but("no line did.", List.of());

        assertThat(message.inSession(Transcript.EMPTY).text()).endsWith("Session transcript: (no line recorded)");
        assertThat(message.text()).isEqualTo("Expecting the session transcript\n  to have used TLS\nbut no line did.");
    }
}
