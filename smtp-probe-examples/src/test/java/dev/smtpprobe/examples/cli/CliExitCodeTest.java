package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectFailure;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.examples.ExampleTlsForTests;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each failing stage ends the run with its exit code, against a scripted server that refuses exactly that stage;
 * a stage after {@code --quit-after} cannot fail the run; a broken conversation has a code of its own.
 */
class CliExitCodeTest {

    private FakeSmtpServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    /** Runs against a fake server that greets and then answers with {@code replies}. */
    private CliRun against(FakeReplies replies, String... args) {
        return against(s -> s.send(FakeReplies.GREETING).answerEachLine(replies.responder()), args);
    }

    private CliRun against(Consumer<FakeSmtpServer.Script> script, String... args) {
        server = FakeSmtpServer.start(script);
        var all = new ArrayList<>(List.of("--server", server.host(), "--port", String.valueOf(server.port()),
                "--ehlo", "client.test", "--from", "a@client.test", "--to", "b@fake.test"));
        all.addAll(Arrays.asList(args));
        if (!all.contains("--timeout")) {
            all.addAll(List.of("--timeout", "5s"));
        }
        CliRun run = CliRun.run(all.toArray(new String[0]));
        server.awaitScript(Duration.ofSeconds(10));
        return run;
    }

    @Test
    void aServerThatAcceptsEverythingEndsWithZeroAndTheQueueId() {
        CliRun run = against(new FakeReplies());
        assertThat(run.exit()).as(run.all()).isEqualTo(0);
        assertThat(run.out()).contains("=== queue id: 4XyZ12", " -> QUIT");
        assertThat(run.err()).isEmpty();
    }

    @Test
    void aRefusedGreetingIs21() {
        CliRun run = against(s -> s.send("554 5.3.2 fake.test no service\r\n").answerEachLine(new FakeReplies().responder()));
        assertThat(run.exit()).as(run.all()).isEqualTo(21);
        assertThat(run.err()).contains("*** the greeting was answered 554 5.3.2 fake.test no service",
                "*** exit code 21: the greeting was not 2xx");
        assertThat(run.out()).doesNotContain("EHLO").contains(" -> QUIT");
    }

    @Test
    void quitAfterConnectDoesNotJudgeTheGreeting() {
        CliRun run = against(s -> s.send("554 5.3.2 no service\r\n").answerEachLine(new FakeReplies().responder()),
                "--quit-after", "connect");
        assertThat(run.exit()).as(run.all()).isEqualTo(0);
    }

