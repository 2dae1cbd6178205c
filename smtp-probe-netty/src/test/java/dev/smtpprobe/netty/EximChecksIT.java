package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.SuiteReport;
import dev.smtpprobe.testing.EximInstance;
import dev.smtpprobe.testing.FakeDnsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check suite's expected verdict against the real Exim 4.96 of {@code scripts/exim-test.sh} (port 10125): the
 * open-relay check keeps its verdict although Exim ends the session after the fourth syntax error
 * (smtp_max_synprot_errors = 3, the stock value), and vrfy-expn compares like with like.
 */
class EximChecksIT {

    private static FakeDnsServer dns;
    private static ProbeClient client;
    private static SuiteReport report;

    @BeforeAll
    static void start() {
        EximInstance.start();
        dns = new FakeDnsServer().ptr("127.0.0.1", EximInstance.SERVER_NAME);
        client = ProbeClient.create(ClientOptions.builder().dns(DnsOptions.servers(dns.address())).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                        .tls(TlsOptions.builder().trustStore(EximInstance.trustStore()).build()).build());
        report = CheckSuite.standard().withSettings(CheckSettings.builder().mailDomain("probe.test")
                .expectedHost(EximInstance.SERVER_NAME).build()).run(client, EximInstance.HOST, EximInstance.port());
    }

    @AfterAll
    static void stop() {
        client.close();
        dns.close();
    }

    private static Finding finding(String check) {
        return report.finding(check).orElseThrow();
    }

    @Test
    void openRelayPassesAlthoughEximClosesAfterTooManySyntaxErrors() {
        Finding f = finding("open-relay");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("relaying refused for all 5 address forms");
        assertThat(f.details()).contains("plain <relay-probe@example.net>: refused 550 relay not permitted",
                "quoted local part <\"relay-probe@example.net\"@[127.0.0.1]>: refused 501"
                        + " <\"relay-probe@example.net\"@[127.0.0.1]>: domain literals not allowed",
                "source route <@[127.0.0.1]:relay-probe@example.net>: refused 501"
                        + " <@[127.0.0.1]:relay-probe@example.net>: domain literals not allowed"
                        + " / Too many syntax or protocol errors");
        assertThat(f.error()).isEmpty();
        assertThat(f.transcript().sent()).noneMatch(l -> l.startsWith("DATA"));
    }

    @Test
    void vrfyIsAskedInTheSameQualifiedFormAndThisInstanceReallyConfirmsMailboxes() {
        // the instance allows VRFY (acl_smtp_vrfy = accept): 250 for postmaster@probe.test, 550 for a made-up
        // user at the same domain -- a true finding; the unqualified "501 must contain a domain" is never compared
        Finding f = finding("vrfy-expn");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("VRFY confirms mailboxes (250): addresses can be harvested");
        assertThat(f.details()).contains("VRFY postmaster@probe.test: 250 <postmaster@probe.test> is deliverable",
                "EXPN postmaster: 550 Administrative prohibition");
        assertThat(f.details()).anyMatch(d -> d.matches("VRFY no-such-user-\\w+@probe\\.test: 550 .*Unrouteable address"));
        assertThat(f.transcript().received()).noneMatch(l -> l.contains("must contain a domain"));
    }

    @Test
    void theRestOfTheSuiteHasItsExpectedVerdict() {
        assertThat(finding("reachability").outcome()).isEqualTo(Outcome.PASS);
        assertThat(finding("ehlo").outcome()).isEqualTo(Outcome.PASS);
        assertThat(finding("starttls").outcome()).as(finding("starttls").report()).isEqualTo(Outcome.PASS);
        assertThat(finding("auth-exposure").outcome()).isEqualTo(Outcome.PASS);
        assertThat(finding("auth-exposure").details()).containsExactly(
                "after STARTTLS: AUTH CRAM-MD5 LOGIN NTLM PLAIN");
        assertThat(finding("postmaster-abuse").outcome()).as(finding("postmaster-abuse").report())
                .isEqualTo(Outcome.PASS);
        // the banner says "ESMTP Exim 4.96": the version is disclosed
        Finding banner = finding("banner");
        assertThat(banner.outcome()).isEqualTo(Outcome.WARN);
        assertThat(banner.summary()).isEqualTo("banner discloses the software version (Exim 4.96)");
        assertThat(banner.details()).contains("reverse DNS of 127.0.0.1 is exim.probe.test, as the banner says");
        assertThat(report.findings(Outcome.COULD_NOT_RUN)).isEmpty();
        assertThat(report.findings(Outcome.FAIL)).isEmpty();
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.transcript().sent())
                .noneMatch(l -> l.startsWith("DATA") || l.startsWith("BDAT")));
    }
}
