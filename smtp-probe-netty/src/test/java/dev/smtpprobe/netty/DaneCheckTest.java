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
import dev.smtpprobe.check.MxReport;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.ServerCertificate;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The dane check (RFC 7672) against a scripted DNS server that sets the AD bit for signed names and a scripted SMTP
 * server that really upgrades to TLS with the kit's certificates.
 */
class DaneCheckTest extends FakeServerTest {

    private static final String MX = "mx.probe.test";
    private FakeDnsServer dns;

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private String tlsaName() {
        return "_" + server.port() + "._tcp." + MX;
    }

    /** Starts a server presenting {@code cert} after STARTTLS (or no STARTTLS at all). */
    private void serve(ServerCertificate cert, boolean offerStartTls) {
        serve(cert.serverContext(), offerStartTls);
    }

    /** An SSLContext presenting the leaf and, after it, its CA: the chain a DANE-TA(2) server sends (§3.1.2). */
    private static SSLContext withIssuerInChain(ServerCertificate cert) throws Exception {
        KeyStore own = cert.keyStore();
        String alias = java.util.Collections.list(own.aliases()).stream().filter(a -> {
            try {
                return own.isKeyEntry(a);
            } catch (java.security.KeyStoreException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow();
        var pkitestingKey = own.getKey(alias, "test-only".toCharArray());
        var key = java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(pkitestingKey.getEncoded()));
        KeyStore chain = KeyStore.getInstance("PKCS12");
        chain.load(null, null);
        chain.setKeyEntry("mx", key, "pw".toCharArray(),
                new Certificate[] {cert.certificate(), cert.caCertificate()});
        var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(chain, "pw".toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private void serve(SSLContext context, boolean offerStartTls) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 " + MX + " ESMTP\r\n");
            if (!offerStartTls) {
                s.reply("EHLO", "250-" + MX + "\r\n250 PIPELINING\r\n");
                s.reply("QUIT", "221 2.0.0 Bye\r\n");
                return;
            }
            s.reply("EHLO", "250-" + MX + "\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 2.0.0 Ready to start TLS\r\n");
            s.startTls(context);
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
        });
    }

    private Finding dane() {
        // the client trusts nothing of the kit: DANE, not PKIX, has to decide
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(TlsOptions.builder().handshakeTimeout(Duration.ofSeconds(3)).build()).build());
        var target = new CheckTarget(MX, server.port(), Optional.of(InetAddress.getLoopbackAddress()));
        return CheckSuite.run(Checks.dane(), client, target, CheckSettings.DEFAULT);
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] sha512(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-512").digest(data);
    }

    private static byte[] spki(X509Certificate c) {
        return c.getPublicKey().getEncoded();
    }

    @Test
    void noTlsaRecordsMeansDaneIsNotPublishedAndPassesWithoutConnecting() {
        serve(ServerCertificate.forHost(MX), true);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("no TLSA records at " + tlsaName()
                + ": DANE not published, senders use opportunistic TLS");
        assertThat(f.details()).containsExactly(tlsaName() + ": no such name, not DNSSEC-validated (the resolver did"
                + " not set the AD bit)");
        assertThat(server.connectionCount()).isZero();
        assertThat(dns.dnssecOkQueries()).as("the TLSA question carries the DO bit").isEqualTo(1);
    }

