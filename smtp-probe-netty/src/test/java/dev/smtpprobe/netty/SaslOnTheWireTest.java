package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Hello;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The shipped SASL mechanisms through the whole stack, byte-exact against a scripted server. */
@Timeout(20)
class SaslOnTheWireTest extends FakeServerTest {

    private static final String PASSWORD = "tanstaaftanstaaf";


    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private Hello hello(String ehloAuth, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH " + ehloAuth + "\r\n");
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .allowPlaintextAuthentication(true).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    @Test
    void plainSendsTheRfc4616MessageAsInitialResponse() {
        var hello = hello("PLAIN", s -> s.reply("AUTH PLAIN " + b64("\0tim\0" + PASSWORD), "235 2.7.0 ok\r\n"));
        assertThat(hello.authPlain("tim", PASSWORD).isSuccess()).isTrue();
        assertThat(hello.transcript().toString()).doesNotContain(PASSWORD).doesNotContain(b64("\0tim\0" + PASSWORD));
    }

    @Test
    void loginAnswersTheSeedsPrompts() {
        var hello = hello("LOGIN", s -> {
            s.reply("AUTH LOGIN", "334 VXNlcm5hbWU6\r\n");
            s.reply(b64("tim"), "334 UGFzc3dvcmQ6\r\n");
            s.reply(b64(PASSWORD), "235 2.7.0 Authentication succeeded\r\n");
        });
        var result = hello.authLogin("tim", PASSWORD);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.exchanges()).extracting(e -> e.decoded()).containsExactly("Username:", "Password:");
        assertThat(result.exchanges()).extracting(e -> e.challenge().text()).containsExactly("VXNlcm5hbWU6", "UGFzc3dvcmQ6");
    }

    @Test
    void cramMd5AnswersTheRfc2195Example() {
        String challenge = "<1896.697170952@postoffice.reston.mci.net>";
        var hello = hello("CRAM-MD5", s -> {
            s.reply("AUTH CRAM-MD5", "334 " + b64(challenge) + "\r\n");
            s.reply(b64("tim b913a602c7eda7a495b4e6e7334d3890"), "235 2.7.0 ok\r\n");
        });
        var result = hello.authCramMd5("tim", PASSWORD);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.exchanges()).singleElement().satisfies(e -> assertThat(e.decoded()).isEqualTo(challenge));
    }

    @Test
    void xoauth2AnswersTheErrorChallengeWithAnEmptyLineAndKeepsTheFinalReply() {
        String error = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.example.test/\"}";
        String token = "ya29.secret-token";
        var hello = hello("XOAUTH2", s -> {
            s.reply("AUTH XOAUTH2 " + b64("user=alice@example.test\u0001auth=Bearer " + token + "\u0001\u0001"),
                    "334 " + b64(error) + "\r\n");
            s.reply("", "535 5.7.8 Username and Password not accepted\r\n");
        });
        var result = hello.authXoauth2("alice@example.test", token);
        assertThat(result.reply().code()).isEqualTo(535);
        assertThat(result.exchanges()).singleElement().satisfies(e -> {
            assertThat(e.decoded()).isEqualTo(error);
            assertThat(e.response()).isEqualTo("(empty)");
        });
        assertThat(result.transcript().toString()).doesNotContain(token);
    }

    @Test
    void ntlmFollowsMsSmtpNtlmIncludingExchangesPlainTextFirstChallenge() {
        String targetInfo = "02000c0044006f006d00610069006e00" + "01000c005300650072007600650072" + "00" + "00000000";
        byte[] type2 = HexFormat.of().parseHex("4e544c4d53535000" + "02000000" + "0c000c0038000000" + "33828ae2"
                + "0123456789abcdef" + "0000000000000000" + "2400240044000000" + "060070170000000f"
                + "530065007200760065007200" + targetInfo);
        var hello = hello("NTLM", s -> {
            s.reply("AUTH NTLM", "334 ntlm supported\r\n");
            String negotiate = s.expect("TlRMTVNTUAAB"); // "NTLMSSP\0" + type 1
            assertThat(Base64.getDecoder().decode(negotiate)[8]).isEqualTo((byte) 1);
            s.send("334 " + Base64.getEncoder().encodeToString(type2) + "\r\n");
            String authenticate = s.expect("TlRMTVNTUAAD"); // type 3
            assertThat(Base64.getDecoder().decode(authenticate)[8]).isEqualTo((byte) 3);
            s.send("235 2.7.0 Authentication successful\r\n");
        });
        var result = hello.authNtlm("Domain", "User", "Password");
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.exchanges()).hasSize(2);
        assertThat(result.exchanges().get(0).decoded()).isEqualTo("ntlm supported");
        hello.session().close();
        server.awaitScript(Duration.ofSeconds(5)); // the script's own checks of the NTLM messages passed
    }

    @Test
    void automaticChoicePrefersScramAndNeverDowngradesToPlaintextMechanisms() {
        var hello = hello("PLAIN LOGIN CRAM-MD5", s -> s.reply("AUTH CRAM-MD5", "334 " + b64("<1.2@x>") + "\r\n")
                .reply("", "235 ok\r\n"));
        var result = hello.auth("tim", PASSWORD);
        assertThat(result.mechanism()).isEqualTo("CRAM-MD5");
    }

    @Test
    void automaticChoiceRefusesWhenOnlyPlaintextMechanismsAreOfferedWithoutTls() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH PLAIN LOGIN\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2))).build());
        var hello = client.connect(server.host(), server.port()).ehlo("client.test");
        assertThatThrownBy(() -> hello.auth("tim", PASSWORD)).isInstanceOf(NotSentException.class)
                .hasMessageContaining("nothing was sent");
        assertThat(server.receivedText()).doesNotContain("AUTH");
    }
}
