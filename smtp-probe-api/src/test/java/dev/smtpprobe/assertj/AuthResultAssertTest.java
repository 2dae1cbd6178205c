package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AuthResultAssertTest {

    @Test
    void isSuccessPassesOn235() {
        assertThat(Conversations.auth("235 2.7.0 Authentication successful")).isSuccess().hasMechanism("plain")
                .hasEnhancedStatus("2.7.0");
    }

    @Test
    void isSuccessFailsOnBadCredentialsShowingTheReplyAndTheRedactedTranscript() {
        assertThatThrownBy(() -> assertThat(Conversations.auth("535 5.7.8 Error: authentication failed")).isSuccess())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the final reply to AUTH PLAIN\n"
                        + "  to be 235 (authentication succeeded, RFC 4954 §6)")
                .hasMessageContaining("535 5.7.8 Error: authentication failed")
                .hasMessageContaining("enhanced status 5.7.8: Permanent Failure: Authentication credentials invalid")
                .hasMessageContaining(" -> AUTH PLAIN <redacted>")
                .message().doesNotContain("s3cret-passw0rd");
    }

    @Test
    void aFailedAuthIsAReplyToCheck() {
        assertThat(Conversations.auth("535 5.7.8 Error: authentication failed")).isPermanentFailure()
                .hasEnhancedStatus("5.7.8");
    }

    @Test
    void hasMechanismComparesTheName() {
        assertThatThrownBy(() -> assertThat(Conversations.auth("235 2.7.0 OK")).hasMechanism("LOGIN"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the AUTH exchange\n  to use the mechanism LOGIN")
                .hasMessageContaining("but it used PLAIN");
    }

    @Test
    void isCancelledFailsWhenTheExchangeRanToItsEnd() {
        assertThatThrownBy(() -> assertThat(Conversations.auth("235 2.7.0 OK")).isCancelled())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the AUTH exchange\n  to have been cancelled by the client (*)")
                .hasMessageContaining("235 2.7.0 OK");
    }
}
