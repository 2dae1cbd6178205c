package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.junit.jupiter.api.Test;

/** Each identity {@link TestCertificates} makes has the properties its name claims, checked with the JDK's PKIX. */
class TestCertificatesTest {

    private static final String HOST = "mx.smtp-probe.test";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";
    /** TLS 1.2's name for the key exchange of an EC certificate; the PKIX checker then wants digitalSignature. */
    private static final String AUTH_TYPE = "ECDHE_ECDSA";
    private static final int DNS = 2;
    private static final int IP = 7;

    @Test
    void rootCaIsASelfSignedCaMadeOncePerJvm() throws Exception {
        X509Certificate root = TestCertificates.rootCa();
        assertThat(root.getSubjectX500Principal()).isEqualTo(root.getIssuerX500Principal());
        assertThatCode(() -> root.verify(root.getPublicKey())).doesNotThrowAnyException();
        assertThat(root.getBasicConstraints()).as("CA:true without a path length").isEqualTo(Integer.MAX_VALUE);
        assertThat(root.getKeyUsage()[5]).as("keyCertSign").isTrue();
        assertThat(root.getPublicKey().getAlgorithm()).isEqualTo("EC");
        assertThat(root.getSigAlgName()).isEqualTo("SHA256withECDSA");
        assertThat(ski(root)).isEqualTo(aki(root));
        assertThat(TestCertificates.rootCa()).isSameAs(root);
        root.checkValidity();
    }

