package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.Command;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The esmtp-facts check against served and scripted servers: the facts with their EHLO lines, SIZE enforcement. */
class EsmtpFactsCheckTest extends FakeServerTest {

    private Finding check() {
        client = ProbeClient.create(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3))).build());
        return CheckSuite.run(Checks.esmtpFacts(), client, CheckTarget.of(server.host(), server.port()),
                CheckSettings.DEFAULT);
    }

    private static Response oversizeRefused(Command mail) {
        return mail.argument().toUpperCase().contains("SIZE=")
                ? Response.of("552 5.3.4 Message size exceeds fixed limit") : null;
    }

    @Test
    void everyExpectedExtensionOfferedAndSizeEnforcedAtMailPasses() {
        server = FakeSmtpServer.builder().chunking(true).smtputf8(true).size(1_000_000)
                .on("MAIL", EsmtpFactsCheckTest::oversizeRefused).start();

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("offers SIZE PIPELINING 8BITMIME ENHANCEDSTATUSCODES CHUNKING SMTPUTF8");
        assertThat(f.details()).contains("SIZE: offered (EHLO line \"SIZE 1000000\")",
                "PIPELINING: offered (EHLO line \"PIPELINING\")", "CHUNKING: offered (EHLO line \"CHUNKING\")",
                "DSN: not offered",
                "SIZE enforced: MAIL FROM:<> SIZE=1000001 refused with 552 5.3.4 Message size exceeds fixed limit");
        assertThat(server.session(0).commands()).extracting(Command::line)
                .contains("MAIL FROM:<> SIZE=1000001").doesNotContain("DATA");
    }

    @Test
    void anAnnouncedSizeLimitThatMailDoesNotEnforceWarns() {
        server = FakeSmtpServer.builder().size(1_000_000).start(); // the kit accepts any declared SIZE at MAIL

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("SIZE 1000000 announced but a declared SIZE=1000001 was accepted at MAIL"
                + " (RFC 1870 §6.1: refuse it with 552): 250 2.1.0 Ok");
        assertThat(server.session(0).verbs()).containsSubsequence("EHLO", "MAIL", "RSET", "QUIT")
                .doesNotContain("RCPT", "DATA");
    }

    @Test
    void missingSizePipeliningAnd8BitMimeWarnWithoutAnyMail() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 old.probe.test ESMTP\r\n");
            s.reply("EHLO", "250-old.probe.test\r\n250 DSN\r\n");
            s.reply("QUIT", "221 Bye\r\n");
        });

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("not offered: SIZE, PIPELINING, 8BITMIME (offers DSN)");
        assertThat(f.details()).contains("DSN: offered (EHLO line \"DSN\")", "SIZE: not offered",
                "ENHANCEDSTATUSCODES: not offered");
        assertThat(server.receivedBeforeTls()).doesNotContain("MAIL");
    }

    @Test
    void sizeWithoutALimitIsAFactAndNotTested() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 mx.probe.test ESMTP\r\n");
            // no ENHANCEDSTATUSCODES, as stock Exim: a fact, not a warning
            s.reply("EHLO", "250-mx.probe.test\r\n250-SIZE\r\n250-PIPELINING\r\n250 8BITMIME\r\n");
            s.reply("QUIT", "221 Bye\r\n");
        });

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("offers SIZE PIPELINING 8BITMIME");
        assertThat(f.details()).contains("SIZE announced without a fixed limit (RFC 1870 §4): nothing to enforce",
                "ENHANCEDSTATUSCODES: not offered");
        assertThat(server.receivedBeforeTls()).doesNotContain("MAIL");
    }

    @Test
    void aMailRefusalThatDoesNotNameTheSizeIsNotCalledEnforcement() {
        server = FakeSmtpServer.builder().size(5000).on("MAIL", Response.of("530 5.7.0 Authentication required"))
                .start();

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).anySatisfy(d -> assertThat(d).startsWith("SIZE enforcement not shown: MAIL FROM:<>"
                + " SIZE=5001 refused with 530 5.7.0 Authentication required"));
        assertThat(f.details()).noneSatisfy(d -> assertThat(d).startsWith("SIZE enforced"));
    }

    @Test
    void aConnectionDroppedAtTheOversizeMailKeepsTheFactsGathered() {
        server = FakeSmtpServer.builder().size(5000).on("MAIL", Response.close()).start();

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("offers SIZE PIPELINING 8BITMIME ENHANCEDSTATUSCODES");
        assertThat(f.details()).anySatisfy(d -> assertThat(d)
                .startsWith("SIZE enforcement not shown: the conversation broke at MAIL FROM:<> SIZE=5001: "));
    }

    @Test
    void aServerWithoutEhloWarnsThatItHasNoExtensions() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 mx.probe.test SMTP\r\n");
            s.reply("EHLO", "502 5.5.2 Command not recognized\r\n");
            s.reply("HELO", "250 mx.probe.test\r\n");
            s.reply("QUIT", "221 Bye\r\n");
        });

        Finding f = check();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("EHLO refused, HELO accepted: no service extensions");
    }
}
