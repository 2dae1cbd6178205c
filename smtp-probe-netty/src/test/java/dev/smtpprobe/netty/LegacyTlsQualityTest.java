package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.ServerCertificate;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tls-quality check's verdict on TLS 1.0 and 1.1. The surefire execution {@code legacy-tls} of this module runs
 * this class in a JVM whose {@code java.security} override (src/test/resources/legacy-tls.java.security) re-enables
 * them, so that the served server accepts them and the check really offers them. Run in a JVM with the JDK's
 * defaults (the other executions), the same servers must get "not tested", never "refused" or "accepted".
 */
class LegacyTlsQualityTest extends FakeServerTest {

    private static final String HOST = TlsQualityCheckTest.HOST;
    private FakeDnsServer dns;

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    /** Whether this JVM's TLS can build a TLS 1.0 ClientHello (the legacy-tls execution's override is in force). */
    static boolean jvmOffersTls10() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, null, null);
            SSLEngine engine = context.createSSLEngine();
            engine.setUseClientMode(true);
            engine.setEnabledProtocols(new String[] {"TLSv1"});
            engine.beginHandshake();
            engine.wrap(ByteBuffer.allocate(0), ByteBuffer.allocate(engine.getSession().getPacketBufferSize()));
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private Finding check(String... serverProtocols) {
        ServerCertificate cert = ServerCertificate.forHost(HOST);
        server = FakeSmtpServer.builder().startTls(cert.serverContext()).tlsProtocols(serverProtocols).start();
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(300))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                        .tls(TlsOptions.builder().trustStore(cert.trustStore()).build()).build());
        return CheckSuite.run(Checks.tlsQuality(), client, CheckTarget.of(HOST, server.port()),
                TlsQualityCheckTest.NO_EXPIRY_WARNING);
    }

    @Test
    void tls10And11StillAcceptedWarnWhereTheJvmCanOfferThem() {
        Finding f = check("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");

        if (jvmOffersTls10()) {
            assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
            assertThat(f.summary()).startsWith("TLSv1.1 and TLSv1 still accepted (deprecated by RFC 8996);"
                    + " TLSv1.3, TLSv1.2, TLSv1.1, TLSv1 accepted");
            assertThat(server.sessions()).hasSize(4); // one handshake per version
        } else {
            assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
            assertThat(f.summary()).contains("TLSv1.1, TLSv1 not tested (this JVM's TLS does not offer them)");
            assertThat(server.sessions()).hasSize(2);
        }
    }

    @Test
    void tls10And11RefusedPassWhereTheJvmCanOfferThem() {
        Finding f = check("TLSv1.3", "TLSv1.2");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        if (jvmOffersTls10()) {
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 refused;");
            assertThat(f.details()).anySatisfy(d -> assertThat(d).startsWith("TLSv1: refused ("));
        } else {
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 not tested");
        }
    }
}
