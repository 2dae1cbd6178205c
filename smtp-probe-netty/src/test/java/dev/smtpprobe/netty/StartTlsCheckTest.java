package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.TestCertificates;
import dev.smtpprobe.testing.TestIdentity;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The starttls and auth-exposure checks against a scripted server that really upgrades to TLS. */
class StartTlsCheckTest extends FakeServerTest {

    private static final String HOST = "localhost";
    private FakeDnsServer dns;

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private ProbeClient clientTrusting(TlsOptions.Builder tls) {
        return ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(300))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(tls.handshakeTimeout(Duration.ofSeconds(3)).build()).build());
    }

    private static TlsOptions.Builder trustingRoot() {
        return TlsOptions.builder().trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa()));
    }

    /** A certificate for localhost from the test root, valid for 90 more days. */
    private static TestIdentity valid() {
        Instant now = Instant.now();
        return TestCertificates.issued(HOST, List.of(HOST), List.of(), now.minus(1, ChronoUnit.DAYS),
                now.plus(90, ChronoUnit.DAYS));
    }

    private Finding startTlsCheck(TestIdentity identity, TlsOptions.Builder tls) {
        return startTlsCheck(identity, tls, CheckSettings.DEFAULT);
    }

    private Finding startTlsCheck(TestIdentity identity, TlsOptions.Builder tls, CheckSettings settings) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 mx.probe.test ESMTP\r\n");
            s.reply("EHLO", "250-mx.probe.test\r\n250-PIPELINING\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
            s.startTls(identity.serverSslContext());
            s.reply("EHLO", "250-mx.probe.test\r\n250 AUTH PLAIN LOGIN\r\n");
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
        });
        client = clientTrusting(tls);
        return CheckSuite.run(Checks.startTls(), client, CheckTarget.of(HOST, server.port()), settings);
    }

    @Test
    void trustedCertificateNamingTheHostPasses() {
        Finding f = startTlsCheck(valid(), trustingRoot());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).matches("TLSv1\\.[23], certificate trusted and names localhost, (89|90) days to expiry");
        assertThat(f.details()).anyMatch(d -> d.startsWith("protocol TLSv1."));
        assertThat(f.replies()).extracting(r -> r.code()).containsExactly(250, 220, 250);
        assertThat(f.phase("STARTTLS")).isPresent();
        assertThat(f.transcript().toString()).contains("STARTTLS").contains("QUIT");
    }

    @Test
    void aCertificateNearExpiryWarns() {
        Instant now = Instant.now();
        var identity = TestCertificates.issued(HOST, List.of(HOST), List.of(), now.minus(30, ChronoUnit.DAYS),
                now.plus(5, ChronoUnit.DAYS).plus(1, ChronoUnit.HOURS));

        Finding f = startTlsCheck(identity, trustingRoot());

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("certificate expires in 5 days");
    }

    @Test
    void anUntrustedCertificateFailsWithTheFacts() {
        Finding f = startTlsCheck(TestCertificates.selfSigned(HOST), trustingRoot());

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("certificate not trusted: ");
        assertThat(f.error()).get().isInstanceOf(TlsFailedException.class);
        assertThat(f.details()).anyMatch(d -> d.startsWith("certificate CN=localhost"));
    }

    @Test
    void aCertificateForAnotherHostFails() {
        Finding f = startTlsCheck(TestCertificates.wrongHost(HOST), trustingRoot());

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).contains("certificate does not name localhost");
    }

    @Test
    void withVerificationOffTrustIsNotJudgedButTheNameStillIs() {
        Finding f = startTlsCheck(TestCertificates.selfSigned(HOST),
                TlsOptions.builder().trustAllCertificatesInsecure(),
                CheckSettings.builder().certificateExpiryWarning(Duration.ZERO).build());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).contains(
                "certificate verification is off in the client's TLS options: trust not judged");
    }

    @Test
    void refusedStartTlsFails() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 mx.probe.test ESMTP\r\n");
            s.reply("EHLO", "250-mx.probe.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "454 4.7.0 TLS not available due to local problem\r\n");
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
        });
        client = clientTrusting(trustingRoot());

        Finding f = CheckSuite.run(Checks.startTls(), client, CheckTarget.of(HOST, server.port()),
                CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo(
                "STARTTLS offered but refused: 454 4.7.0 TLS not available due to local problem");
    }

    @Test
    void implicitTlsIsJudgedFromTheFirstByte() {
        server = FakeSmtpServer.startImplicitTls(valid().serverSslContext(), s -> {
            s.send("220 mx.probe.test ESMTP\r\n");
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
        });
        client = clientTrusting(trustingRoot().mode(dev.smtpprobe.TlsMode.IMPLICIT));

        Finding f = CheckSuite.run(Checks.startTls(), client, CheckTarget.of(HOST, server.port()),
                CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).contains("TLS from the first byte (implicit TLS, RFC 8314)");
    }

    @Test
    void authExposureListsWhatTheServerOffersAfterTls() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 mx.probe.test ESMTP\r\n");
            s.reply("EHLO", "250-mx.probe.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
            s.startTls(valid().serverSslContext());
            s.reply("EHLO", "250-mx.probe.test\r\n250 AUTH PLAIN LOGIN\r\n");
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
        });
        client = clientTrusting(trustingRoot());

        Finding f = CheckSuite.run(Checks.authExposure(), client, CheckTarget.of(HOST, server.port()),
                CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("no AUTH offered before TLS");
        assertThat(f.details()).containsExactly("after STARTTLS: AUTH LOGIN PLAIN");
        assertThat(server.receivedInTls()).doesNotContain("AUTH ");
    }
}
