package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.Check;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The mta-sts check (RFC 8461) against a scripted DNS server, a local HTTPS policy host (the JDK's HttpsServer with
 * the kit's certificates, reached as {@code localhost}) and a scripted MX that upgrades to TLS.
 */
class MtaStsCheckTest extends FakeServerTest {

    private static final String DOMAIN = "probe.test";
    private static final String MX = "mx.probe.test";
    private static final String GOOD_POLICY = "version: STSv1\r\nmode: enforce\r\nmx: mx.probe.test\r\n"
            + "mx: *.backup.probe.test\r\nmax_age: 604800\r\n";

    private FakeDnsServer dns;
    private HttpsServer https;
    private final AtomicInteger fetches = new AtomicInteger();
    private ServerCertificate policyCert = ServerCertificate.forHost("localhost");
    private final ServerCertificate mxCert = ServerCertificate.forHost(MX);

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
        dns.mx(DOMAIN, 10, MX).address(MX, "127.0.0.1");
    }

    @AfterEach
    void stopDnsAndHttps() {
        dns.close();
        if (https != null) {
            https.stop(0);
        }
    }

    /** A policy host answering {@code status} with {@code body} as {@code contentType}. */
    private void policyHost(int status, String contentType, String body) throws Exception {
        https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(policyCert.serverContext()));
        https.createContext("/.well-known/mta-sts.txt", exchange -> {
            fetches.incrementAndGet();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", contentType);
            if (status / 100 == 3) {
                exchange.getResponseHeaders().add("Location", "https://localhost/elsewhere");
            }
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        https.start();
    }

    private void mxServer() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 " + MX + " ESMTP\r\n");
            s.reply("EHLO", "250-" + MX + "\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
            s.startTls(mxCert.serverContext());
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
        });
    }

    private Check check() {
        HttpClient http = HttpClient.newBuilder().sslContext(policyCert.clientContext())
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(3)).build();
        int port = https == null ? 1 : https.getAddress().getPort();
        return Checks.mtaSts(http, domain -> URI.create("https://localhost:" + port + "/.well-known/mta-sts.txt"));
    }

    private Finding run(TlsOptions.Builder tls, Optional<String> mailDomain) {
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(tls.handshakeTimeout(Duration.ofSeconds(3)).build()).build());
        int port = server == null ? 25 : server.port();
        var target = new CheckTarget(MX, port, Optional.of(InetAddress.getLoopbackAddress()));
        var settings = CheckSettings.builder();
        mailDomain.ifPresent(settings::mailDomain);
        return CheckSuite.run(check(), client, target, settings.build());
    }

    private Finding run() {
        return run(TlsOptions.builder().trustStore(mxCert.trustStore()), Optional.of(DOMAIN));
    }

    @Test
    void anEnforcedPolicyCoveringEveryMxWhoseCertificateIsValidPasses() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=20261202T0630;");
        policyHost(200, "text/plain; charset=utf-8", GOOD_POLICY);
        mxServer();

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("MTA-STS policy in mode enforce covers every MX, and this MX presents a"
                + " valid certificate");
        assertThat(f.details()).contains("MX mx.probe.test: matches mx: mx.probe.test")
                .anyMatch(d -> d.endsWith("mode enforce, mx [mx.probe.test, *.backup.probe.test], max_age 604800"));
        assertThat(f.transcript().sent()).contains("STARTTLS");
        assertThat(fetches).hasValue(1);
    }

    @Test
    void noRecordMeansNoPolicyAndNothingIsFetched() throws Exception {
        policyHost(200, "text/plain", GOOD_POLICY);
        dns.txt("_mta-sts." + DOMAIN, "v=spf1 -all");

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("no MTA-STS record at _mta-sts.probe.test: MTA-STS not published");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void anMxThePatternsDoNotCoverFailsInEnforceModeAndWarnsInTestingMode() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1").mx(DOMAIN, 20, "mx2.elsewhere.test")
                .address("mx2.elsewhere.test", "127.0.0.2");
        policyHost(200, "text/plain", GOOD_POLICY);
        mxServer();

        Finding enforce = run();

        assertThat(enforce.outcome()).as(enforce.report()).isEqualTo(Outcome.FAIL);
        assertThat(enforce.summary()).isEqualTo("MTA-STS mode enforce: MX mx2.elsewhere.test not covered by the"
                + " policy's mx patterns (senders do not deliver there, RFC 8461 §5)");

        https.stop(0);
        server.close();
        client.close();
        policyHost(200, "text/plain", GOOD_POLICY.replace("enforce", "testing"));
        mxServer();

        Finding testing = run();

        assertThat(testing.outcome()).as(testing.report()).isEqualTo(Outcome.WARN);
        assertThat(testing.summary()).endsWith("(testing: senders report, still deliver)");
    }

    @Test
    void aWildcardCoversExactlyOneLabel() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1").mx(DOMAIN, 20, "a.backup.probe.test")
                .mx(DOMAIN, 30, "b.a.backup.probe.test").address("a.backup.probe.test", "127.0.0.2")
                .address("b.a.backup.probe.test", "127.0.0.3");
        policyHost(200, "text/plain", GOOD_POLICY);
        mxServer();

        Finding f = run();

        assertThat(f.details()).contains("MX a.backup.probe.test: matches mx: *.backup.probe.test",
                "MX b.a.backup.probe.test: matches no mx pattern");
        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void aPolicyHostWhoseCertificateDoesNotNameItFails() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1");
        policyCert = ServerCertificate.wrongHost("localhost");
        policyHost(200, "text/plain", GOOD_POLICY);

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("MTA-STS record published but the policy could not be fetched over valid"
                + " HTTPS (the certificate must be trusted and name localhost)");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void aRedirectIsNotFollowedAndFails() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1");
        policyHost(301, "text/html", "moved");

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).contains("answers HTTP 301 (a redirect, which senders must not follow)");
    }

    @Test
    void aPolicyServedAsHtmlFails() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1");
        policyHost(200, "text/html", GOOD_POLICY);

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).contains("is served as \"text/html\", not text/plain");
    }

    @Test
    void anInvalidPolicyNamesEveryProblem() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1");
        policyHost(200, "text/plain", "version: STSv1\nmode: strict\nmax_age: forever\n");

        Finding f = run();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("invalid MTA-STS policy: mode strict is not enforce, testing or none;"
                + " max_age forever is not a number of seconds up to 31557600; no mx field (required unless mode is"
                + " none) (RFC 8461 §3.2)");
        assertThat(f.details()).contains("policy lines end in LF, not the CRLF of RFC 8461 §3.2 (most senders"
                + " accept it)");
    }

    @Test
    void twoStsRecordsMeanNoPolicyAtAll() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1").txt("_mta-sts." + DOMAIN, "v=STSv1; id=2");
        policyHost(200, "text/plain", GOOD_POLICY);

        Finding f = run();

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("2 v=STSv1 records at _mta-sts.probe.test");
        assertThat(fetches).hasValue(0);
    }

    @Test
    void aRecordWithoutIdIsMalformed() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1;");
        policyHost(200, "text/plain", GOOD_POLICY);

        Finding f = run();

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("MTA-STS record without a valid id");
    }

    @Test
    void anMxWhoseCertificateTheSenderCannotTrustFailsAnEnforcedPolicy() throws Exception {
        dns.txt("_mta-sts." + DOMAIN, "v=STSv1; id=1");
        policyHost(200, "text/plain", GOOD_POLICY);
        mxServer();

        // the client trusts another CA than the one that issued the MX's certificate
        Finding f = run(TlsOptions.builder().trustStore(ServerCertificate.forHost(MX).trustStore()),
                Optional.of(DOMAIN));

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("MTA-STS mode enforce: this MX presents a certificate not valid for "
                + MX);
    }

    @Test
    void withoutAMailDomainThereIsNoPolicyToLookUp() {
        Finding f = run(TlsOptions.builder(), Optional.empty());

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(dns.queries()).isZero();
    }
}
