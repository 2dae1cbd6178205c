package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.CommandResult;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A server that echoes what the client sent (sendmail: {@code 500 5.5.1 Command unrecognized: "..."}) must not
 * put the client's secrets into the transcript, the listener's events, the AUTH result or a failure's message.
 */
@Timeout(20)
class EchoedSecretsTest extends FakeServerTest {

    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "tanstaaf-Passw0rd";
    private static final String TOKEN = "ya29.a0-secret-token";

    private final List<TranscriptEntry> heard = new CopyOnWriteArrayList<>();

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Hello hello(Consumer<FakeSmtpServer.Script> afterEhlo) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH PLAIN LOGIN XOAUTH2\r\n");
            afterEhlo.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .allowPlaintextAuthentication(true).transcriptListener(heard::add).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    /** Everything a person could see: transcript, listener events, the result and its rounds. */
    private String everythingShown(AuthResult result) {
        return result.transcript() + "\n" + heard + "\n" + result + "\n" + result.reply() + "\n" + result.exchanges();
    }

    @Test
    void aSecretEchoedIntoTheFailureOfAnAsyncPipelinedStepIsRedactedInItsMessage() {
        var hello = hello(s -> {
            s.reply("AUTH PLAIN", "235 2.7.0 ok\r\n");
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            // not a reply at all, quoting the password: the protocol violation's message quotes these bytes
            s.reply("DATA", "3x4 remember " + PASSWORD + "\r\n");
        });
        assertThat(hello.authPlain(USER, PASSWORD).isSuccess()).isTrue();
        var failure = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").dataAsync("hi\r\n")
                .handle((r, e) -> e).join();
        assertThat(dev.smtpprobe.ProbeException.unwrap(failure)).isInstanceOf(dev.smtpprobe.ProtocolViolationException.class);
        assertThat(dev.smtpprobe.ProbeException.unwrap(failure).getMessage()).contains("remember")
                .doesNotContain(PASSWORD);
    }

    @Test
    void anEchoedPlainInitialResponseIsRedactedEverywhere() {
        String initial = b64("\0" + USER + "\0" + PASSWORD);
        var hello = hello(s -> s.reply("AUTH PLAIN", "500 5.5.1 Command unrecognized: \"AUTH PLAIN " + initial
                + "\" (password " + PASSWORD + ")\r\n"));
        AuthResult result = hello.authPlain(USER, PASSWORD);
        assertThat(result.reply().code()).isEqualTo(500);
        assertThat(everythingShown(result)).doesNotContain(initial, PASSWORD);
        assertThat(result.transcript().received())
                .contains("500 5.5.1 Command unrecognized: \"AUTH PLAIN <redacted>\" (password <redacted>)");
        assertThat(heard).extracting(TranscriptEntry::line)
                .contains("500 5.5.1 Command unrecognized: \"AUTH PLAIN <redacted>\" (password <redacted>)");
    }

    @Test
    void anEchoedLoginPasswordIsRedactedInBase64AndDecodedAndTheUserNameInBase64() {
        var hello = hello(s -> {
            s.reply("AUTH LOGIN", "334 " + b64("Username:") + "\r\n");
            s.reply(b64(USER), "334 " + b64("Password for " + USER + ":") + "\r\n");
            s.reply(b64(PASSWORD), "535-5.7.8 \"" + b64(PASSWORD) + "\" is not \"" + b64(USER) + "\"'s password\r\n"
                    + "535 5.7.8 (decoded: " + PASSWORD + ")\r\n");
        });
        AuthResult result = hello.authLogin(USER, PASSWORD);
        assertThat(result.reply().code()).isEqualTo(535);
        assertThat(everythingShown(result)).doesNotContain(b64(USER), b64(PASSWORD), PASSWORD);
        assertThat(result.exchanges().get(1).decoded()).as("a user name is an identity, shown decoded")
                .isEqualTo("Password for " + USER + ":");
        assertThat(result.transcript().received()).contains("535 5.7.8 (decoded: <redacted>)");
    }

