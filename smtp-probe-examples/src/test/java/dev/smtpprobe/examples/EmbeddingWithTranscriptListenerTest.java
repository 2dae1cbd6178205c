package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The listener's live rows: time, direction, TLS marker, redacted AUTH; and what happens when AUTH cannot run. */
class EmbeddingWithTranscriptListenerTest extends PrintedOutput {

    private static final String TIME = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}";

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void withoutArgumentsEveryLineIsShownWithTimeDirectionAndTlsMarkerAndAuthRedacted() {
        assertThat(EmbeddingWithTranscriptListener.run(new String[0], out, name -> null)).as(output()).isZero();

        assertThat(output())
                .containsPattern("(?m)^" + TIME + "  event        Trying 127\\.0\\.0\\.1:\\d+\\.\\.\\.$")
                .containsPattern("(?m)^" + TIME + "  server       220 myserver\\.contoso\\.com Microsoft ESMTP ")
                .containsPattern("(?m)^" + TIME + "  client       STARTTLS$")
                .containsPattern("(?m)^" + TIME + "  event   TLS  TLS started: TLSv1\\.")
                .containsPattern("(?m)^" + TIME + "  server  TLS  250 AUTH LOGIN PLAIN$")
                .containsPattern("(?m)^" + TIME + "  client  TLS  AUTH LOGIN$\n"
                        + "^" + TIME + "  server  TLS  334 VXNlcm5hbWU6$\n"
                        + "^" + TIME + "  client  TLS  <redacted>$\n"
                        + "^" + TIME + "  server  TLS  334 UGFzc3dvcmQ6$\n"
                        + "^" + TIME + "  client  TLS  <redacted>$\n"
                        + "^" + TIME + "  server  TLS  235 2\\.7\\.0 Authentication successful$")
                .containsPattern("(?m)^" + TIME + "  client  TLS  QUIT$")
                .containsPattern("\\d+ lines shown live, 2 of them AUTH answers shown as <redacted>")
                .contains("AUTH LOGIN: 235 2.7.0 Authentication successful (Success: Other or undefined security status)")
                .doesNotContain(AuthLoginWalkthrough.DEMO_PASSWORD, base64(AuthLoginWalkthrough.DEMO_PASSWORD),
                        base64(AuthLoginWalkthrough.DEMO_USER));
    }

    @Test
    void aWrongPasswordIsShownAsThe535AndExitCodeOne() {
        try (var server = EmbeddedExchangeServer.startWithTlsAndAuth("alice", "right-one")) {
            int exit = EmbeddingWithTranscriptListener.run(new String[] {"--host", server.host(), "--port",
                String.valueOf(server.port()), "--user", "alice", "--password-env", "PW", "--insecure"}, out,
                    Map.of("PW", "wrong-one")::get);

            assertThat(exit).isEqualTo(1);
        }
        assertThat(output()).containsPattern("(?m)^" + TIME + "  server  TLS  535 5\\.7\\.8 ")
                .contains("AUTH LOGIN: 535 5.7.8", "2 of them AUTH answers shown as <redacted>")
                .doesNotContain("wrong-one", base64("wrong-one"));
    }

    @Test
    void withoutStartTlsAuthIsNeverSent() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = EmbeddingWithTranscriptListener.run(new String[] {"--host", server.host(), "--port",
                String.valueOf(server.port()), "--user", "alice", "--password-env", "PW"}, out, Map.of("PW", "pw")::get);

            assertThat(exit).isEqualTo(1);
        }
        assertThat(output()).contains("TLS failed, so AUTH was not sent: ", "0 of them AUTH answers")
                .doesNotContainPattern("  client .*AUTH");
    }

    @Test
    void hostWithoutCredentialsPrintsUsage() {
        assertThat(EmbeddingWithTranscriptListener.run(new String[] {"--host", "127.0.0.1"}, out, name -> null))
                .isEqualTo(2);
        assertThat(output()).contains("--host needs --user and --password-env", EmbeddingWithTranscriptListener.USAGE);
    }
}
