package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Hello;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.RcptParameters;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 11 item 14: the TLS guard reads the verb as servers do (any whitespace, leading whitespace skipped), and
 * command lines keep to RFC 5321 §4.5.3.1.4's limit (with RFC 1869's allowance for MAIL and RCPT parameters), refused
 * before sending on every path.
 */
@Timeout(20)
class CommandLineRulesTest extends FakeServerTest {

    private SmtpSession connect(ProbeOptions.Builder options) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.answerEachLine(line -> line.startsWith("EHLO") ? "250-fake.test\r\n250-PIPELINING\r\n250 8BITMIME\r\n"
                    : "250 ok\r\n");
        });
        client = Probe.client(options.timeouts(Timeouts.all(Duration.ofSeconds(3))).build());
        return client.connect(server.host(), server.port());
    }

    @ParameterizedTest
    @ValueSource(strings = {"MAIL\tFROM:<a@b.test>", "RCPT\tTO:<a@b.test>", "AUTH\tPLAIN AGFAYg==", "BDAT\t5 LAST",
            "DATA\t", " MAIL FROM:<a@b.test>", "\tRCPT TO:<a@b.test>", "mail\u000bFROM:<a@b.test>", "Auth\fPLAIN x",
            "  data", "BDAT 5\tLAST"})
    void theTlsGuardReadsTheVerbAsServersDo(String line) {
        var session = connect(ProbeOptions.builder().tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).build()));
        var hello = session.helo("client.test"); // HELO: no upgrade, so the connection stays in plaintext
        var e = catchThrowableOfType(NotSentException.class, () -> hello.command(line));
        assertThat(e).as("%s", line.replace("\t", "\\t")).isNotNull();
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.TLS_REQUIRED);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).isEqualTo("HELO client.test\r\nNOOP\r\n");
    }

    @Test
    void aVerbThatOnlyStartsLikeAGuardedOneIsSentInPlaintext() {
        var session = connect(ProbeOptions.builder().tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).build()));
        var hello = session.helo("client.test");
        hello.command("MAILX FROM:<a@b.test>");
        hello.command("XDATA");
        assertThat(server.receivedText()).isEqualTo("HELO client.test\r\nMAILX FROM:<a@b.test>\r\nXDATA\r\n");
    }

    @Test
    void aLineOverFiveHundredTwelveOctetsIsRefusedOnEveryPathBeforeSending() {
        var session = connect(ProbeOptions.builder());
        Hello hello = session.ehlo("client.test");
        String longName = "h".repeat(512 - "EHLO \r\n".length() + 1); // 513 octets with CRLF
        var tooLong = new Runnable[] {
                () -> session.ehlo(longName),
                () -> session.helo(longName),
                () -> hello.vrfy("v".repeat(520)),
                () -> hello.command("XCLIENT NAME=" + "x".repeat(500)),
                () -> hello.commandAsync("NOOP " + "x".repeat(600)).join(),
                () -> hello.mailFrom("a".repeat(510) + "@b.test"),
                () -> hello.mailFrom("a@b.test").rcptTo("r".repeat(510) + "@b.test"),
                () -> hello.pipelined().mailFrom("a@b.test").rcptTo("r".repeat(510) + "@b.test").data("x\r\n"),
        };
        for (Runnable call : tooLong) {
            var e = catchThrowableOfType(NotSentException.class, () -> {
                try {
                    call.run();
                } catch (java.util.concurrent.CompletionException ce) {
                    throw ce.getCause();
                }
            });
            assertThat(e).isNotNull();
            assertThat(e.reason()).isEqualTo(NotSentException.Reason.LINE_TOO_LONG);
            assertThat(e.getMessage()).contains("RFC 5321 §4.5.3.1.4", "maxCommandLineLength");
        }
        // the RCPT case sent its MAIL first (a separate step); the pipelined one sent nothing at all
        assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nMAIL FROM:<a@b.test>\r\n");
        // exactly 512 octets go out
        hello.command("NOOP " + "x".repeat(512 - "NOOP \r\n".length()));
        assertThat(server.receivedText()).endsWith("NOOP " + "x".repeat(505) + "\r\n");
    }

    @Test
    void mailAndRcptLinesMayGrowByTheirParametersUpToTheAllowance() {
        var session = connect(ProbeOptions.builder());
        Hello hello = session.ehlo("client.test");
        String envId = "e".repeat(100);
        String auth = "u".repeat(400);
        // 512 for "MAIL FROM:<...>" itself, plus the parameters' octets: goes out
        String address = "a".repeat(480) + "@b.test";
        var tx = hello.mailFrom(address, MailParameters.builder().envId(envId).auth(auth).build());
        assertThat(tx.mailReply().code()).isEqualTo(250);
        tx.rcptTo("p@b.test", RcptParameters.builder().originalRecipient("o".repeat(490) + "@b.test").build());
        assertThat(server.receivedText()).contains("ENVID=" + envId + " AUTH=" + auth + "\r\n", "ORCPT=rfc822;");
        // the path alone is not a parameter: over 512 without parameters is refused
        var e = catchThrowableOfType(NotSentException.class, () -> hello.mailFrom("a".repeat(510) + "@b.test"));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.LINE_TOO_LONG);
        // the allowance is bounded: a MAIL line is never longer than 512 + 1024 octets
        var big = catchThrowableOfType(NotSentException.class, () -> hello.mailFrom("a@b.test", "X-A=" + "a".repeat(600),
                "X-B=" + "b".repeat(600), "X-C=" + "c".repeat(600)));
        assertThat(big.reason()).isEqualTo(NotSentException.Reason.LINE_TOO_LONG);
        // a raw MAIL line gets the same allowance for what follows its path
        hello.command("MAIL FROM:<a@b.test> X-A=" + "a".repeat(700));
        assertThat(server.receivedText()).contains("X-A=" + "a".repeat(700) + "\r\n");
    }

    @Test
    void aSaslResponseLineIsNotLimitedButTheAuthLineIs() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.answerEachLine(line -> line.startsWith("EHLO") ? "250-fake.test\r\n250 AUTH PLAIN\r\n"
                    : line.startsWith("AUTH") ? "334 \r\n" : "235 2.7.0 ok\r\n");
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .allowPlaintextAuthentication(true).build());
        var hello = client.connect(server.host(), server.port()).ehlo("client.test");
        // RFC 4954 §4: the initial response does not fit the 512-octet AUTH line, so it goes after the 334, unlimited
        var result = hello.authPlain("user", "p".repeat(600));
        assertThat(result.reply().code()).isEqualTo(235);
        assertThat(server.receivedText()).contains("AUTH PLAIN\r\n").containsPattern("\r\n[A-Za-z0-9+/=]{800,}\r\n");
        var e = catchThrowableOfType(NotSentException.class, () -> hello.command("AUTH PLAIN " + "A".repeat(600)));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.LINE_TOO_LONG);
    }

    @Test
    void theLimitIsConfigurableButNotBelowFiveHundredTwelve() {
        var session = connect(ProbeOptions.builder().maxCommandLineLength(2048));
        Hello hello = session.ehlo("client.test");
        hello.command("XLONG " + "x".repeat(2040)); // 2048 octets with CRLF
        assertThat(server.receivedText()).contains("x".repeat(2040) + "\r\n");
        var e = catchThrowableOfType(NotSentException.class, () -> hello.command("XLONG " + "x".repeat(2041)));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.LINE_TOO_LONG);
        assertThatThrownBy(() -> ProbeOptions.builder().maxCommandLineLength(511))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("512");
        assertThat(ProbeOptions.DEFAULT.maxCommandLineLength()).isEqualTo(ProbeOptions.DEFAULT_MAX_COMMAND_LINE_LENGTH)
                .isEqualTo(512);
        assertThat(ProbeOptions.builder().maxCommandLineLength(1000).build().toBuilder().build().maxCommandLineLength())
                .isEqualTo(1000);
    }
}
