package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.TestCertificates;
import dev.smtpprobe.testing.TestIdentity;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Certificate and host name verification after STARTTLS, for each kind of certificate a server may present. */
@Timeout(30)
class CertificateVerificationTest extends FakeServerTest {

    private static final String HOST = "localhost";

    private dev.smtpprobe.SmtpSession session;

    private TlsOptions.Builder trustingRoot() {
        return TlsOptions.builder().trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa()))
                .handshakeTimeout(Duration.ofSeconds(3));
    }

    /** Connects, EHLO, STARTTLS against a server presenting {@code identity}; returns the facts or throws. */
    private TlsFacts startTls(TestIdentity identity, TlsOptions tls, String connectTo) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(identity.serverSslContext());
            s.reply("EHLO", "250 fake.test\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3))).tls(tls).build());
        session = client.connect(connectTo, server.port());
        var started = session.ehlo("client.test").startTls();
        started.ehlo("client.test");
        return started.tls();
    }

    private TlsFailedException rejected(TestIdentity identity) {
        var e = catchThrowableOfType(TlsFailedException.class, () -> startTls(identity, trustingRoot().build(), HOST));
        assertThat(e).isNotNull();
        assertThat(e.transcript().toString()).contains("STARTTLS");
        return e;
    }

    @Test
    void certificateFromTheTrustedCaForTheHostIsVerified() {
        var facts = startTls(TestCertificates.valid(HOST), trustingRoot().build(), HOST);
        assertThat(facts.verificationEnabled()).isTrue();
        assertThat(facts.trusted()).isTrue();
        assertThat(facts.trustProblem()).isEmpty();
        assertThat(facts.hostnameMatched()).isTrue();
        assertThat(facts.hostnameChecked()).isEqualTo(HOST);
        assertThat(facts.leafSubject()).contains("CN=" + HOST);
        assertThat(facts.subjectAltNames()).contains(HOST);
        assertThat(facts.daysUntilExpiry(Instant.now())).hasValueSatisfying(d -> assertThat(d).isNotNegative());
        assertThat(facts.notAfter()).hasValueSatisfying(t -> assertThat(t).isAfter(Instant.now()));
        assertThat(facts.protocol()).isIn("TLSv1.3", "TLSv1.2");
        assertThat(facts.cipherSuite()).startsWith("TLS_");
    }

    @Test
    void chainThroughAnIntermediateIsVerified() {
        var facts = startTls(TestCertificates.validChain(HOST), trustingRoot().build(), HOST);
        assertThat(facts.trusted()).isTrue();
        assertThat(facts.peerChain()).hasSize(2);
    }

    @Test
    void leafWithoutItsIntermediateIsNotTrusted() {
        var e = rejected(TestCertificates.validChain(HOST).leafOnly());
        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
        assertThat(e.facts()).hasValueSatisfying(f -> assertThat(f.trusted()).isFalse());
    }

    @Test
    void selfSignedCertificateFailsVerificationWithTheReasonAndTheFacts() {
        var e = rejected(TestCertificates.selfSigned(HOST));
        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
        assertThat(e.getMessage()).contains("not trusted");
        assertThat(e.facts()).hasValueSatisfying(f -> {
            assertThat(f.trusted()).isFalse();
            assertThat(f.trustProblem()).hasValueSatisfying(p -> assertThat(p).contains("no trusted CA"));
            assertThat(f.leafSubject()).contains(HOST);
            assertThat(f.handshakeCompleted()).isFalse();
        });
        assertThat(server.receivedInTls()).isEmpty();
    }

    @Test
    void expiredCertificateFailsVerificationAsExpired() {
        var e = rejected(TestCertificates.expired(HOST));
        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
        assertThat(e.facts()).hasValueSatisfying(f -> {
            assertThat(f.trustProblem()).hasValueSatisfying(p -> assertThat(p).containsIgnoringCase("expired"));
            assertThat(f.daysUntilExpiry(Instant.now())).hasValueSatisfying(d -> assertThat(d).isNegative());
        });
    }

    @Test
    void certificateForAnotherHostFailsHostNameVerification() {
        var e = rejected(TestCertificates.wrongHost(HOST));
        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
        assertThat(e.getMessage()).contains("does not name " + HOST);
        assertThat(e.facts()).hasValueSatisfying(f -> {
            assertThat(f.trusted()).isTrue();
            assertThat(f.hostnameMatched()).isFalse();
            assertThat(f.subjectAltNames()).containsExactly(TestCertificates.WRONG_HOST);
        });
    }

    @Test
    void certificateFromAnUntrustedCaFailsVerification() {
        var e = rejected(TestCertificates.untrustedCa(HOST));
        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
        assertThat(e.facts()).hasValueSatisfying(f -> assertThat(f.trusted()).isFalse());
    }

    @Test
    void jdkDefaultTrustStoreDoesNotTrustTheTestCa() {
        var e = catchThrowableOfType(TlsFailedException.class,
                () -> startTls(TestCertificates.valid(HOST), TlsOptions.builder().build(), HOST));
        assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
    }

    @Test
    void insecureModeAcceptsButRecordsWhatVerificationWouldHaveSaid() {
        var tls = TlsOptions.builder().trustAllCertificatesInsecure().build();
        var facts = startTls(TestCertificates.wrongHost(HOST), tls, HOST);
        assertThat(facts.verificationEnabled()).isFalse();
        assertThat(facts.trusted()).isFalse(); // the JDK trust store does not know the test CA
        assertThat(facts.hostnameMatched()).isFalse();
        assertThat(facts.summary()).contains("verification OFF");
        assertThat(client).isNotNull();
    }

    @Test
    void insecureModeIsRecordedInTheTranscript() {
        var tls = TlsOptions.builder().trustAllCertificatesInsecure().build();
        startTls(TestCertificates.selfSigned(HOST), tls, HOST);
        assertThat(session.transcript().toString())
                .contains("=== certificate verification is OFF (trustAllCertificatesInsecure)")
                .contains("verification OFF (insecure mode)");
        assertThat(server.receivedInTls()).contains("EHLO client.test");
    }

    @Test
    void serverNameOptionChecksTheCertificateAgainstThatName() {
        var identity = TestCertificates.valid("mx.probe.test");
        var facts = startTls(identity, trustingRoot().serverName("mx.probe.test").build(), "127.0.0.1");
        assertThat(facts.hostnameChecked()).isEqualTo("mx.probe.test");
        assertThat(facts.hostnameMatched()).isTrue();
        assertThat(facts.sniName()).hasValue("mx.probe.test");
        assertThat(server.tlsSni()).hasValue("mx.probe.test");
    }

    @Test
    void addressWithoutSniIsMatchedAgainstIpAddressSans() {
        var identity = TestCertificates.issued("ip-only", java.util.List.of(), java.util.List.of("127.0.0.1"),
                Instant.now().minusSeconds(3600), Instant.now().plusSeconds(86400));
        var facts = startTls(identity, trustingRoot().build(), "127.0.0.1");
        assertThat(facts.sniName()).isEmpty();
        assertThat(facts.hostnameMatched()).isTrue();
    }
}
