package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.MxReport;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.SuiteReport;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.PostfixInstance;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The check suite against the real Postfix: configured safely (port 10025) and as an open relay (10027, the same
 * instance with mynetworks = 127.0.0.0/8), and through MX resolution from a DNS server on loopback.
 */
class PostfixChecksIT {

    private static FakeDnsServer dns;
    private static ProbeClient client;

    @BeforeAll
    static void start() {
        PostfixInstance.start();
        dns = new FakeDnsServer().mx("probe.test", 10, "mx.probe.test").address("mx.probe.test", "127.0.0.1")
                .ptr("127.0.0.1", "mx.probe.test");
        client = ProbeClient.create(ClientOptions.builder().dns(DnsOptions.servers(dns.address())).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                        .tls(TlsOptions.builder().trustStore(PostfixInstance.trustStore()).build()).build());
    }

    @AfterAll
    static void stop() {
        client.close();
        dns.close();
    }

    private static CheckSettings settings() {
        return CheckSettings.builder().mailDomain("probe.test").expectedHost("mx.probe.test").build();
    }

    @Test
    void theSafelyConfiguredPostfixPassesAllButVrfy() {
        SuiteReport report = CheckSuite.standard().withSettings(settings())
                .run(client, PostfixInstance.HOST, PostfixInstance.port());

        assertThat(report.findings()).filteredOn(f -> !f.check().equals("vrfy-expn"))
                .allSatisfy(f -> assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS));
        assertThat(report.finding("banner").orElseThrow().details())
                .contains("reverse DNS of 127.0.0.1 is mx.probe.test, as the banner says");
        assertThat(report.finding("open-relay").orElseThrow().details())
                .hasSize(5).allMatch(d -> d.contains("refused 554 5.7.1"));
        assertThat(report.finding("starttls").orElseThrow().summary())
                .matches("TLSv1\\.[23], certificate trusted and names mx\\.probe\\.test, \\d+ days to expiry");
        assertThat(report.finding("auth-exposure").orElseThrow().details())
                .containsExactly("after STARTTLS: AUTH CRAM-MD5 LOGIN PLAIN SCRAM-SHA-256");
        // disable_vrfy_command = no: 252 for postmaster, 550 for a user that does not exist
        Finding vrfy = report.finding("vrfy-expn").orElseThrow();
        assertThat(vrfy.outcome()).isEqualTo(Outcome.WARN);
        assertThat(vrfy.summary()).contains("VRFY answers 252 for postmaster but 550 for a made-up user");
        assertThat(report.findings()).allSatisfy(f -> assertThat(f.transcript().sent()).noneMatch(l -> l.startsWith("DATA")));
    }

    @Test
    void theOpenRelayPortFailsTheRelayCheckAndNamesTheForms() {
        Finding f = CheckSuite.run(Checks.openRelay(), client,
                CheckTarget.of(PostfixInstance.HOST, PostfixInstance.relayPort()), settings());

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("open relay: a foreign recipient was accepted in ")
                .contains("plain <relay-probe@example.net>");
        assertThat(f.details()).anyMatch(d -> d.startsWith("plain <relay-probe@example.net>: ACCEPTED 250 2.1.5 Ok"));
        assertThat(f.transcript().sent()).noneMatch(l -> l.startsWith("DATA")).endsWith("RSET", "QUIT");
    }

    @Test
    void theSuiteRunsAgainstEveryMxOfTheDomain() {
        MxReport report = CheckSuite.of(Checks.reachability(), Checks.banner(), Checks.startTls(),
                Checks.postmasterAndAbuse()).runAgainstMx(client, "probe.test", PostfixInstance.port());

        assertThat(report.mx().kind()).isEqualTo(MxResult.Kind.MX);
        assertThat(report.reports()).singleElement().satisfies(r -> {
            assertThat(r.target().host()).isEqualTo("mx.probe.test");
            assertThat(r.findings()).allSatisfy(f -> assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS));
            assertThat(r.finding("banner").orElseThrow().details()).contains("banner names mx.probe.test as expected");
        });
        assertThat(report.worst()).isEqualTo(Outcome.PASS);
        assertThat(report.toString()).contains("probe.test: MX").contains("10 mx.probe.test [127.0.0.1]");
    }
}
