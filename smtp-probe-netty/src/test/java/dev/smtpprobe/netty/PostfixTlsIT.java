package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.PostfixInstance;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** STARTTLS and implicit TLS against the real Postfix, with the certificate the setup script made. */
class PostfixTlsIT {

    @BeforeAll
    static void startPostfix() {
        PostfixInstance.start();
    }

    private static ProbeClient client(TlsOptions tls) {
        return Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).tls(tls).build());
    }

    private static TlsOptions.Builder trusting() {
        return TlsOptions.builder().trustStore(PostfixInstance.trustStore()).serverName("mx.probe.test");
    }

    @Test
    void startTlsVerifiesPostfixsCertificateAndTheFactsMatchIt() {
        try (var client = client(trusting().build());
                var session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var plain = session.ehlo("client.probe.test");
            assertThat(plain.capabilities().supportsStartTls()).isTrue();
            assertThat(plain.capabilities().authMechanisms()).isEmpty(); // smtpd_tls_auth_only
            var started = plain.startTls();
            var facts = started.tls();
            assertThat(facts.trusted()).isTrue();
            assertThat(facts.hostnameMatched()).isTrue();
            assertThat(facts.protocol()).isIn("TLSv1.2", "TLSv1.3");
            assertThat(facts.leafSubject()).contains("mx.probe.test");
            assertThat(facts.subjectAltNames()).contains("mx.probe.test", "localhost", "127.0.0.1");
            assertThat(facts.daysUntilExpiry(Instant.now())).hasValueSatisfying(d -> assertThat(d).isBetween(1L, 31L));
            assertThat(facts.peerChain()).hasSizeGreaterThanOrEqualTo(1);
            var secured = started.ehlo("client.probe.test");
            assertThat(secured.capabilities().supportsStartTls()).isFalse();
            assertThat(secured.capabilities().authMechanisms()).contains("PLAIN", "LOGIN", "CRAM-MD5", "SCRAM-SHA-256");
            var tx = secured.mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test");
            assertThat(tx.reply().code()).isEqualTo(250);
            assertThat(session.transcript().toString()).contains(" ~> MAIL FROM:<someone@elsewhere.test>");
        }
    }

    @Test
    void requiredModeUpgradesInsideEhlo() {
        try (var client = client(trusting().mode(TlsMode.STARTTLS_REQUIRED).build());
                var session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var hello = session.ehlo("client.probe.test");
            assertThat(session.tls()).isPresent();
            assertThat(hello.capabilities().authMechanisms()).contains("PLAIN");
        }
    }

    @Test
    void implicitTlsOnTheWrapperModePort() {
        try (var client = client(trusting().mode(TlsMode.IMPLICIT).build());
                var session = client.connect(PostfixInstance.HOST, PostfixInstance.tlsPort())) {
            assertThat(session.greeting().code()).isEqualTo(220);
            assertThat(session.tls()).hasValueSatisfying(t -> assertThat(t.trusted()).isTrue());
            assertThat(session.ehlo("client.probe.test").capabilities().authMechanisms()).contains("SCRAM-SHA-256");
        }
    }

    @Test
    void withoutTheTestCaTheCertificateIsNotTrusted() {
        try (var client = client(TlsOptions.builder().serverName("mx.probe.test").build());
                var session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var hello = session.ehlo("client.probe.test");
            var e = catchThrowableOfType(TlsFailedException.class, hello::startTls);
            assertThat(e.failure()).isEqualTo(TlsFailure.VERIFICATION);
            assertThat(e.facts()).hasValueSatisfying(f -> assertThat(f.leafSubject()).contains("mx.probe.test"));
        }
    }

    @Test
    void connectingByAddressMatchesTheIpAddressSan() {
        try (var client = client(TlsOptions.builder().trustStore(PostfixInstance.trustStore()).build());
                var session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var facts = session.ehlo("client.probe.test").startTls().tls();
            assertThat(facts.hostnameChecked()).isEqualTo("127.0.0.1");
            assertThat(facts.hostnameMatched()).isTrue();
            assertThat(facts.sniName()).isEmpty();
        }
    }
}
