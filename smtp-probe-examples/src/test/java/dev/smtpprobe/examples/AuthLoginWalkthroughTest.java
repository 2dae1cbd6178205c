package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthLoginWalkthroughTest extends PrintedOutput {

    @Test
    void seedsAuthLoginSucceedsInsideTlsWithTheDecodedPromptsShown() {
        assertThat(AuthLoginWalkthrough.run(new String[0], out, name -> null)).isEqualTo(0);
        assertThat(output()).contains(" ~> AUTH LOGIN", "<~  334 VXNlcm5hbWU6", " ~> <redacted>",
                "Server asked: VXNlcm5hbWU6 = \"Username:\"", "Server asked: UGFzc3dvcmQ6 = \"Password:\"",
                "Result: 235 2.7.0 Authentication successful")
                .doesNotContain(AuthLoginWalkthrough.DEMO_PASSWORD).doesNotContain("WARNING");
    }

    @Test
    void wrongPasswordIsA535ValueAndExitCodeOne() {
        try (var server = EmbeddedExchangeServer.startWithTlsAndAuth("alice", "right")) {
            var env = Map.of("PW", "wrong-one");
            int code = AuthLoginWalkthrough.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--user", "alice", "--password-env", "PW", "--insecure"}, out, env::get);
            assertThat(code).isEqualTo(1);
        }
        assertThat(output()).contains("Result: 535 5.7.8 Authentication unsuccessful").doesNotContain("wrong-one");
    }

    @Test
    void withoutTlsAuthLoginIsNotSentUnlessPlaintextIsAllowed() {
        try (var server = EmbeddedExchangeServer.start()) {
            var env = Map.of("PW", "secret-pw");
            int code = AuthLoginWalkthrough.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--user", "alice", "--password-env", "PW"}, out, env::get);
            assertThat(code).isEqualTo(1);
        }
        assertThat(output()).contains("TLS not used: the server does not offer STARTTLS", "AUTH LOGIN not sent")
                .doesNotContain(" -> AUTH").doesNotContain("secret-pw");
    }

    @Test
    void plaintextIsAllowedOnlyExplicitlyAndWithAWarning() {
        try (var server = EmbeddedExchangeServer.start()) {
            var env = Map.of("PW", "secret-pw");
            int code = AuthLoginWalkthrough.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--user", "alice", "--password-env", "PW", "--plaintext"}, out, env::get);
            assertThat(code).isEqualTo(1); // the plain embedded server offers no AUTH: 500 5.3.3
        }
        assertThat(output()).contains("WARNING: --plaintext", " -> AUTH LOGIN").doesNotContain("secret-pw");
    }

    @Test
    void hostWithoutCredentialsIsAWrongArgument() {
        assertThat(AuthLoginWalkthrough.run(new String[] {"--host", "x.test"}, out, name -> null)).isEqualTo(2);
        assertThat(output()).contains("--host needs --user and --password-env");
    }
}
