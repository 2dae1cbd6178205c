package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SaslMechanism;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The AUTH exchange (RFC 4954) on the wire, with a scripted mechanism and a scripted server. */
@Timeout(20)
class AuthExchangeTest extends FakeServerTest {

    private static final String SECRET = "s3cr3t-Passw0rd";
    private static final Duration WAIT = Duration.ofSeconds(10);


    /** A mechanism that answers each challenge with the next scripted response; empty answers cancel. */
    private static final class Scripted implements SaslMechanism {
        private final String name;
        private final boolean reveals;
        private final byte[] initial;
        private final ArrayDeque<Optional<byte[]>> answers = new ArrayDeque<>();
        final List<String> challenges = new java.util.ArrayList<>();

        Scripted(String name, boolean reveals, String initial, String... answers) {
            this.name = name;
            this.reveals = reveals;
            this.initial = initial == null ? null : initial.getBytes(StandardCharsets.UTF_8);
            for (String a : answers) {
                this.answers.add(a == null ? Optional.empty() : Optional.of(a.getBytes(StandardCharsets.UTF_8)));
            }
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public boolean revealsSecret() {
            return reveals;
        }

        @Override
        public Optional<byte[]> initialResponse() {
            return Optional.ofNullable(initial);
        }

        @Override
        public Optional<byte[]> respond(byte[] challenge) {
            challenges.add(new String(challenge, StandardCharsets.UTF_8));
            return answers.isEmpty() ? Optional.empty() : answers.poll();
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Hello hello(boolean allowPlaintext, Consumer<FakeSmtpServer.Script> afterEhlo) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH LOGIN PLAIN X-TEST\r\n");
            afterEhlo.accept(s);
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .allowPlaintextAuthentication(allowPlaintext).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    @Test
    void loginPromptsAreDecodedAndEveryResponseIsRedacted() {
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST", "334 " + b64("Username:") + "\r\n");
            s.reply(b64("alice"), "334 " + b64("Password:") + "\r\n");
            s.reply(b64(SECRET), "235 2.7.0 Authentication successful\r\n");
            s.readUntilClosed();
        });
        var mech = new Scripted("X-TEST", true, null, "alice", SECRET);
        AuthResult result = hello.auth(mech);

        assertThat(result.isSuccess()).isTrue();
        assertThat(result.reply().enhancedStatus()).hasValue(EnhancedStatus.parse("2.7.0"));
        assertThat(result.exchanges()).extracting(e -> e.decoded()).containsExactly("Username:", "Password:");
        assertThat(result.exchanges()).extracting(e -> e.response()).containsExactly("<redacted>", "<redacted>");
        assertThat(mech.challenges).containsExactly("Username:", "Password:");
        String transcript = result.transcript().toString();
        assertThat(transcript).contains(" -> AUTH X-TEST", " -> <redacted>").doesNotContain(SECRET, b64(SECRET), "alice");
        assertThat(result.toString()).doesNotContain(SECRET);
    }

    @Test
    void initialResponseGoesOnTheAuthLineAndIsRedacted() {
        String initial = "\0alice\0" + SECRET;
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST " + b64(initial), "235 2.7.0 ok\r\n");
            s.readUntilClosed();
        });
        var result = hello.auth(new Scripted("X-TEST", true, initial));
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.exchanges()).isEmpty();
        assertThat(result.transcript().sent()).contains("AUTH X-TEST <redacted>");
    }

    @Test
    void emptyInitialResponseIsSentAsEquals() {
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST =", "235 2.7.0 ok\r\n");
            s.readUntilClosed();
        });
        assertThat(hello.auth(new Scripted("X-TEST", false, "")).isSuccess()).isTrue();
        assertThat(server.receivedText()).contains("AUTH X-TEST =\r\n");
    }

    @Test
    void initialResponseTooLongForTheLineIsSentAfterTheEmptyChallenge() {
        String initial = "x".repeat(600);
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST", "334 \r\n");
            s.reply(b64(initial), "235 2.7.0 ok\r\n");
            s.readUntilClosed();
        });
        var result = hello.auth(new Scripted("X-TEST", false, initial));
        assertThat(result.isSuccess()).isTrue();
        assertThat(server.receivedText()).contains("AUTH X-TEST\r\n" + b64(initial) + "\r\n");
    }

    @Test
    void badCredentialsAreAResultWithTheirEnhancedStatus() {
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST", "535 5.7.8 Error: authentication failed\r\n");
            s.readUntilClosed();
        });
        var result = hello.auth(new Scripted("X-TEST", true, "creds"));
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.reply().code()).isEqualTo(535);
        assertThat(result.reply().enhancedStatus()).hasValue(EnhancedStatus.parse("5.7.8"));
    }

    @Test
    void invalidBase64ChallengeIsCancelledAndTheServersAnswerKept() {
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST", "334 !!!not-base64!!!\r\n");
            s.reply("*", "501 5.7.0 Authentication cancelled\r\n");
            s.readUntilClosed();
        });
        var mech = new Scripted("X-TEST", false, null, "never");
        var result = hello.auth(mech);
        assertThat(result.isCancelled()).isTrue();
        assertThat(result.reply().code()).isEqualTo(501);
        assertThat(result.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.response()).isEqualTo("*");
            assertThat(e.decoded()).startsWith("(not valid base64");
        });
        assertThat(mech.challenges).isEmpty();
    }

    @Test
    void unexpectedExtraChallengeIsCancelled() {
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST", "334 " + b64("first") + "\r\n");
            s.reply(b64("answer"), "334 " + b64("one more?") + "\r\n");
            s.reply("*", "501 5.5.2 cancelled\r\n");
            s.readUntilClosed();
        });
        var result = hello.auth(new Scripted("X-TEST", false, null, "answer"));
        assertThat(result.isCancelled()).isTrue();
        assertThat(result.exchanges()).extracting(e -> e.response()).containsExactly("<redacted>", "*");
        assertThat(result.reply().code()).isEqualTo(501);
    }

    @Test
    void secretRevealingMechanismIsRefusedWithoutTlsBeforeAnythingIsSent() {
        var hello = hello(false, s -> s.reply("NOOP", "250 ok\r\n"));
        var e = catchThrowableOfType(NotSentException.class, () -> hello.auth(new Scripted("PLAIN", true, "\0a\0b")));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.PLAINTEXT_AUTH);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("AUTH");
    }

    @Test
    void connectionDroppedDuringAuthIsConnectionLost() {
        var hello = hello(true, s -> {
            s.reply("AUTH X-TEST", "334 " + b64("Username:") + "\r\n");
            s.expect(b64("alice"));
            s.close();
        });
        var e = catchThrowableOfType(ConnectionLostException.class, () -> hello.auth(new Scripted("X-TEST", false, null, "alice")));
        assertThat(e.step()).isEqualTo(Step.AUTH);
        assertThat(e.transcript().toString()).doesNotContain("alice");
    }

    @Test
    void everyFailureCodeComesBackAsAReply() {
        for (String reply : List.of("534 5.7.9 Authentication mechanism is too weak", "538 5.7.11 Encryption required",
                "454 4.7.0 Temporary authentication failure", "504 5.5.4 Unrecognized authentication type",
                "530 5.7.0 Authentication required")) {
            var hello = hello(true, s -> {
                s.reply("AUTH X-TEST", reply + "\r\n");
                s.readUntilClosed();
            });
            var result = hello.auth(new Scripted("X-TEST", false, "x"));
            assertThat(result.reply().toString()).isEqualTo(reply);
            assertThat(result.isSuccess()).isFalse();
            client.close();
            server.close();
            server.awaitScript(WAIT);
        }
    }
}
