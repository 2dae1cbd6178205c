package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.Check;
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
 * The esmtp-facts and tls-quality checks against the real Postfix (scripts/postfix-test.sh) and Exim
 * (scripts/exim-test.sh, STARTTLS and implicit TLS): both announce SIZE 200000 and refuse a larger declared SIZE at
 * MAIL; both speak TLS 1.3 and 1.2 with a certificate from their test CA that names their host. TLS 1.0 and 1.1 are
 * not offered by a JVM with the JDK's defaults, so the check must say "not tested" for them ({@link LegacyTlsQualityIT}
 * has the servers' answer to them).
 */
class EsmtpFactsAndTlsQualityIT {

    private static Finding run(Check check, KeyStore trust, TlsMode mode, int port, String expectedHost) {
        try (var client = ProbeClient.create(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(TlsOptions.builder().mode(mode).trustStore(trust).build()).build())) {
            // the kits' certificates live 30 days or less: no expiry warning here
            return CheckSuite.run(check, client, CheckTarget.of("127.0.0.1", port), CheckSettings.builder()
                    .expectedHost(expectedHost).certificateExpiryWarning(Duration.ZERO).build());
        }
    }

    /** "not tested" in a JVM with the JDK's defaults; "refused" when run (with -Dit.test) in the legacy-tls one. */
    private static String legacyVerdict() {
        return LegacyTlsQualityTest.jvmOffersTls10() ? "refused" : "not tested (this JVM's TLS does not offer them)";
    }

    @Test
    void postfixOffersTheExpectedExtensionsAndEnforcesSizeAtMail() {
        PostfixInstance.start();

        Finding f = run(Checks.esmtpFacts(), PostfixInstance.trustStore(), TlsMode.NONE, PostfixInstance.port(),
                "mx.probe.test");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("offers SIZE PIPELINING 8BITMIME ENHANCEDSTATUSCODES CHUNKING SMTPUTF8 DSN");
        assertThat(f.details()).contains("SIZE: offered (EHLO line \"SIZE 200000\")",
                "SIZE enforced: MAIL FROM:<> SIZE=200001 refused with 552 5.3.4 Message size exceeds fixed limit");
        assertThat(f.transcript().sent()).contains("MAIL FROM:<> SIZE=200001").noneMatch(l -> l.startsWith("DATA"));
    }

    @Test
    void eximOffersTheExpectedExtensionsAndEnforcesSizeAtMail() {
        EximInstance.start();

        Finding f = run(Checks.esmtpFacts(), EximInstance.trustStore(), TlsMode.NONE, EximInstance.port(),
                EximInstance.SERVER_NAME);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        // stock Exim has no ENHANCEDSTATUSCODES (RFC 2034): a fact, not a warning
        assertThat(f.summary()).isEqualTo("offers SIZE PIPELINING 8BITMIME CHUNKING SMTPUTF8 DSN");
        assertThat(f.details()).contains("ENHANCEDSTATUSCODES: not offered")
                .anySatisfy(d -> assertThat(d).startsWith("SIZE enforced: MAIL FROM:<> SIZE=200001"
                + " refused with 552"));
    }

    @Test
    void postfixTlsIs13And12WithATrustedCertificateForItsName() {
        PostfixInstance.start();

        Finding f = run(Checks.tlsQuality(), PostfixInstance.trustStore(), TlsMode.NONE, PostfixInstance.port(),
                "mx.probe.test");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 " + legacyVerdict())
                .contains("; certificate trusted and names mx.probe.test, ");
    }

    @Test
    void eximTlsIs13And12OverStartTlsAndImplicitTls() {
        EximInstance.start();

        for (var mode : new TlsMode[] {TlsMode.NONE, TlsMode.IMPLICIT}) {
            Finding f = run(Checks.tlsQuality(), EximInstance.trustStore(), mode,
                    mode == TlsMode.IMPLICIT ? EximInstance.tlsPort() : EximInstance.port(), EximInstance.SERVER_NAME);

            assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
            assertThat(f.summary()).startsWith("TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 " + legacyVerdict())
                    .contains("certificate trusted and names " + EximInstance.SERVER_NAME);
            assertThat(f.details()).contains(mode == TlsMode.IMPLICIT ? "TLSv1.3: accepted" : "TLSv1.2: accepted")
                    .anySatisfy(d -> assertThat(d).endsWith(mode == TlsMode.IMPLICIT ? "(implicit TLS, RFC 8314)"
                            : "(STARTTLS, RFC 3207)"));
        }
    }

    @Test
    void eximAnsweringAnExpectedNameItDoesNotCarryFailsTheNameCheck() {
        EximInstance.start();

        Finding f = run(Checks.tlsQuality(), EximInstance.trustStore(), TlsMode.NONE, EximInstance.port(),
                "mx.other.test");

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("certificate does not name mx.other.test");
    }
}