    @Test
    void anEchoedXoauth2TokenIsRedacted() {
        String initial = b64("user=" + USER + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
        var hello = hello(s -> s.reply("AUTH XOAUTH2", "500 5.5.1 unrecognized: AUTH XOAUTH2 " + initial + "\r\n"
                .replace("\r\n", " token=" + TOKEN + "\r\n")));
        AuthResult result = hello.authXoauth2(USER, TOKEN);
        assertThat(everythingShown(result)).doesNotContain(initial, TOKEN);
    }

    @Test
    void aSecretEchoedIntoAPartialReplyIsRedactedInTheFailureMessage() {
        String initial = b64("\0" + USER + "\0" + PASSWORD);
        var hello = hello(s -> {
            s.expect("AUTH PLAIN");
            s.send("500 5.5.1 Command unrecognized: \"AUTH PLAIN " + initial + "\""); // no CRLF: then it hangs up
            s.close();
        });
        var e = catchThrowableOfType(ConnectionLostException.class, () -> hello.authPlain(USER, PASSWORD));
        assertThat(e.getMessage()).doesNotContain(initial).contains("<redacted>");
        assertThat(e.partialReply()).containsExactly("500 5.5.1 Command unrecognized: \"AUTH PLAIN <redacted>\"");
        assertThat(e.toString()).doesNotContain(initial);
        if (e.getCause() != null) { // the I/O thread's original, once blocking steps rethrow a caller-thread copy
            assertThat(e.getCause().getMessage()).doesNotContain(initial);
        }
        assertThat(e.transcript().toString()).doesNotContain(initial);
        assertThat(heard.toString()).doesNotContain(initial);
    }

    @Test
    void aHandWrittenAuthLineWithTabsIsRedactedAndSoIsItsEcho() {
        String initial = b64("\0" + USER + "\0" + PASSWORD);
        var hello = hello(s -> s.reply("AUTH\tPLAIN\t" + initial, "500 5.5.1 Command unrecognized: \"AUTH\tPLAIN\t"
                + initial + "\"\r\n"));
        CommandResult result = hello.command("AUTH\tPLAIN\t" + initial);
        assertThat(server.receivedText()).contains("AUTH\tPLAIN\t" + initial + "\r\n"); // sent as written
        assertThat(result.transcript().sent()).contains("AUTH PLAIN <redacted>");
        assertThat(result.transcript().toString() + heard + result + result.reply()).doesNotContain(initial);
    }

    @Test
    void handWrittenLoginResponsesAfterA334AreRedactedToo() {
        var hello = hello(s -> {
            s.reply("AUTH LOGIN", "334 " + b64("Username:") + "\r\n");
            s.reply(b64(USER), "334 " + b64("Password:") + "\r\n");
            s.reply(b64(PASSWORD), "535 5.7.8 bad password " + b64(PASSWORD) + "\r\n");
            s.reply("NOOP", "250 2.0.0 ok\r\n");
        });
        hello.command("AUTH LOGIN");
        hello.command(b64(USER));
        CommandResult last = hello.command(b64(PASSWORD));
        CommandResult noop = hello.command("NOOP");
        assertThat(last.reply().code()).isEqualTo(535);
        assertThat(noop.transcript().sent()).containsExactly("EHLO client.test", "AUTH LOGIN", "<redacted>",
                "<redacted>", "NOOP");
        assertThat(noop.transcript().toString() + heard + last.reply()).doesNotContain(b64(USER), b64(PASSWORD));
    }

    @Test
    void aSecretEchoedIntoAnOverLongLineIsRedactedInTheProtocolViolation() {
        String initial = b64("user=" + USER + "\u0001auth=Bearer " + TOKEN + "\u0001\u0001");
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH XOAUTH2\r\n");
            s.reply("AUTH XOAUTH2", "500 5.5.1 Command unrecognized: \"AUTH XOAUTH2 " + initial + "\"\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .replyLimits(new dev.smtpprobe.ReplyLimits(60, 10, 4096))
                .allowPlaintextAuthentication(true).transcriptListener(heard::add).build());
        var hello = client.connect(server.host(), server.port()).ehlo("client.test");
        var e = catchThrowableOfType(dev.smtpprobe.ProtocolViolationException.class, () -> hello.authXoauth2(USER, TOKEN));
        String shown = e.getMessage() + e + e.transcript() + heard;
        assertThat(shown).contains("<redacted>").doesNotContain(initial.substring(0, 8));
    }

    @Test
    void aHandWrittenEmptyInitialResponseIsNoSecretAndATypedStepEndsTheHandWrittenExchange() {
        var hello = hello(s -> {
            s.reply("AUTH PLAIN =", "334 \r\n");
            s.reply("NOOP", "501 5.7.0 cancelled x==\r\n");
            s.reply("RSET", "250 2.0.0 ok\r\n");
        });
        hello.command("AUTH PLAIN =");
        hello.noop();
        CommandResult rset = hello.command("RSET");
        assertThat(rset.transcript().sent()).containsExactly("EHLO client.test", "AUTH PLAIN <redacted>", "NOOP", "RSET");
        assertThat(rset.transcript().received()).contains("501 5.7.0 cancelled x==");
    }
}
