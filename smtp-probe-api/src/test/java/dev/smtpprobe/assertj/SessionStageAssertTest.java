package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.SessionStage;
import org.junit.jupiter.api.Test;

class SessionStageAssertTest {

    @Test
    void aCommandResultIsCheckedOnItsReplyAndNamedAfterTheCommand() {
        var vrfy = Conversations.session(Conversations.EHLO, "252 2.0.0 Cannot VRFY user").ehlo("probe.example.test")
                .vrfy("postmaster");

        assertThat(vrfy).hasCode(252).hasEnhancedStatus("2.0.0");
        assertThatThrownBy(() -> assertThat(vrfy).isPermanentFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to VRFY postmaster\n  to be a permanent failure")
                .hasMessageContaining("252 2.0.0 Cannot VRFY user")
                .hasMessageContaining(" -> VRFY postmaster");
    }

    @Test
    void tlsStartedIsCheckedOnTheReplyToStartTls() {
        var started = Conversations.session(Conversations.EHLO, "220 2.0.0 Ready to start TLS").ehlo("probe.example.test")
                .startTls();

        assertThat(started).hasCode(220).transcript().usedTls();
        assertThatThrownBy(() -> assertThat(started).hasEnhancedStatus("2.7.0"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to STARTTLS\n")
                .hasMessageContaining("<-  220 2.0.0 Ready to start TLS");
    }

    @Test
    void anyStageSeenAsSessionStageGetsTheSameChecks() {
        SessionStage stage = Conversations.relayAttempt();

        assertThat(stage).isPermanentFailure().hasEnhancedStatus("5.7.1");
        assertThatThrownBy(() -> assertThat(stage).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to RCPT TO:<x@elsewhere.test>\n");
    }

    @Test
    void aNullStageFailsEveryCheck() {
        assertThatThrownBy(() -> assertThat((SessionStage) null).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting actual not to be null");
    }
}