    @Test
    void intermediateIsACaUnderTheRootThatSignsLeavesOnly() throws Exception {
        X509Certificate intermediate = TestCertificates.intermediateCa();
        X509Certificate root = TestCertificates.rootCa();
        assertThat(intermediate.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
        intermediate.verify(root.getPublicKey());
        assertThat(intermediate.getBasicConstraints()).as("CA:true, pathLen 0").isZero();
        assertThat(aki(intermediate)).isEqualTo(ski(root));
    }

    @Test
    void validLeafForADnsNameHasTheExtensionsAServerCertificateNeeds() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        X509Certificate leaf = identity.certificate();

        assertThat(identity.chain()).hasSize(1);
        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=" + HOST);
        assertThat(sans(leaf)).containsExactly(List.of(DNS, HOST));
        assertThat(leaf.getBasicConstraints()).as("CA:false").isEqualTo(-1);
        assertThat(leaf.getKeyUsage()[0]).as("digitalSignature").isTrue();
        assertThat(leaf.getCriticalExtensionOIDs()).contains(Extension.basicConstraints.getId(), Extension.keyUsage.getId());
        assertThat(leaf.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(aki(leaf)).isEqualTo(ski(TestCertificates.rootCa()));
        assertThat(ski(leaf)).isNotEmpty();
        leaf.verify(TestCertificates.rootCa().getPublicKey());

        Instant now = Instant.now();
        assertThat(leaf.getNotBefore().toInstant()).isBefore(now);
        assertThat(leaf.getNotAfter().toInstant()).isAfter(now.plus(Duration.ofHours(23)));
        assertThatCode(() -> trusting(TestCertificates.rootCa()).checkServerTrusted(identity.chain(), AUTH_TYPE))
                .doesNotThrowAnyException();
    }

    @Test
    void validLeafForAnIpLiteralCarriesAnIpSan() throws Exception {
        assertThat(sans(TestCertificates.valid("127.0.0.1").certificate())).containsExactly(List.of(IP, "127.0.0.1"));
        assertThat(sans(TestCertificates.valid("::1").certificate()))
                .singleElement().satisfies(san -> assertThat(san.get(0)).isEqualTo(IP));
    }

    @Test
    void issuedHasExactlyTheNamesAndDatesAskedFor() throws Exception {
        Instant notBefore = Instant.now().minus(Duration.ofDays(2)).truncatedTo(ChronoUnit.SECONDS);
        Instant notAfter = Instant.now().plus(Duration.ofDays(7)).truncatedTo(ChronoUnit.SECONDS);
        X509Certificate leaf = TestCertificates.issued("Fake MX", List.of("a.test", "b.test"),
                List.of("127.0.0.1", "::1"), notBefore, notAfter).certificate();

        assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=Fake MX");
        assertThat(leaf.getNotBefore().toInstant()).isEqualTo(notBefore);
        assertThat(leaf.getNotAfter().toInstant()).isEqualTo(notAfter);
        assertThat(sans(leaf)).hasSize(4).contains(List.of(DNS, "a.test"), List.of(DNS, "b.test"), List.of(IP, "127.0.0.1"));
        trusting(TestCertificates.rootCa()).checkServerTrusted(new X509Certificate[] {leaf}, AUTH_TYPE);
    }

    @Test
    void issuedWithoutNamesHasNoSanExtensionAndRejectsBadInput() throws Exception {
        Instant now = Instant.now();
        X509Certificate leaf = TestCertificates.issued("cn-only.test", List.of(), List.of(), now, now.plusSeconds(60))
                .certificate();
        assertThat(leaf.getSubjectAlternativeNames()).isNull();

        assertThatThrownBy(() -> TestCertificates.issued("x", List.of(), List.of("not-an-ip"), now, now.plusSeconds(60)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TestCertificates.issued("x", List.of("x"), List.of(), now, now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void selfSignedIsItsOwnIssuerAndNotTrusted() throws Exception {
        X509Certificate leaf = TestCertificates.selfSigned(HOST).certificate();
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(leaf.getSubjectX500Principal());
        leaf.verify(leaf.getPublicKey());
        assertThat(sans(leaf)).containsExactly(List.of(DNS, HOST));
        leaf.checkValidity();

        assertThatThrownBy(() -> trusting(TestCertificates.rootCa()).checkServerTrusted(new X509Certificate[] {leaf}, AUTH_TYPE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("PKIX");
    }

    @Test
    void expiredIsSignedByTheRootButNoLongerValid() throws Exception {
        TestIdentity identity = TestCertificates.expired(HOST);
        X509Certificate leaf = identity.certificate();
        assertThat(leaf.getNotAfter().toInstant()).isBefore(Instant.now());
        assertThat(leaf.getNotBefore()).isBefore(leaf.getNotAfter());
        assertThat(sans(leaf)).containsExactly(List.of(DNS, HOST));
        leaf.verify(TestCertificates.rootCa().getPublicKey());
        assertThatThrownBy(leaf::checkValidity).isInstanceOf(CertificateExpiredException.class);

        assertThatThrownBy(() -> trusting(TestCertificates.rootCa()).checkServerTrusted(identity.chain(), AUTH_TYPE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("validity");
    }

    @Test
    void wrongHostPassesPkixButNamesAnotherHost() throws Exception {
        TestIdentity identity = TestCertificates.wrongHost(HOST);
        X509Certificate leaf = identity.certificate();
        assertThat(sans(leaf)).containsExactly(List.of(DNS, TestCertificates.WRONG_HOST));
        assertThat(leaf.getSubjectX500Principal().getName()).doesNotContain(HOST);
        // the chain is fine: only a hostname check (FakeSmtpServerTlsTest does one) rejects it
        trusting(TestCertificates.rootCa()).checkServerTrusted(identity.chain(), AUTH_TYPE);
    }

    @Test
    void untrustedCaIsValidButSignedByAnotherRoot() throws Exception {
        TestIdentity identity = TestCertificates.untrustedCa(HOST);
        X509Certificate leaf = identity.certificate();
        X509Certificate other = TestCertificates.untrustedRootCa();
        assertThat(other.getSubjectX500Principal()).isNotEqualTo(TestCertificates.rootCa().getSubjectX500Principal());
        assertThat(leaf.getIssuerX500Principal()).isEqualTo(other.getSubjectX500Principal());
        assertThat(sans(leaf)).containsExactly(List.of(DNS, HOST));
        leaf.checkValidity();

        assertThatThrownBy(() -> trusting(TestCertificates.rootCa()).checkServerTrusted(identity.chain(), AUTH_TYPE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("PKIX");
        // it is only the trust that is missing
        trusting(other).checkServerTrusted(identity.chain(), AUTH_TYPE);
    }

    @Test
    void validChainGoesRootIntermediateLeafAndNeedsItsIntermediate() throws Exception {
        TestIdentity identity = TestCertificates.validChain(HOST);
        X509Certificate[] chain = identity.chain();
        assertThat(chain).hasSize(2);
        assertThat(chain[1]).isEqualTo(TestCertificates.intermediateCa());
        assertThat(chain[0].getIssuerX500Principal()).isEqualTo(chain[1].getSubjectX500Principal());
        assertThat(aki(chain[0])).isEqualTo(ski(chain[1]));
        chain[0].verify(chain[1].getPublicKey());
        assertThat(sans(chain[0])).containsExactly(List.of(DNS, HOST));

        trusting(TestCertificates.rootCa()).checkServerTrusted(chain, AUTH_TYPE);
        assertThat(identity.leafOnly().chain()).containsExactly(chain[0]);
        assertThatThrownBy(() -> trusting(TestCertificates.rootCa()).checkServerTrusted(identity.leafOnly().chain(), AUTH_TYPE))
                .isInstanceOf(CertificateException.class)
                .hasMessageContaining("PKIX");
    }

    @Test
    void keyStoreHoldsTheKeyAndChain() throws Exception {
        TestIdentity identity = TestCertificates.validChain(HOST);
        KeyStore store = identity.keyStore();
        assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
        assertThat(store.isKeyEntry(TestIdentity.ALIAS)).isTrue();
        assertThat(store.getKey(TestIdentity.ALIAS, identity.keyPassword())).isEqualTo(identity.privateKey());
        assertThat(store.getCertificateChain(TestIdentity.ALIAS)).containsExactly(identity.chain());
        assertThat(identity.serverSslContext().getSupportedSSLParameters().getProtocols()).contains("TLSv1.3", "TLSv1.2");
        assertThat(identity.toString()).contains(HOST).doesNotContain(identity.privateKey().toString());
    }

    @Test
    void trustStoreHoldsTheCasAsTrustedEntries() throws Exception {
        KeyStore store = TestCertificates.trustStoreWith(TestCertificates.rootCa(), TestCertificates.untrustedRootCa());
        assertThat(store.getType()).isEqualToIgnoringCase("PKCS12");
        List<String> aliases = new ArrayList<>(java.util.Collections.list(store.aliases()));
        assertThat(aliases).hasSize(2).allSatisfy(alias -> assertThat(store.isCertificateEntry(alias)).isTrue());
        assertThat(aliases.stream().map(alias -> {
            try {
                return store.getCertificate(alias);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        })).containsExactlyInAnyOrder(TestCertificates.rootCa(), TestCertificates.untrustedRootCa());
    }

    @Test
    void leavesShareOneKeyAndGetDistinctSerials() {
        var a = TestCertificates.valid(HOST);
        var b = TestCertificates.expired(HOST);
        var c = TestCertificates.selfSigned(HOST);
        assertThat(a.privateKey()).isSameAs(b.privateKey()).isSameAs(c.privateKey());
        assertThat(List.of(a, b, c)).extracting(i -> i.certificate().getSerialNumber()).doesNotHaveDuplicates();
        long start = System.nanoTime();
        for (int i = 0; i < 50; i++) {
            TestCertificates.valid("host" + i + ".test");
        }
        // generous: one ECDSA signature each, a few ms at worst on a cold JIT
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    // ---- helpers

    static X509TrustManager trusting(X509Certificate... cas) throws Exception {
        var factory = TrustManagerFactory.getInstance("PKIX");
        factory.init(TestCertificates.trustStoreWith(cas));
        return Arrays.stream(factory.getTrustManagers())
                .filter(X509TrustManager.class::isInstance)
                .map(X509TrustManager.class::cast)
                .findFirst()
                .orElseThrow();
    }

    /** SANs as [type, value] pairs, in order. */
    private static List<List<?>> sans(X509Certificate cert) throws Exception {
        Collection<List<?>> names = cert.getSubjectAlternativeNames();
        return names == null ? List.of() : List.copyOf(names);
    }

    private static byte[] ski(X509Certificate cert) throws Exception {
        byte[] value = cert.getExtensionValue(Extension.subjectKeyIdentifier.getId());
        assertThat(value).as("SKI of " + cert.getSubjectX500Principal()).isNotNull();
        return SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value)).getKeyIdentifier();
    }

    private static byte[] aki(X509Certificate cert) throws Exception {
        byte[] value = cert.getExtensionValue(Extension.authorityKeyIdentifier.getId());
        assertThat(value).as("AKI of " + cert.getSubjectX500Principal()).isNotNull();
        return AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(value)).getKeyIdentifier();
    }
}
