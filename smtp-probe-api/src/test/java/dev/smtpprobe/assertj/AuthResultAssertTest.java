package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.AuthResult;
import dev.smtpprobe.ScriptedSmtp;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SaslMechanism;
import dev.smtpprobe.ServerProof;
import java.util.Optional;
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
                .hasMessageStartingWith("Expecting the reply to AUTH PLAIN <redacted>\n"
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

    /** A mechanism with a server proof that reports {@code proof}, answered by {@code reply}. */
    private static AuthResult withProof(ServerProof proof, String reply) {
        SaslMechanism mechanism = new SaslMechanism() {
            @Override
            public String name() {
                return "X-MUTUAL";
            }

            @Override
            public boolean revealsSecret() {
                return false;
            }

            @Override
            public Optional<byte[]> initialResponse() {
                return Optional.of(new byte[] {'x'});
            }

            @Override
            public Optional<byte[]> respond(byte[] challenge) {
                return Optional.empty();
            }

            @Override
            public ServerProof serverProof() {
                return proof;
            }
        };
        var options = ProbeOptions.builder().allowPlaintextAuthentication(true).build();
        return ScriptedSmtp.connect(options, Conversations.GREETING, Conversations.EHLO, reply).ehlo("probe.example.test")
                .auth(mechanism);
    }

    @Test
    void isServerVerifiedPassesOnlyWhenTheServerProvedItKnowsThePassword() {
        assertThat(withProof(ServerProof.VERIFIED, "235 2.7.0 OK")).isServerVerified().hasServerProof(ServerProof.VERIFIED);
        assertThat(Conversations.auth("235 2.7.0 OK")).as("PLAIN has no proof to check").isServerVerified()
                .hasServerProof(ServerProof.NOT_APPLICABLE);
    }

    @Test
    void isServerVerifiedFailsOnA235WithoutTheServersProof() {
        assertThatThrownBy(() -> assertThat(withProof(ServerProof.NOT_SENT, "235 2.7.0 OK")).isServerVerified())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the AUTH exchange\n  to be accepted (235) by a server that proved it"
                        + " knows the password (RFC 5802 §9)\nbut the server sent no proof (no SCRAM v=) before its final"
                        + " reply; server proof NOT_SENT, final reply:\n  235 2.7.0 OK")
                .hasMessageContaining("Session transcript:");
        assertThatThrownBy(() -> assertThat(withProof(ServerProof.MISMATCHED, "235 2.7.0 OK")).isServerVerified())
                .hasMessageContaining("the server's proof (SCRAM v=) did not match");
        assertThatThrownBy(() -> assertThat(withProof(ServerProof.VERIFIED, "535 5.7.8 no")).isServerVerified())
                .hasMessageContaining("the server did not accept the credentials");
    }

    @Test
    void hasServerProofNamesBothValues() {
        assertThatThrownBy(() -> assertThat(withProof(ServerProof.NOT_SENT, "235 2.7.0 OK")).hasServerProof(ServerProof.VERIFIED))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have the server proof VERIFIED")
                .hasMessageContaining("but it has NOT_SENT");
    }

    @Test
    void isCancelledBecauseSaysWhyItWasNot() {
        assertThatThrownBy(() -> assertThat(Conversations.auth("235 2.7.0 OK"))
                .isCancelledBecause(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to have been cancelled by the client (*) because of ITERATION_COUNT_OVER_LIMIT")
                .hasMessageContaining("but it was not cancelled; the server answered:\n  235 2.7.0 OK");
    }
}
