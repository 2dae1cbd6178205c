package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

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
import dev.smtpprobe.testing.EximInstance;
import dev.smtpprobe.testing.PostfixInstance;
import java.security.KeyStore;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The tls-quality check's TLS 1.0/1.1 verdict on the real Postfix (OpenSSL 3) and Exim (GnuTLS, tls_require_ciphers
 * with TLS 1.3 and 1.2 only), both of which answer a TLS 1.0 or 1.1 ClientHello with a {@code protocol_version}
 * alert. The failsafe execution {@code legacy-tls} runs this class in a JVM that can still offer TLS 1.0 and 1.1
 * (src/test/resources/legacy-tls.java.security), where the check must say "refused"; in the default JVM it must say
 * "not tested".
 */
class LegacyTlsQualityIT {

    private static Finding check(KeyStore trust, int port, String expectedHost) {
        try (var client = ProbeClient.create(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(TlsOptions.builder().trustStore(trust).build()).build())) {
            return CheckSuite.run(Checks.tlsQuality(), client, CheckTarget.of("127.0.0.1", port), CheckSettings
                    .builder().expectedHost(expectedHost).certificateExpiryWarning(Duration.ZERO).build());
        }
    }

    private static void assertLegacyVersions(Finding f) {
        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        if (LegacyTlsQualityTest.jvmOffersTls10()) {
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 refused; ");
            assertThat(f.details()).anySatisfy(d -> assertThat(d).startsWith("TLSv1: refused (")
                    .contains("protocol_version"));
        } else {
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 not tested");
        }
    }

    @Test
    void postfixRefusesTls10And11() {
        PostfixInstance.start();

        assertLegacyVersions(check(PostfixInstance.trustStore(), PostfixInstance.port(), "mx.probe.test"));
    }

    @Test
    void eximRefusesTls10And11() {
        EximInstance.start();

        assertLegacyVersions(check(EximInstance.trustStore(), EximInstance.port(), EximInstance.SERVER_NAME));
    }
}