    @Test
    void aRefusedEhloIs22() {
        CliRun run = against(new FakeReplies().with("EHLO", "500 5.5.1 what?\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(22);
        assertThat(run.out()).doesNotContain("MAIL FROM");
    }

    @Test
    void aRefusedMailIs23() {
        CliRun run = against(new FakeReplies().with("MAIL", "553 5.1.8 Sender address rejected\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(23);
        assertThat(run.out()).contains("=== 5.1.8: Permanent Failure: Bad sender's system address").doesNotContain("RCPT TO");
    }

    @Test
    void noAcceptedRecipientIs24AndNoDataIsSent() {
        CliRun run = against(new FakeReplies().with("RCPT", "550 5.1.1 User unknown\r\n"), "--to", "c@fake.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains(" -> RCPT TO:<b@fake.test>", " -> RCPT TO:<c@fake.test>").doesNotContain("DATA");
        assertThat(run.err()).contains("b@fake.test 550 5.1.1 User unknown; c@fake.test 550 5.1.1 User unknown");
    }

    @Test
    void aRefusedRcptDoesNotCountWithQuitAfterMail() {
        CliRun run = against(new FakeReplies().with("RCPT", "550 5.1.1 User unknown\r\n"), "--quit-after", "mail");
        assertThat(run.exit()).as(run.all()).isEqualTo(0);
        assertThat(run.out()).doesNotContain("RCPT TO");
    }

    @Test
    void aRefusedDataIs25() {
        CliRun run = against(new FakeReplies().with("DATA", "554 5.5.1 Error: no valid recipients\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(25);
    }

    @Test
    void aMessageRefusedAfterTheDotIs26() {
        CliRun run = against(new FakeReplies().with(".", "552 5.3.4 Error: message file too big\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(26);
        assertThat(run.out()).contains("=== 5.3.4: Permanent Failure: Message too big for system");
    }

    @Test
    void aRefusedQuitAfterSuccessIs27() {
        CliRun run = against(new FakeReplies().with("QUIT", "500 5.5.2 no\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(27);
    }

    @Test
    void aFailedAuthIs28AndThePasswordIsNotPrinted() {
        CliRun run = against(new FakeReplies().with("AUTH", "535 5.7.8 Error: authentication failed\r\n"),
                "--auth", "PLAIN", "--auth-user", "probe", "--auth-password", "s3cr3t-Pa55", "--auth-plaintext");
        assertThat(run.exit()).as(run.all()).isEqualTo(28);
        assertThat(run.out()).contains(" -> AUTH PLAIN <redacted>", "=== 5.7.8: Permanent Failure: Authentication credentials invalid");
        String plainPayload = Base64.getEncoder().encodeToString("\0probe\0s3cr3t-Pa55".getBytes(StandardCharsets.UTF_8));
        assertThat(server.receivedText()).contains("AUTH PLAIN " + plainPayload); // it was sent ...
        assertThat(run.all()).doesNotContain("s3cr3t-Pa55").doesNotContain(plainPayload); // ... and never printed
    }

    @Test
    void plainWithoutTlsIsNotSentAndIs28() {
        CliRun run = against(new FakeReplies(), "--auth", "PLAIN", "--auth-user", "probe", "--auth-password", "pw");
        assertThat(run.exit()).as(run.all()).isEqualTo(28);
        assertThat(run.out()).doesNotContain(" -> AUTH");
        assertThat(run.err()).contains("AUTH PLAIN was not sent", "--auth-plaintext");
    }

    @Test
    void tlsRequiredButNotOfferedIs29AndNothingElseIsSent() {
        CliRun run = against(new FakeReplies(), "--tls");
        assertThat(run.exit()).as(run.all()).isEqualTo(29);
        assertThat(run.err()).contains("STARTTLS is not offered");
        assertThat(server.receivedText()).doesNotContain("MAIL FROM");
    }

    @Test
    void tlsOptionalGoesOnInPlaintextWhenStartTlsIsNotOffered() {
        CliRun run = against(new FakeReplies(), "--tls-optional");
        assertThat(run.exit()).as(run.all()).isEqualTo(0);
        assertThat(run.out()).contains("=== TLS not used: the server does not offer STARTTLS");
    }

    @Test
    void aRefusedEhloInsideTlsIs32() {
        CliRun run = against(s -> {
            s.send(FakeReplies.GREETING);
            s.reply("EHLO", "250-fake.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
            s.startTls(ExampleTlsForTests.serverContext());
            s.answerEachLine(new FakeReplies().with("EHLO", "554 5.7.0 not you\r\n").responder());
        }, "--tls", "--tls-insecure");
        assertThat(run.exit()).as(run.all()).isEqualTo(32);
        assertThat(run.out()).contains(" ~> EHLO client.test", "<~  554 5.7.0 not you",
                "certificate verification is OFF");
    }

    @Test
    void aGreetingThatNeverComesIs7() {
        CliRun run = against(s -> s.pause(Duration.ofSeconds(3)), "--timeout", "1s");
        assertThat(run.exit()).as(run.all()).isEqualTo(7);
        assertThat(run.err()).contains("GREETING timed out");
    }

    @Test
    void aConnectionClosedMidwayIs6() {
        CliRun run = against(s -> {
            s.send(FakeReplies.GREETING);
            s.expect("EHLO");
            s.close();
        });
        assertThat(run.exit()).as(run.all()).isEqualTo(6);
        assertThat(run.err()).contains("connection lost during EHLO");
    }

    @Test
    void aRefusedConnectionIs2() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.run("--server", "127.0.0.1", "--port", String.valueOf(port), "--to", "a@b.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("could not connect to 127.0.0.1:" + port + ": refused");
    }

    @Test
    void inJsonABrokenConversationIsDescribedInTheDocumentAndNothingGoesToStandardError() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = CliRun.run("--server", "127.0.0.1", "--port", String.valueOf(port), "--to", "a@b.test", "--json");
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).isEmpty();
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.map()).containsEntry("exitCode", 2).containsEntry("replies", List.of())
                .containsEntry("error", Map.of("type", "ConnectFailedException", "message",
                        doc.map().get("reason")));
        assertThat(doc.transcript()).extracting(e -> e.get("line")).contains("Trying 127.0.0.1:" + port + "...");
    }

    @Test
    void brokenConversationsMapToTheirOwnCodes() {
        var t = Transcript.EMPTY;
        assertThat(ExitCode.of(new ConnectFailedException(ConnectFailure.TIMED_OUT, "h", 25, null, t))).isEqualTo(ExitCode.CONNECT);
        assertThat(ExitCode.of(new StepTimeoutException(Step.RCPT, Duration.ofSeconds(1), t))).isEqualTo(ExitCode.TIMEOUT);
        assertThat(ExitCode.of(new ConnectionLostException(Step.DATA, List.of(), null, null, t))).isEqualTo(ExitCode.CONNECTION_LOST);
        assertThat(ExitCode.of(new ProtocolViolationException(Step.EHLO, "bare LF", new byte[] {'\n'}, t)))
                .isEqualTo(ExitCode.CONNECTION_LOST);
        assertThat(ExitCode.of(new TlsFailedException(TlsFailure.HANDSHAKE, "x", null, null, null, t))).isEqualTo(ExitCode.TLS);
    }

    @Test
    void theCodesAreSwaksNumbersAndEachIsDistinct() {
        assertThat(ExitCode.table()).containsKeys("0", "1", "2", "6", "21", "22", "23", "24", "25", "26", "27", "28", "29", "32")
                .hasSize(ExitCode.values().length);
        assertThat(ExitCode.RCPT.code()).isEqualTo(24);
        assertThat(ExitCode.TLS.code()).isEqualTo(29);
    }
}
