package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.Conversations.FOREIGN;
import static dev.smtpprobe.assertj.Conversations.LOCAL;
import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Transaction;
import org.junit.jupiter.api.Test;

class TransactionAssertTest {

    private final Transaction tx = Conversations.relayAttempt();

    @Test
    void theReplyChecksApplyToTheLastRcpt() {
        assertThat(tx).isPermanentFailure().hasCode(550).hasEnhancedStatus("5.7.1").textContains("relay");
    }

    @Test
    void aFailedReplyCheckNamesTheRcptShowsTheReplyAndTheWholeTranscript() {
        assertThatThrownBy(() -> assertThat(tx).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive")
                .hasMessageContaining("but the server answered:\n  550 5.7.1 Unable to relay")
                .hasMessageContaining("enhanced status 5.7.1: Permanent Failure: Delivery not authorized, message refused")
                .hasMessageContaining("Session transcript:\n=== Trying mx.contoso.test:25...")
                .hasMessageContaining(" -> MAIL FROM:<probe@example.test>\n<-  250 2.1.0 Sender OK")
                .hasMessageContaining(" -> RCPT TO:<x@elsewhere.test>\n<-  550 5.7.1 Unable to relay");
    }

    @Test
    void beforeAnyRcptTheChecksApplyToTheMailReply() {
        var mail = Conversations.session(Conversations.EHLO, "451 4.3.0 Temporary lookup failure")
                .ehlo("probe.example.test").mailFrom("probe@example.test");

        assertThat(mail).isTransientFailure();
        assertThatThrownBy(() -> assertThat(mail).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to MAIL FROM:<probe@example.test>\n")
                .hasMessageContaining("451 4.3.0 Temporary lookup failure");
    }

    @Test
    void theReplyChecksWorkInOneChainWithTheSteps() {
        var hello = Conversations.session(Conversations.EHLO, Conversations.SENDER_OK, Conversations.RELAY_DENIED)
                .ehlo("probe.example.test");

        assertThat(hello.mailFrom("a@x.test").rcptTo(FOREIGN)).isPermanentFailure().hasEnhancedStatus("5.7.1");
    }

    @Test
    void mailReplyChecksTheReplyToMailFrom() {
        assertThat(tx).mailReply().isPositive().hasEnhancedStatus("2.1.0");

        assertThatThrownBy(() -> assertThat(tx).mailReply().isPermanentFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to MAIL FROM:<probe@example.test>\n  to be a permanent failure")
                .hasMessageContaining("250 2.1.0 Sender OK")
                .hasMessageContaining("<-  550 5.7.1 Unable to relay");
    }

    @Test
    void recipientChecksTheReplyToThatRcpt() {
        assertThat(tx).recipient(LOCAL).isPositive().hasEnhancedStatus("2.1.5");
        assertThat(tx).recipient(FOREIGN).isPermanentFailure().hasEnhancedStatus("5.7.1");

        assertThatThrownBy(() -> assertThat(tx).recipient(LOCAL).isPermanentFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to RCPT TO:<postmaster@contoso.test>\n")
                .hasMessageContaining("250 2.1.5 Recipient OK")
                .hasMessageContaining(" -> RCPT TO:<postmaster@contoso.test>");
    }

    @Test
    void recipientFailsAtOnceForAnAddressNeverSent() {
        assertThatThrownBy(() -> assertThat(tx).recipient("nobody@contoso.test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the transaction\n  to have sent RCPT TO:<nobody@contoso.test>")
                .hasMessageContaining("but the recipients were:\n  RCPT TO:<postmaster@contoso.test> -> 250 2.1.5 Recipient OK")
                .hasMessageContaining("  RCPT TO:<x@elsewhere.test> -> 550 5.7.1 Unable to relay (enhanced status 5.7.1: ")
                .hasMessageContaining("Session transcript:");
    }

    @Test
    void aDescriptionIsCarriedToTheReplyReachedFromTheTransaction() {
        assertThatThrownBy(() -> assertThat(tx).as("relay check").recipient(LOCAL).isPermanentFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[relay check] Expecting the reply to RCPT TO:<postmaster@contoso.test>");
    }

    @Test
    void hasAcceptedRecipientsNeedsEveryOneAccepted() {
        assertThat(tx).hasAcceptedRecipients(LOCAL);

        assertThatThrownBy(() -> assertThat(tx).hasAcceptedRecipients(LOCAL, FOREIGN, "nobody@contoso.test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the transaction's recipients\n  to have accepted (2yz) "
                        + "postmaster@contoso.test, x@elsewhere.test, nobody@contoso.test")
                .hasMessageContaining("but for x@elsewhere.test, nobody@contoso.test the server answered:")
                .hasMessageContaining("RCPT TO:<x@elsewhere.test> -> 550 5.7.1 Unable to relay")
                .hasMessageContaining("<-  550 5.7.1 Unable to relay");
    }

    @Test
    void hasRejectedRecipientNeedsA4yzOr5yz() {
        assertThat(tx).hasRejectedRecipient(FOREIGN);

        assertThatThrownBy(() -> assertThat(tx).hasRejectedRecipient(LOCAL))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have refused (4yz or 5yz) postmaster@contoso.test")
                .hasMessageContaining("RCPT TO:<postmaster@contoso.test> -> 250 2.1.5 Recipient OK");
    }

    @Test
    void theLastReplyForAnAddressSentTwiceCounts() {
        var retried = Conversations.session(Conversations.EHLO, Conversations.SENDER_OK, "450 4.7.1 Greylisted",
                Conversations.RECIPIENT_OK).ehlo("probe.example.test").mailFrom("a@x.test").rcptTo(LOCAL).rcptTo(LOCAL);

        assertThat(retried).hasAcceptedRecipients(LOCAL).recipient(LOCAL).isPositive();
    }

    @Test
    void transcriptChecksTheConversation() {
        assertThat(tx).transcript().sentInOrder("EHLO probe.example.test", "MAIL FROM:<probe@example.test>",
                "RCPT TO:<x@elsewhere.test>").hasNotSent("DATA");

        assertThatThrownBy(() -> assertThat(tx).transcript().hasSent("DATA"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have sent the line \"DATA\"")
                .hasMessageContaining("<-  550 5.7.1 Unable to relay");
    }
}
