package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class ReplyAssertTest {

    private static final Reply RELAY_DENIED = Reply.of(550, "5.7.1 Unable to relay");
    private static final Reply RECIPIENT_OK = Reply.of(250, "2.1.5 Recipient OK");
    private static final Reply START_INPUT = Reply.of(354, "End data with <CR><LF>.<CR><LF>");
    private static final Reply GREYLISTED = Reply.of(450, "4.7.1 <x@contoso.test>: Recipient address rejected: Greylisted",
            "see https://contoso.test/greylisting");
    private static final Reply QUEUED = Reply.of(250, "2.0.0 Ok: queued as 4F2B91C0A3");

    @Test
    void hasCodePassesOnTheCodeAndFailsShowingExpectedAndActualReply() {
        assertThat(RELAY_DENIED).hasCode(550);

        assertThatThrownBy(() -> assertThat(RELAY_DENIED).hasCode(250))
                .isInstanceOf(AssertionFailedError.class)
                .hasMessageContaining("Expecting the reply\n  to have the code 250")
                .hasMessageContaining("but the server answered:\n  550 5.7.1 Unable to relay")
                .hasMessageContaining("code 550: permanent negative completion (5yz)")
                .hasMessageContaining("enhanced status 5.7.1: Permanent Failure: Delivery not authorized, message refused")
                .satisfies(e -> {
                    var failed = (AssertionFailedError) e;
                    org.assertj.core.api.Assertions.assertThat(failed.getExpected().getValue()).isEqualTo(250);
                    org.assertj.core.api.Assertions.assertThat(failed.getActual().getValue()).isEqualTo(550);
                });
    }

    @Test
    void isPositivePassesOn2yzOnly() {
        assertThat(RECIPIENT_OK).isPositive();

        assertThatThrownBy(() -> assertThat(RELAY_DENIED).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be positive (2yz: completed, RFC 5321 §4.2.1)")
                .hasMessageContaining("550 5.7.1 Unable to relay");
    }

    @Test
    void isIntermediatePassesOn3yzOnly() {
        assertThat(START_INPUT).isIntermediate();

        assertThatThrownBy(() -> assertThat(RECIPIENT_OK).isIntermediate())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be intermediate (3yz")
                .hasMessageContaining("250 2.1.5 Recipient OK")
                .hasMessageContaining("enhanced status 2.1.5: Success: Destination address valid");
    }

    @Test
    void isTransientFailurePassesOn4yzOnly() {
        assertThat(GREYLISTED).isTransientFailure();

        assertThatThrownBy(() -> assertThat(RELAY_DENIED).isTransientFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be a transient failure (4yz")
                .hasMessageContaining("550 5.7.1 Unable to relay");
    }

    @Test
    void isPermanentFailurePassesOn5yzOnly() {
        assertThat(RELAY_DENIED).isPermanentFailure();

        assertThatThrownBy(() -> assertThat(GREYLISTED).isPermanentFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be a permanent failure (5yz, RFC 5321 §4.2.1)")
                .hasMessageContaining("450-4.7.1 <x@contoso.test>: Recipient address rejected: Greylisted\n"
                        + "  450 see https://contoso.test/greylisting")
                .hasMessageContaining("code 450: transient negative completion (4yz), may succeed if tried again");
    }

    @Test
    void isFailurePassesOn4yzAnd5yz() {
        assertThat(GREYLISTED).isFailure();
        assertThat(RELAY_DENIED).isFailure();

        assertThatThrownBy(() -> assertThat(START_INPUT).isFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to be a failure (4yz or 5yz")
                .hasMessageContaining("354 End data with <CR><LF>.<CR><LF>")
                .hasMessageContaining("enhanced status: none");
    }

    @Test
    void hasEnhancedStatusComparesTheWholeCode() {
        assertThat(RELAY_DENIED).hasEnhancedStatus("5.7.1");

        assertThatThrownBy(() -> assertThat(RELAY_DENIED).hasEnhancedStatus("5.1.1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to carry the enhanced status code 5.1.1 (Permanent Failure: Bad destination mailbox address)")
                .hasMessageContaining("550 5.7.1 Unable to relay")
                .hasMessageContaining("enhanced status 5.7.1: Permanent Failure: Delivery not authorized, message refused");
    }

    @Test
    void hasEnhancedStatusWithXMatchesSubjectAndDetailInAnyClass() {
        assertThat(RELAY_DENIED).hasEnhancedStatus("X.7.1");
        assertThat(GREYLISTED).hasEnhancedStatus("x.7.1");

        assertThatThrownBy(() -> assertThat(RECIPIENT_OK).hasEnhancedStatus("X.7.1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to carry the enhanced status code X.7.1 (any class; Delivery not authorized, message refused)")
                .hasMessageContaining("250 2.1.5 Recipient OK");
    }

    @Test
    void hasEnhancedStatusFailsWhenTheServerSentNone() {
        assertThatThrownBy(() -> assertThat(Reply.of(550, "Unable to relay")).hasEnhancedStatus("5.7.1"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("550 Unable to relay")
                .hasMessageContaining("enhanced status: none (no RFC 3463 code at the start of the text)");
    }

    @Test
    void hasEnhancedStatusRefusesACodeWrittenWrongAsAMistakeInTheTest() {
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(RELAY_DENIED).hasEnhancedStatus("5.7"))
                .withMessageContaining("\"5.7.1\", or \"X.7.1\" for any class");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(RELAY_DENIED).hasEnhancedStatus("3.0.0"));
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(RELAY_DENIED).hasEnhancedStatus(null));
    }

    @Test
    void hasNoEnhancedStatusPassesOnlyWithoutOne() {
        assertThat(START_INPUT).hasNoEnhancedStatus();
        assertThat(Reply.of(550, "4.7.1 class does not match the code")).hasNoEnhancedStatus();

        assertThatThrownBy(() -> assertThat(RELAY_DENIED).hasNoEnhancedStatus())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to carry no enhanced status code")
                .hasMessageContaining("enhanced status 5.7.1: Permanent Failure");
    }

    @Test
    void hasEnhancedStatusClassComparesTheFirstNumber() {
        assertThat(GREYLISTED).hasEnhancedStatusClass(4);

        assertThatThrownBy(() -> assertThat(GREYLISTED).hasEnhancedStatusClass(5))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to carry an enhanced status code of class 5 (Permanent Failure)")
                .hasMessageContaining("enhanced status 4.7.1: Persistent Transient Failure");
        assertThatIllegalArgumentException().isThrownBy(() -> assertThat(GREYLISTED).hasEnhancedStatusClass(3));
    }

    @Test
    void hasEnhancedStatusSubjectComparesTheSecondNumber() {
        assertThat(RELAY_DENIED).hasEnhancedStatusSubject(7);
        assertThat(GREYLISTED).hasEnhancedStatusSubject(7);

        assertThatThrownBy(() -> assertThat(RECIPIENT_OK).hasEnhancedStatusSubject(7))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to carry an enhanced status code of subject 7 (Security or Policy Status)")
                .hasMessageContaining("250 2.1.5 Recipient OK");
        assertThatThrownBy(() -> assertThat(START_INPUT).hasEnhancedStatusSubject(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("enhanced status: none");
    }

    @Test
    void textContainsLooksAtEveryLine() {
        assertThat(GREYLISTED).textContains("Greylisted", "greylisting");

        assertThatThrownBy(() -> assertThat(GREYLISTED).textContains("Greylisted", "try again in 5 minutes"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a text containing [\"Greylisted\", \"try again in 5 minutes\"]")
                .hasMessageContaining("450 see https://contoso.test/greylisting");
    }

    @Test
    void textDoesNotContainFailsOnAnyOfTheValues() {
        var banner = Reply.of(220, "mx.contoso.test ESMTP Postfix (Debian/GNU)");
        assertThat(banner).textDoesNotContain("Exim", "Sendmail");

        assertThatThrownBy(() -> assertThat(banner).textDoesNotContain("Exim", "Debian"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a text containing none of [\"Exim\", \"Debian\"]")
                .hasMessageContaining("220 mx.contoso.test ESMTP Postfix (Debian/GNU)");
    }

    @Test
    void textMatchesTheWholeTextWhileTextContainsPatternFindsAPart() {
        assertThat(QUEUED).textMatches("2\\.0\\.0 Ok: queued as [0-9A-F]+");
        assertThat(QUEUED).textContainsPattern("queued as [0-9A-F]+");

        assertThatThrownBy(() -> assertThat(QUEUED).textMatches("queued as [0-9A-F]+"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a text matching the regular expression queued as [0-9A-F]+")
                .hasMessageContaining("250 2.0.0 Ok: queued as 4F2B91C0A3");
        assertThatThrownBy(() -> assertThat(QUEUED).textContainsPattern("InternalId=\\d+"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have a text containing a match for the regular expression InternalId=\\d+");
    }

    @Test
    void hasQueueIdFindsTheIdTheServerGave() {
        assertThat(QUEUED).hasQueueId().hasQueueId("4F2B91C0A3");

        assertThatThrownBy(() -> assertThat(RECIPIENT_OK).hasQueueId())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to name a queue id (the message was queued)")
                .hasMessageContaining("250 2.1.5 Recipient OK");
        assertThatThrownBy(() -> assertThat(QUEUED).hasQueueId("ABC"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to name the queue id ABC")
                .hasMessageContaining("queue id: 4F2B91C0A3");
    }

    @Test
    void inSessionAddsTheTranscriptToTheMessage() {
        var tx = Conversations.relayAttempt();
        Reply refused = tx.recipients().get(1).reply();

        assertThatThrownBy(() -> assertThat(refused).inSession(tx.transcript()).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("550 5.7.1 Unable to relay\n  code 550")
                .hasMessageContaining("Session transcript:\n=== Trying mx.contoso.test:25...")
                .hasMessageContaining(" -> RCPT TO:<x@elsewhere.test>\n<-  550 5.7.1 Unable to relay");
        assertThatThrownBy(() -> assertThat(refused).isPositive())
                .isInstanceOf(AssertionError.class)
                .message().doesNotContain("Session transcript");
    }

    @Test
    void aRecipientReplyIsNamedAfterItsAddress() {
        assertThat(new RecipientReply("x@elsewhere.test", RELAY_DENIED)).isPermanentFailure();

        assertThatThrownBy(() -> assertThat(new RecipientReply("x@elsewhere.test", RELAY_DENIED)).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive");
    }

    @Test
    void theDescriptionGivenWithAsPrefixesTheMessage() {
        assertThatThrownBy(() -> assertThat(RELAY_DENIED).as("relay check").isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("[relay check] Expecting the reply");
    }

    @Test
    void aNullReplyFailsEveryCheck() {
        assertThatThrownBy(() -> assertThat((Reply) null).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }
}
