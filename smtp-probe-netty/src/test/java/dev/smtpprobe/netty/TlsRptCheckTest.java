package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The tls-rpt check (RFC 8460 §3) against a scripted DNS server; it talks to no SMTP server. */
class TlsRptCheckTest {

    private static final String NAME = "_smtp._tls.probe.test";
    private FakeDnsServer dns;
    private ProbeClient client;

    @BeforeEach
    void start() {
        dns = new FakeDnsServer();
        client = ProbeClient.create(ClientOptions.builder()
                .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build());
    }

    @AfterEach
    void stop() {
        client.close();
        dns.close();
    }

    private Finding run() {
        // port 9 (discard): the check must not connect to it at all
        return CheckSuite.run(Checks.tlsRpt(), client, CheckTarget.of("mx.probe.test", 9),
                CheckSettings.builder().mailDomain("probe.test").build());
    }

    @Test
    void aRecordWithMailtoAndHttpsReportAddressesPasses() {
        dns.txt(NAME, "v=TLSRPTv1; rua=mailto:tlsrpt@probe.test,", "https://reports.probe.test/v1");

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("TLS-RPT reports go to mailto:tlsrpt@probe.test,"
                + " https://reports.probe.test/v1");
        assertThat(f.transcript().entries()).isEmpty();
    }

    @Test
    void noRecordPassesAndSaysNoReportsAreSent() {
        dns.exists(NAME);

        Finding f = run();

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("no TLS-RPT record at " + NAME + ": senders send no TLS failure reports");
        assertThat(f.details()).containsExactly(NAME + ": 0 TXT record(s), none starting v=TLSRPTv1");
    }

    @Test
    void twoRecordsMeanNoReports() {
        dns.txt(NAME, "v=TLSRPTv1; rua=mailto:a@probe.test").txt(NAME, "v=TLSRPTv1; rua=mailto:b@probe.test");

        Finding f = run();

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("2 v=TLSRPTv1 records at " + NAME + ": senders send no reports"
                + " (RFC 8460 §3)");
    }

    @Test
    void aRecordWithoutRuaFails() {
        dns.txt(NAME, "v=TLSRPTv1;");

        assertThat(run().summary()).isEqualTo("TLS-RPT record without rua: senders do not know where to report"
                + " (RFC 8460 §3)");
    }

    @Test
    void aReportAddressThatIsNeitherMailtoNorHttpsFails() {
        dns.txt(NAME, "v=TLSRPTv1; rua=http://reports.probe.test/,mailto:nobody");

        Finding f = run();

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("TLS-RPT rua [http://reports.probe.test/, mailto:nobody] not a mailto:"
                + " address or https: URI (RFC 8460 §3)");
    }

    @Test
    void aMalformedFieldFails() {
        dns.txt(NAME, "v=TLSRPTv1; rua mailto:tlsrpt@probe.test");

        Finding f = run();

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("malformed TLS-RPT record: field \"rua mailto:tlsrpt@probe.test\" is not"
                + " key=value (RFC 8460 §3)");
    }
}
