package dev.smtpprobe.assertj;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.smtpprobe.Transaction;
import java.util.List;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.platform.testkit.engine.EngineTestKit;

class SmtpSoftAssertionsTest {

    private final Transaction tx = Conversations.relayAttempt();

    @Test
    void assertSoftlyCollectsEveryFailureAndReportsThemTogether() {
        assertThatThrownBy(() -> SmtpSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(tx.session()).hasGreetingHost("mail.contoso.test");
            softly.assertThat(tx).isPositive();
            softly.assertThat(tx.hello()).capabilities().supportsChunking();
            softly.assertThat(tx.transcript()).hasSent("DATA");
            softly.assertThat(tx).hasAcceptedRecipients(Conversations.LOCAL); // passes
        }))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Multiple Failures (4 failures)")
                .hasMessageContaining("to name the host mail.contoso.test")
                .hasMessageContaining("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive")
                .hasMessageContaining("to list CHUNKING (RFC 3030)")
                .hasMessageContaining("to have sent the line \"DATA\"")
                .hasMessageContaining("<-  550 5.7.1 Unable to relay");
    }

    @Test
    void aFailedCheckDoesNotStopTheChain() {
        var softly = new SmtpSoftAssertions();

        softly.assertThat(tx).isPositive().hasEnhancedStatus("5.1.1").isPermanentFailure().hasCode(250);

        assertThat(softly.errorsCollected()).hasSize(3).allSatisfy(e -> assertThat(e)
                .hasMessageStartingWith("Expecting the reply to RCPT TO:<x@elsewhere.test>")
                .hasMessageContaining("Session transcript:"));
    }

    @Test
    void checksReachedThroughANavigationAreSoftToo() {
        var softly = new SmtpSoftAssertions();

        softly.assertThat(tx).recipient(Conversations.LOCAL).isPermanentFailure();
        softly.assertThat(tx).mailReply().isTransientFailure();
        softly.assertThat(tx.session()).greeting().hasCode(554);
        softly.assertThat(tx.hello()).capabilities().offersAuth("CRAM-MD5").supportsDsn();
        softly.assertThat(tx).transcript().usedTls();

        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith("Expecting the reply to RCPT TO:<postmaster@contoso.test>"),
                m -> assertThat(m).startsWith("Expecting the reply to MAIL FROM"),
                m -> assertThat(m).startsWith("Expecting the greeting\n  to have the code 554"),
                m -> assertThat(m).contains("to offer AUTH CRAM-MD5"),
                m -> assertThat(m).contains("to list DSN"),
                m -> assertThat(m).contains("to have used TLS"));
    }

    @Test
    void aMissingRecipientIsReportedOnceAndTheChainGoesOn() {
        var softly = new SmtpSoftAssertions();

        softly.assertThat(tx).recipient("nobody@contoso.test").isPositive().hasEnhancedStatus("2.1.5");
        softly.assertThat(tx).isPositive();

        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).contains("to have sent RCPT TO:<nobody@contoso.test>"),
                m -> assertThat(m).startsWith("Expecting the reply to RCPT TO:<x@elsewhere.test>"));
    }

    @Test
    void theOtherEntryPointsAreSoft() {
        var softly = new SmtpSoftAssertions();

        softly.assertThat(tx.reply()).isPositive();
        softly.assertThat(tx.recipients().get(0)).isPermanentFailure();
        softly.assertThat(Conversations.queued()).isQueued().hasQueueId("nope");
        softly.assertThat(Conversations.auth("535 5.7.8 Error: authentication failed")).isSuccess();
        softly.assertThat(Conversations.session("250 2.0.0 Ok").rset()).isFailure();
        softly.assertThat(tx.hello().capabilities()).supportsChunking();

        assertThat(softly.errorsCollected()).extracting(Throwable::getMessage).satisfiesExactly(
                m -> assertThat(m).startsWith("Expecting the reply\n  to be positive"),
                m -> assertThat(m).startsWith("Expecting the reply to RCPT TO:<postmaster@contoso.test>"),
                m -> assertThat(m).contains("to name the queue id nope"),
                m -> assertThat(m).contains("to be 235 (authentication succeeded"),
                m -> assertThat(m).startsWith("Expecting the reply to RSET"),
                m -> assertThat(m).contains("to list CHUNKING"));
    }

    @Test
    void standardAssertJSoftAssertionsWorkAlongside() {
        var softly = new SmtpSoftAssertions();

        softly.assertThat(tx.acceptedRecipients()).containsExactly(Conversations.LOCAL, Conversations.FOREIGN);
        softly.assertThat(tx).hasRejectedRecipient(Conversations.FOREIGN);

        assertThat(softly.errorsCollected()).singleElement()
                .satisfies(e -> assertThat(e).hasMessageContaining("to contain exactly (and in same order)"));
    }

    @Test
    void nothingIsReportedWhenEveryCheckPasses() {
        SmtpSoftAssertions.assertSoftly(softly -> {
            softly.assertThat(tx).isPermanentFailure().hasEnhancedStatus("5.7.1");
            softly.assertThat(tx).recipient(Conversations.LOCAL).isPositive();
            softly.assertThat(tx.hello()).capabilities().supportsStartTls();
        });
        SoftAssertionsProvider.assertSoftly(SmtpSoftAssertions.class, softly -> softly.assertThat(tx).hasCode(550));
    }

    @Test
    void junitSoftAssertionsExtensionInjectsThemAndFailsTheTestWithEveryFailure() {
        InjectedSoftAssertions.runByTheTestKit = true;
        try {
            var results = EngineTestKit.engine("junit-jupiter").selectors(selectClass(InjectedSoftAssertions.class))
                    .execute().testEvents();

            results.assertStatistics(stats -> stats.started(1).failed(1));
            Throwable failure = results.failed().list().get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class)
                    .flatMap(org.junit.platform.engine.TestExecutionResult::getThrowable).orElseThrow();
            assertThat(failure).hasMessageContaining("Multiple Failures (2 failures)")
                    .hasMessageContaining("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive")
                    .hasMessageContaining("to list CHUNKING");
        } finally {
            InjectedSoftAssertions.runByTheTestKit = false;
        }
    }

    /** Run only by the test above through the JUnit test kit; skipped when a runner finds it on its own. */
    @ExtendWith(SoftAssertionsExtension.class)
    static class InjectedSoftAssertions {

        static volatile boolean runByTheTestKit;

        @InjectSoftAssertions
        SmtpSoftAssertions softly;

        @BeforeEach
        void onlyInTheTestKit() {
            Assumptions.assumeTrue(runByTheTestKit, "run by SmtpSoftAssertionsTest through the JUnit test kit");
        }

        @Test
        void twoFailures() {
            Transaction tx = Conversations.relayAttempt();
            softly.assertThat(tx).isPositive();
            softly.assertThat(tx.hello()).capabilities().supportsChunking();
            softly.assertThat(tx).hasRejectedRecipient(Conversations.FOREIGN);
            assertThat(List.of(softly.errorsCollected().size())).containsExactly(2);
        }
    }
}
