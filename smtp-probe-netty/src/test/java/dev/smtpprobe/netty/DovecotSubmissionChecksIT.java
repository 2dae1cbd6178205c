package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.Submission;
import dev.smtpprobe.check.SuiteReport;
import dev.smtpprobe.testing.DovecotInstance;
import dev.smtpprobe.testing.FakeDnsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check suite in submission mode against the real Dovecot 2.3 submission server of
 * {@code scripts/dovecot-test.sh}: STARTTLS (port 10587) or implicit TLS (10588) and AUTH before the transaction
 * checks, where the MX suite ends COULD_NOT_RUN on {@code 530 5.7.0 Authentication required}.
 */
class DovecotSubmissionChecksIT {

    private static final Submission ALICE = Submission.login("alice@probe.test", "wonderland")
            .withSender("alice@probe.test");

    private static FakeDnsServer dns;
    private static ProbeClient client;

    @BeforeAll
    static void start() {
        DovecotInstance.start();
        dns = new FakeDnsServer().ptr("127.0.0.1", DovecotInstance.SERVER_NAME);
        client = client(TlsMode.NONE);
    }

    private static ProbeClient client(TlsMode mode) {
        return ProbeClient.create(ClientOptions.builder().dns(DnsOptions.servers(dns.address())).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).tls(TlsOptions.builder()
                        .mode(mode).trustStore(DovecotInstance.trustStore()).build()).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        dns.close();
    }

    private static CheckSettings settings() {
        return CheckSettings.builder().mailDomain("probe.test").expectedHost(DovecotInstance.SERVER_NAME)
                .submission(ALICE).build();
    }

    @Test
    void theSubmissionSuiteLogsInAndHasItsExpectedVerdict() {
        SuiteReport report = CheckSuite.of(Checks.submission()).withSettings(settings())
                .run(client, DovecotInstance.HOST, DovecotInstance.submissionPort());

        assertThat(report.findings(Outcome.COULD_NOT_RUN)).isEmpty();
        assertThat(report.findings(Outcome.FAIL)).isEmpty();
        for (String check : new String[] {"reachability", "banner", "ehlo", "starttls", "vrfy-expn"}) {
            Finding f = report.finding(check).orElseThrow();
            assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        }
        Finding relay = report.finding("open-relay").orElseThrow();
        assertThat(relay.outcome()).as(relay.report()).isEqualTo(Outcome.PASS);
        assertThat(relay.summary()).isEqualTo("relaying refused without authentication for all 5 address forms");
        assertThat(relay.details()).allMatch(d -> d.endsWith("MAIL FROM refused: 530 5.7.0 Authentication required."));

        // Dovecot counts 127.0.0.1 -> 127.0.0.1 as a secured connection, so it offers AUTH before STARTTLS here
        Finding auth = report.finding("submission-auth").orElseThrow();
        assertThat(auth.outcome()).as(auth.report()).isEqualTo(Outcome.WARN);
        assertThat(auth.summary()).startsWith("AUTH LOGIN PLAIN offered before TLS: a client can send the password in"
                + " clear text").contains("logged in as alice@probe.test with SCRAM-SHA-256 inside TLSv1.");
        assertThat(auth.transcript().sent()).containsSubsequence("STARTTLS", "AUTH SCRAM-SHA-256 <redacted>")
                .noneMatch(l -> l.contains("wonderland"));

        // Dovecot's submission service relays for any sender once logged in: the check says so
        Finding own = report.finding("submission-relay").orElseThrow();
        assertThat(own.outcome()).as(own.report()).isEqualTo(Outcome.WARN);
        assertThat(own.summary()).startsWith("relays for the authenticated user, also from <relay-probe@example.com>");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.transcript().sent())
                .noneMatch(l -> l.startsWith("DATA") || l.startsWith("BDAT")));
    }

    @Test
    void theMxSuiteCannotJudgeTheTransactionsOfASubmissionServer() {
        Finding postmaster = CheckSuite.run(Checks.postmasterAndAbuse(), client,
                CheckTarget.of(DovecotInstance.HOST, DovecotInstance.submissionPort()),
                settings().toBuilder().submission(null).build());

        assertThat(postmaster.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(postmaster.summary()).contains("530 5.7.0 Authentication required");
    }

    @Test
    void implicitTlsOnTheSubmissionsPortLogsInWithoutStartTls() {
        try (ProbeClient implicit = client(TlsMode.IMPLICIT)) {
            CheckTarget target = CheckTarget.of(DovecotInstance.HOST, DovecotInstance.submissionsPort());
            Finding auth = CheckSuite.run(Checks.submissionAuth(), implicit, target, settings());
            Finding relay = CheckSuite.run(Checks.submissionRelay(), implicit, target, settings());

            assertThat(auth.outcome()).as(auth.report()).isEqualTo(Outcome.PASS);
            assertThat(auth.details()).contains("TLS from the first byte (implicit TLS, RFC 8314 §3.3)");
            assertThat(auth.transcript().sent()).doesNotContain("STARTTLS");
            assertThat(relay.outcome()).as(relay.report()).isEqualTo(Outcome.WARN);
        }
    }
}
