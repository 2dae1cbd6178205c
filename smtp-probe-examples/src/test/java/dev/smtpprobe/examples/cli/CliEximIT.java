package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.testing.EximInstance;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shaded jar against the real Exim of {@code scripts/exim-test.sh}: {@code --auth ntlmv1} (issue 14 item 6). */
class CliEximIT {

    private static final String USER = "probeuser";
    private static final String PASSWORD = "probepass";

    @BeforeAll
    static void eximIsRunning() {
        CliProcess.assumeIntegrationPhase();
        EximInstance.start(); // unpacks and starts it on a fresh machine (as root); keeps a running one
    }

    private static CliProcess exim(Map<String, String> env, String... args) {
        var all = new ArrayList<>(List.of("--server", EximInstance.HOST, "--port", String.valueOf(EximInstance.port()),
                "--ehlo", "client.probe.test", "--from", "probeuser@probe.test", "--tls", "--tls-ca-path",
                EximInstance.stateDir().resolve("tls/ca.pem").toString()));
        all.addAll(Arrays.asList(args));
        return CliProcess.run(env, "", all.toArray(new String[0]));
    }

    @Test
    void ntlmV1AuthenticatesWithEximsSpaAndRelays() {
        CliProcess run = exim(Map.of("PROBE_PW", PASSWORD), "--auth", "ntlmv1", "--auth-user", USER,
                "--auth-password-env", "PROBE_PW", "--to", "someone@foreign.example");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(" ~> AUTH NTLM", "<~  235 Authentication succeeded",
                " ~> RCPT TO:<someone@foreign.example>", "<~  250 Accepted", "=== queue id: ");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void ntlmTheV2DefaultIsRefusedBySpaWithExitCode28() {
        CliProcess run = exim(Map.of("PROBE_PW", PASSWORD), "--auth", "ntlm", "--auth-user", USER,
                "--auth-password-env", "PROBE_PW", "--to", "postmaster@probe.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(28);
        assertThat(run.out()).contains(" ~> AUTH NTLM", "<~  535 Incorrect authentication data")
                .doesNotContain("MAIL FROM");
    }
}
