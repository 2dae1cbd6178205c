package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transaction;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExchangeAssertTest {

    private final Transaction tx = Conversations.relayAttempt();

    @Test
    void aStageAssertionReachesTheSessionsExchangeOfAStep() {
        assertThat(tx).exchange(Step.MAIL).isPositive().hasEnhancedStatus("2.1.0").hasCommand("MAIL FROM:<probe@example.test>");
        assertThat(tx.session()).exchange(Step.EHLO).isPositive().textContains("PIPELINING").wasInPlaintext();
        assertThat(tx.session()).exchange(Step.GREETING).hasCode(220);
    }

    @Test
    void theFailureNamesTheCommandTheReplyAnswered() {
        assertThatThrownBy(() -> assertThat(tx.session()).exchange(Step.RCPT).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive")
                .hasMessageContaining("550 5.7.1 Unable to relay")
                .hasMessageContaining("Session transcript:\n=== Trying mx.contoso.test:25...");
    }

    @Test
    void anExchangeIsPickedByTheStartOfItsCommandIgnoringCase() {
        assertThat(tx).exchange("rcpt to:<" + Conversations.LOCAL + ">").isPositive().hasEnhancedStatus("2.1.5");
        assertThat(tx).exchange("RCPT TO:<" + Conversations.FOREIGN).isPermanentFailure();
    }

    @Test
    void aMissingExchangeFailsListingTheExchangesThereWere() {
        assertThatThrownBy(() -> assertThat(tx).exchange(Step.DATA))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the session\n  to have an exchange of step DATA\nbut its exchanges were:")
                .hasMessageContaining(" -> RCPT TO:<x@elsewhere.test>  <- 550 5.7.1 Unable to relay");
    }

    @Test
    void softlyAMissingExchangeIsReportedOnceAndTheChainGoesOn() {
        assertThatThrownBy(() -> SmtpSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(tx).exchange("DATA").isPositive().hasCode(354);
            softly.assertThat(tx).exchange(Step.RCPT).isPositive();
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (2 failures)")
                .hasMessageContaining("to have an exchange whose command starts with \"DATA\"")
                .hasMessageContaining("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive");
    }

    @Test
    void aTranscriptCarriesItsExchangesToAssertOn() {
        assertThat(tx.transcript()).exchange(Step.RCPT).isPermanentFailure().hasEnhancedStatus("5.7.1");
        assertThatThrownBy(() -> assertThat(tx.transcript()).exchange(Step.QUIT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have an exchange of step QUIT");
    }

    @Test
    void stageChecksNameTheStagesOwnCommand() {
        var data = Conversations.queued();
        assertThatThrownBy(() -> assertThat(data).isPermanentFailure())
                .hasMessageStartingWith("Expecting the reply to the message (after DATA and the final dot)\n");
        assertThatThrownBy(() -> assertThat(data).dataReply().isPositive())
                .hasMessageStartingWith("Expecting the reply to DATA\n");
        assertThatThrownBy(() -> assertThat(data.session()).isPermanentFailure())
                .hasMessageStartingWith("Expecting the greeting\n");
    }

    @Test
    void tlsAndTimingChecksSayWhatTheyFound() {
        var exchange = new Exchange(Step.NOOP, "NOOP", Reply.of(250, "2.0.0 Ok"), 0, Duration.ofMillis(1500).toNanos(), false);

        assertThat(exchange).tookAtMost(Duration.ofSeconds(2)).wasInPlaintext().isPositive();
        assertThatThrownBy(() -> assertThat(exchange).tookAtMost(Duration.ofSeconds(1)))
                .hasMessageStartingWith("Expecting the reply to NOOP\n  to come within 1000 ms\nbut it took 1500 ms:");
        assertThatThrownBy(() -> assertThat(exchange).wasInTls())
                .hasMessageContaining("to have travelled inside TLS");
        assertThatThrownBy(() -> assertThat(exchange).hasCommand("RSET"))
                .hasMessageContaining("to answer the command \"RSET\"");
    }
}
