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
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.ServerCertificate;
import dev.smtpprobe.testing.TestCertificates;
import dev.smtpprobe.testing.TestIdentity;
import java.security.KeyStore;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tls-quality check against served STARTTLS servers with the kit's good and bad certificates, and servers that
 * accept fewer protocol versions. This JVM runs with the JDK's default security properties, which disable TLS 1.0
 * and 1.1: the check must say it did not test them ({@code LegacyTlsQualityTest} covers a JVM that can).
 */
class TlsQualityCheckTest extends FakeServerTest {

    static final String HOST = "localhost";
    /** Expiry warnings off: the kit's certificates live one day. */
    static final CheckSettings NO_EXPIRY_WARNING = CheckSettings.builder().certificateExpiryWarning(Duration.ZERO)
            .build();

    private FakeDnsServer dns;

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private Finding check(SslServer tls, KeyStore trust, CheckSettings settings, String... serverProtocols) {
        var builder = FakeSmtpServer.builder().hostName("mx.probe.test").tlsProtocols(serverProtocols);
        if (tls != null) {
            builder.startTls(tls.context());
        }
        server = builder.start();
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(300))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(TlsOptions.builder().trustStore(trust).handshakeTimeout(Duration.ofSeconds(3)).build())
                        .build());
        return CheckSuite.run(Checks.tlsQuality(), client, CheckTarget.of(HOST, server.port()), settings);
    }

    /** A server-side SSLContext. */
    interface SslServer {
        javax.net.ssl.SSLContext context();
    }

    private Finding check(ServerCertificate cert, CheckSettings settings, String... serverProtocols) {
        return check(cert::serverContext, cert.trustStore(), settings, serverProtocols);
    }

    @Test
    void aTrustedCertificateNamingTheHostWithTls13And12Passes() {
        Finding f = check(ServerCertificate.forHost(HOST), NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).contains("TLSv1.3: accepted", "TLSv1.2: accepted")
                .anySatisfy(d -> assertThat(d).startsWith("leaf: CN=localhost, issued by CN=smtp-probe test kit CA"));
        if (LegacyTlsQualityTest.jvmOffersTls10()) { // run with -Dtest in the legacy-tls execution too
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 refused; certificate trusted"
                    + " and names localhost, 0 days to expiry");
            assertThat(server.sessions()).hasSize(4);
        } else {
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 not tested (this JVM's TLS"
                    + " does not offer them); certificate trusted and names localhost, 0 days to expiry");
            assertThat(f.details()).anySatisfy(d -> assertThat(d)
                    .startsWith("TLSv1.1: not tested: this JVM's TLS does not offer TLSv1.1"));
            // the first handshake (TLS 1.3) and one for TLS 1.2; none for the versions this JVM cannot offer
            assertThat(server.sessions()).hasSize(2);
        }
    }

    @Test
    void aServerWithoutTls13ReportsItRefused() {
        Finding f = check(ServerCertificate.forHost(HOST), NO_EXPIRY_WARNING, "TLSv1.2");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).startsWith("TLSv1.2 accepted; TLSv1.3");
        assertThat(f.details()).contains("TLSv1.2: accepted")
                .anySatisfy(d -> assertThat(d).startsWith("TLSv1.3: refused ("));
    }

    @Test
    void anExpiredCertificateFails() {
        Finding f = check(ServerCertificate.expired(HOST), CheckSettings.DEFAULT);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("certificate expired 1 days ago (");
        assertThat(f.summary()).contains("TLSv1.3, TLSv1.2 accepted"); // the versions are judged all the same
    }

    @Test
    void aCertificateExpiringWithinTheConfiguredDaysWarns() {
        Finding f = check(ServerCertificate.forHost(HOST),
                CheckSettings.builder().certificateExpiryWarning(Duration.ofDays(30)).build());

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("certificate expires in 0 days (warning under 30 days)");
    }

    @Test
    void aCertificateForAnotherHostFailsAgainstTheMxName() {
        Finding f = check(ServerCertificate.wrongHost(HOST), NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("certificate does not name localhost (it names ["
                + ServerCertificate.WRONG_HOST + "])");
    }

    @Test
    void aSelfSignedCertificateTheClientDoesNotTrustFails() {
        ServerCertificate selfSigned = ServerCertificate.selfSigned(HOST);
        // the client trusts another CA, as a sender on the Internet would
        Finding f = check(selfSigned::serverContext, ServerCertificate.forHost(HOST).trustStore(), NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("self-signed certificate, not trusted: ");
        assertThat(f.details()).contains("the leaf is self-signed");
    }

    @Test
    void aChainThroughAnIntermediateInOrderPasses() {
        TestIdentity chain = TestCertificates.validChain(HOST);

        Finding f = check(chain::serverSslContext, TestCertificates.trustStoreWith(TestCertificates.rootCa()),
                NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.details())
                .anySatisfy(d -> assertThat(d).startsWith("chain[1]: CN=smtp-probe Test Intermediate CA"));
    }

    @Test
    void aServerThatForgetsItsIntermediateFailsAsNotTrusted() {
        TestIdentity leafOnly = TestCertificates.validChain(HOST).leafOnly();

        Finding f = check(leafOnly::serverSslContext, TestCertificates.trustStoreWith(TestCertificates.rootCa()),
                CheckSettings.DEFAULT);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("certificate not trusted: ");
    }

    @Test
    void aVersionProbeWhoseConnectionBreaksIsLeftUntestedAndTheVerdictStands() {
        ServerCertificate cert = ServerCertificate.forHost(HOST);
        var connections = new java.util.concurrent.atomic.AtomicInteger();
        server = FakeSmtpServer.builder().startTls(cert.serverContext())
                .greeting(() -> connections.getAndIncrement() == 0 ? dev.smtpprobe.testing.Response.of("220 mx ESMTP")
                        : dev.smtpprobe.testing.Response.close())
                .start();
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(300))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(TlsOptions.builder().trustStore(cert.trustStore()).build()).build());

        Finding f = CheckSuite.run(Checks.tlsQuality(), client, CheckTarget.of(HOST, server.port()), NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).startsWith("TLSv1.3 accepted; ").contains("could not be tested")
                .contains("certificate trusted and names localhost");
        assertThat(f.details()).anySatisfy(d -> assertThat(d).startsWith("TLSv1.2: could not be tested ("));
    }

    @Test
    void aServerOutsideTheClientsOwnProtocolsIsJudgedFromTheVersionThatWorks() {
        ServerCertificate cert = ServerCertificate.forHost(HOST);
        server = FakeSmtpServer.builder().startTls(cert.serverContext()).tlsProtocols("TLSv1.2").start();
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(300))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(TlsOptions.builder().protocols("TLSv1.3").trustStore(cert.trustStore()).build()).build());

        Finding f = CheckSuite.run(Checks.tlsQuality(), client, CheckTarget.of(HOST, server.port()), NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).startsWith("TLSv1.2 accepted; TLSv1.3")
                .contains("certificate trusted and names localhost");
        assertThat(f.details()).contains("certificate as presented in the TLSv1.2 handshake")
                .anySatisfy(d -> assertThat(d).startsWith("no handshake with the client's settings: "));
    }

    @Test
    void noStartTlsFails() {
        Finding f = check((SslServer) null, ServerCertificate.forHost(HOST).trustStore(), NO_EXPIRY_WARNING);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("STARTTLS not offered");
    }
}