    @Test
    void aValidatedDaneEeRecordMatchingTheLeafKeyPassesEvenForACertificateNoCaVouchesFor() throws Exception {
        ServerCertificate cert = ServerCertificate.selfSigned(MX);
        serve(cert, true);
        dns.tlsa("_" + server.port() + "._tcp." + MX, 3, 1, 1, sha256(spki(cert.certificate())))
                .signed("_" + server.port() + "._tcp." + MX);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).startsWith("TLSA 3 1 1 ").contains("matches the server's own public key");
        assertThat(f.details()).contains(tlsaName() + ": 1 TLSA record(s), DNSSEC-validated (AD bit set)");
        assertThat(f.transcript().sent()).contains("STARTTLS");
    }

    @Test
    void everySelectorAndMatchingTypeIsComparedAndOneMatchIsEnough() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost(MX);
        ServerCertificate other = ServerCertificate.forHost(MX);
        serve(cert, true);
        String name = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name, 3, 0, 1, sha256(other.certificate().getEncoded()))
                .tlsa(name, 3, 1, 2, sha512(spki(other.certificate())))
                .tlsa(name, 3, 0, 0, cert.certificate().getEncoded())
                .signed(name);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).contains("matches the server's own certificate");
        assertThat(f.details()).filteredOn(d -> d.startsWith("TLSA 3 0 1 ")).singleElement().asString()
                .endsWith("does not match the server's certificate");
        assertThat(f.details()).filteredOn(d -> d.startsWith("TLSA 3 1 2 ")).singleElement().asString()
                .endsWith("does not match the server's public key");
    }

    @Test
    void validatedRecordsOfWhichNoneMatchesThePresentedChainFail() throws Exception {
        serve(ServerCertificate.forHost(MX), true);
        String name = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name, 3, 1, 1, sha256(spki(ServerCertificate.forHost(MX).certificate()))).signed(name);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("no usable TLSA record matches the certificate chain the server presents:"
                + " DANE senders do not deliver to this host (RFC 7672 §2.2)");
    }

    @Test
    void recordsWithoutTheAdBitAreNotTrustedAndSaySo() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost(MX);
        serve(cert, true);
        dns.tlsa("_" + server.port() + "._tcp." + MX, 3, 1, 1, sha256(spki(cert.certificate())));

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("TLSA records are not DNSSEC-validated (the resolver did not set the AD"
                + " bit), so DANE senders ignore them (RFC 7672 §2.2); they would match the presented chain");
    }

    @Test
    void aDaneTaRecordPinningAnIssuerTheServerDoesNotSendMatchesNothing() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost(MX);
        serve(cert, true); // the kit's server sends its leaf alone
        String name = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name, 2, 0, 1, sha256(cert.caCertificate().getEncoded())).signed(name);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.details()).anyMatch(d -> d.startsWith("TLSA 2 0 1 ") && d.endsWith("pins no issuer certificate"
                + " the server presents (a DANE-TA anchor must be in the chain, RFC 7672 §3.1.2)"));
    }

    @Test
    void aDaneTaRecordPinningTheIssuerPassesWhenTheLeafNamesTheMxAndFailsWhenItDoesNot() throws Exception {
        ServerCertificate good = ServerCertificate.forHost(MX);
        serve(withIssuerInChain(good), true);
        String name = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name, 2, 0, 1, sha256(good.caCertificate().getEncoded())).signed(name);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).contains("matches the trust anchor CN=smtp-probe test kit CA")
                .contains("naming " + MX);

        ServerCertificate wrongName = ServerCertificate.wrongHost(MX);
        server.close();
        client.close();
        serve(withIssuerInChain(wrongName), true);
        String name2 = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name2, 2, 1, 1, sha256(spki(wrongName.caCertificate()))).signed(name2);

        Finding wrong = dane();

        assertThat(wrong.outcome()).as(wrong.report()).isEqualTo(Outcome.FAIL);
        assertThat(wrong.details()).anyMatch(d -> d.startsWith("TLSA 2 1 1 ")
                && d.endsWith("but the certificate does not name " + MX + " (DANE-TA checks the name, RFC 7672 §3.2.2)"));
    }

    @Test
    void onlyPkixUsagesPublishedIsAWarningThatSendersAuthenticateNothing() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost(MX);
        serve(cert, true);
        String name = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name, 1, 1, 1, sha256(spki(cert.certificate()))).signed(name);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("no usable TLSA record at " + name
                + ": senders use TLS without authentication");
        assertThat(f.details()).anyMatch(d -> d.startsWith("TLSA 1 1 1 ") && d.contains("unusable for SMTP"));
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void validatedTlsaWithoutStartTlsFails() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost(MX);
        serve(cert, false);
        String name = "_" + server.port() + "._tcp." + MX;
        dns.tlsa(name, 3, 1, 1, sha256(spki(cert.certificate()))).signed(name);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("STARTTLS not offered: DANE senders do not deliver to this host"
                + " (RFC 7672 §2.2)");
    }

    @Test
    void aServfailForTheTlsaLookupFailsBecauseSendersDeferTheMail() {
        serve(ServerCertificate.forHost(MX), true);
        dns.servfail("_" + server.port() + "._tcp." + MX);

        Finding f = dane();

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("TLSA lookup of " + tlsaName() + " answered SERVFAIL");
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void theTransportSecurityChecksRunAgainstEveryMxOfTheDomain() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost(MX);
        serve(cert, true);
        String name = "_" + server.port() + "._tcp." + MX;
        dns.mx("probe.test", 10, MX).address(MX, "127.0.0.1").signed(name)
                .tlsa(name, 3, 1, 1, sha256(spki(cert.certificate())))
                .txt("_smtp._tls.probe.test", "v=TLSRPTv1; rua=mailto:tlsrpt@probe.test");
        client = ProbeClient.create(ClientOptions.builder()
                .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build());

        MxReport report = CheckSuite.of(Checks.transportSecurity()).runAgainstMx(client, "probe.test", server.port());

        assertThat(report.reports()).singleElement().satisfies(r -> {
            assertThat(r.findings()).extracting(Finding::check).containsExactly("dane", "mta-sts", "tls-rpt");
            assertThat(r.findings()).allSatisfy(f -> assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS));
            assertThat(r.finding("mta-sts").orElseThrow().summary()).startsWith("no MTA-STS record");
        });
        assertThat(server.connectionCount()).isEqualTo(1);
    }

    @Test
    void anAddressWithoutAnExpectedHostCannotBeChecked() {
        serve(ServerCertificate.forHost(MX), true);
        client = ProbeClient.create(ClientOptions.builder().dns(DnsOptions.servers(dns.address())).build());

        Finding f = CheckSuite.run(Checks.dane(), client, CheckTarget.of("127.0.0.1", server.port()),
                CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(dns.queries()).isZero();
    }
}
