package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.DataResult;
import org.junit.jupiter.api.Test;

class DataResultAssertTest {

    private static DataResult refusedContent() {
        return Conversations.session(Conversations.EHLO, Conversations.SENDER_OK, Conversations.RECIPIENT_OK,
                Conversations.START_INPUT, "554 5.7.1 Message rejected as spam").ehlo("probe.example.test")
                .mailFrom("probe@example.test").rcptTo(Conversations.LOCAL).data("Subject: buy now\r\n\r\nspam\r\n");
    }

    private static DataResult refusedData() {
        return Conversations.session(Conversations.EHLO, Conversations.SENDER_OK, Conversations.RELAY_DENIED,
                "554 5.5.1 Error: no valid recipients").ehlo("probe.example.test")
                .mailFrom("probe@example.test").rcptTo(Conversations.FOREIGN).data("Subject: t\r\n\r\nx\r\n");
    }

    @Test
    void isQueuedAndHasQueueIdPassForAnAcceptedMessage() {
        assertThat(Conversations.queued()).isQueued().isPositive().hasQueueId().hasQueueId("4F2B91C0A3")
                .hasEnhancedStatus("2.0.0");
    }

    @Test
    void isQueuedFailsForARefusedMessageShowingTheRefusal() {
        assertThatThrownBy(() -> assertThat(refusedContent()).isQueued())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the message\n  to be accepted for delivery (2yz after the content)")
                .hasMessageContaining("554 5.7.1 Message rejected as spam")
                .hasMessageContaining(" -> Subject: buy now\n")
                .hasMessageContaining(" -> .\n<-  554 5.7.1 Message rejected as spam");
    }

    @Test
    void hasQueueIdFailsNamingTheReplyToTheContent() {
        assertThatThrownBy(() -> assertThat(refusedContent()).hasQueueId())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to the message (after DATA and the final dot)\n"
                        + "  to name a queue id");
    }

    @Test
    void aRefusedDataIsTheFinalWord() {
        assertThat(refusedData()).isPermanentFailure().hasEnhancedStatus("5.5.1").dataReply().hasCode(554);

        assertThatThrownBy(() -> assertThat(refusedData()).isQueued())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("554 5.5.1 Error: no valid recipients");
        assertThatThrownBy(() -> assertThat(refusedData()).hasQueueId())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to DATA\n");
    }

    @Test
    void dataReplyChecksThe354() {
        assertThat(Conversations.queued()).dataReply().isIntermediate().hasCode(354);

        assertThatThrownBy(() -> assertThat(Conversations.queued()).dataReply().isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to DATA\n  to be positive")
                .hasMessageContaining("354 End data with <CR><LF>.<CR><LF>")
                .hasMessageContaining(" -> DATA\n<-  354 End data");
    }
}
