package dev.smtpprobe.testing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.util.IPAddress;

/**
 * X.509 certificates for TLS tests, issued in memory with BouncyCastle (the JDK has no public API to issue
 * them). All keys are EC P-256 and all signatures SHA256withECDSA; BouncyCastle only builds and signs the
 * structures, through the JDK's own providers (no provider is registered).
 *
 * <p>Three CAs are made once per JVM: the {@linkplain #rootCa() root} that tests trust, an
 * {@linkplain #intermediateCa() intermediate} under it, and an {@linkplain #untrustedRootCa() untrusted root}
 * that nobody trusts. Every leaf shares one key pair, also made once per JVM, so issuing a leaf is one signature
 * (well under a millisecond). Certificates are valid from an hour ago to a day from now unless a method says
 * otherwise.
 *
 * <p>A {@code host} that is an IP literal ({@code 127.0.0.1}, {@code ::1}) goes into an IP address SAN, any
 * other into a DNS SAN; the subject CN is the host either way.
 */
public final class TestCertificates {

    /** The DNS name {@link #wrongHost(String)} certifies instead of the host asked for. */
    public static final String WRONG_HOST = "wrong-host.smtp-probe.invalid";

    private static final String SIGNATURE = "SHA256withECDSA";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SERIALS = new AtomicLong(RANDOM.nextInt(1 << 20) * 1_000_000L);

    private TestCertificates() {}

    /** Everything made once per JVM, on first use (class initialisation is the lock). */
    private static final class Cas {
        static final KeyPair LEAF_KEYS = newKeyPair();
        static final Ca ROOT = Ca.root("smtp-probe Test Root CA");
        static final Ca INTERMEDIATE = ROOT.intermediate("smtp-probe Test Intermediate CA");
        static final Ca UNTRUSTED = Ca.root("smtp-probe Untrusted Root CA");
    }

    /** The test root CA: put it in a client's trust store ({@link #trustStoreWith}) to trust the valid identities. */
    public static X509Certificate rootCa() {
        return Cas.ROOT.certificate;
    }

    /** The intermediate CA under {@link #rootCa()} that signs {@link #validChain(String)}'s leaf. */
    public static X509Certificate intermediateCa() {
        return Cas.INTERMEDIATE.certificate;
    }

    /** The second root CA, unrelated to {@link #rootCa()}, that signs {@link #untrustedCa(String)}'s leaf. */
    public static X509Certificate untrustedRootCa() {
        return Cas.UNTRUSTED.certificate;
    }

    /** A leaf for {@code host} signed directly by {@link #rootCa()}: what a client trusting the root accepts. */
    public static TestIdentity valid(String host) {
        return Cas.ROOT.issue(host, sansFor(host), defaultNotBefore(), defaultNotAfter());
    }

    /**
     * A leaf signed by {@link #rootCa()} with exactly these names and dates: subject {@code CN=cn}, a SAN
     * extension with the DNS and IP names given (none if both lists are empty), EKU serverAuth,
     * basicConstraints CA:false, keyUsage digitalSignature, subject and authority key identifiers.
     */
    public static TestIdentity issued(String cn, List<String> dnsSans, List<String> ipSans,
                                      Instant notBefore, Instant notAfter) {
        var sans = new ArrayList<GeneralName>();
        dnsSans.forEach(name -> sans.add(new GeneralName(GeneralName.dNSName, name)));
        for (String ip : ipSans) {
            if (!IPAddress.isValid(ip)) {
                throw new IllegalArgumentException("not an IP address: " + ip);
            }
            sans.add(new GeneralName(GeneralName.iPAddress, ip));
        }
        return Cas.ROOT.issue(cn, sans, notBefore, notAfter);
    }

    /** A certificate for {@code host} signed by its own key (issuer = subject); no CA vouches for it. */
    public static TestIdentity selfSigned(String host) {
        KeyPair keys = Cas.LEAF_KEYS;
        X500Name name = cn(host);
        try {
            var utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    name, nextSerial(), date(defaultNotBefore()), date(defaultNotAfter()), name, keys.getPublic());
            addLeafExtensions(builder, sansFor(host));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    utils.createSubjectKeyIdentifier(keys.getPublic()));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    utils.createAuthorityKeyIdentifier(keys.getPublic()));
            return new TestIdentity(keys.getPrivate(), new X509Certificate[] {sign(builder, keys.getPrivate())});
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot issue a self-signed certificate for " + host, e);
        }
    }

    /** A leaf for {@code host} signed by {@link #rootCa()} that expired yesterday (valid 30 days ago to 1 day ago). */
    public static TestIdentity expired(String host) {
        Instant now = now();
        return Cas.ROOT.issue(host, sansFor(host), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    /**
     * A leaf signed by {@link #rootCa()} and otherwise valid, but for {@link #WRONG_HOST} (CN and the only SAN)
     * instead of {@code host}: it passes PKIX path validation and fails hostname verification.
     */
    public static TestIdentity wrongHost(String host) {
        if (host.equalsIgnoreCase(WRONG_HOST)) {
            throw new IllegalArgumentException("pick another host than " + WRONG_HOST);
        }
        return Cas.ROOT.issue(WRONG_HOST, sansFor(WRONG_HOST), defaultNotBefore(), defaultNotAfter());
    }

    /** A leaf for {@code host}, valid in every way but signed by {@link #untrustedRootCa()}. */
    public static TestIdentity untrustedCa(String host) {
        return Cas.UNTRUSTED.issue(host, sansFor(host), defaultNotBefore(), defaultNotAfter());
    }

    /**
     * A leaf for {@code host} signed by {@link #intermediateCa()}; the chain is {@code [leaf, intermediate]}, so
     * a client that trusts only {@link #rootCa()} can build root → intermediate → leaf.
     * {@link TestIdentity#leafOnly()} is the same server forgetting its intermediate.
     */
    public static TestIdentity validChain(String host) {
        TestIdentity leaf = Cas.INTERMEDIATE.issue(host, sansFor(host), defaultNotBefore(), defaultNotAfter());
        return new TestIdentity(leaf.privateKey(),
                new X509Certificate[] {leaf.certificate(), Cas.INTERMEDIATE.certificate});
    }

    /** A PKCS12 key store in memory (no password) holding {@code cas} as trusted certificates: a client's trust store. */
    public static KeyStore trustStoreWith(X509Certificate... cas) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            for (int i = 0; i < cas.length; i++) {
                store.setCertificateEntry("ca-" + i, cas[i]);
            }
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /**
     * A client SSLContext whose PKIX trust manager trusts exactly {@code cas} (not the JDK's default CAs). It
     * does not check host names by itself: set {@code SSLParameters.setEndpointIdentificationAlgorithm("HTTPS")}
     * on the socket for that.
     */
    public static SSLContext clientSslContextTrusting(X509Certificate... cas) {
        try {
            var tmf = TrustManagerFactory.getInstance("PKIX");
            tmf.init(trustStoreWith(cas));
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a client SSLContext", e);
        }
    }

    // ---- internals

    /** A CA: its key pair and certificate; issues CA and leaf certificates. */
    private record Ca(KeyPair keys, X509Certificate certificate) {

        static Ca root(String name) {
            KeyPair keys = newKeyPair();
            X500Name subject = cn(name);
            Instant now = now();
            try {
                var utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject, nextSerial(),
                        date(now.minus(Duration.ofDays(1))), date(now.plus(Duration.ofDays(3650))),
                        subject, keys.getPublic());
                addCaExtensions(builder, new BasicConstraints(true));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(keys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(keys.getPublic()));
                return new Ca(keys, sign(builder, keys.getPrivate()));
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot make the CA " + name, e);
            }
        }

        /** An intermediate CA under this one that may sign leaves only (pathLen 0). */
        Ca intermediate(String name) {
            KeyPair subKeys = newKeyPair();
            Instant now = now();
            try {
                var utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, nextSerial(),
                        date(now.minus(Duration.ofDays(1))), date(now.plus(Duration.ofDays(1825))),
                        cn(name), subKeys.getPublic());
                addCaExtensions(builder, new BasicConstraints(0));
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(subKeys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(certificate));
                return new Ca(subKeys, sign(builder, keys.getPrivate()));
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot make the CA " + name, e);
            }
        }

        /** A leaf with the shared leaf key; the identity's chain is just the leaf. */
        TestIdentity issue(String cn, List<GeneralName> sans, Instant notBefore, Instant notAfter) {
            if (!notBefore.isBefore(notAfter)) {
                throw new IllegalArgumentException("notBefore " + notBefore + " is not before notAfter " + notAfter);
            }
            KeyPair leafKeys = Cas.LEAF_KEYS;
            try {
                var utils = new JcaX509ExtensionUtils();
                X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(certificate, nextSerial(),
                        date(notBefore), date(notAfter), cn(cn), leafKeys.getPublic());
                addLeafExtensions(builder, sans);
                builder.addExtension(Extension.subjectKeyIdentifier, false,
                        utils.createSubjectKeyIdentifier(leafKeys.getPublic()));
                builder.addExtension(Extension.authorityKeyIdentifier, false,
                        utils.createAuthorityKeyIdentifier(certificate));
                return new TestIdentity(leafKeys.getPrivate(),
                        new X509Certificate[] {sign(builder, keys.getPrivate())});
            } catch (GeneralSecurityException | java.io.IOException e) {
                throw new IllegalStateException("cannot issue a certificate for " + cn, e);
            }
        }
    }

    private static void addCaExtensions(X509v3CertificateBuilder builder, BasicConstraints constraints)
            throws java.io.IOException {
        builder.addExtension(Extension.basicConstraints, true, constraints);
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }

    private static void addLeafExtensions(X509v3CertificateBuilder builder, List<GeneralName> sans)
            throws java.io.IOException {
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        // EC keys sign (ECDHE_ECDSA, TLS 1.3): digitalSignature is the only usage a server needs
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        if (!sans.isEmpty()) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(sans.toArray(GeneralName[]::new)));
        }
    }

    private static List<GeneralName> sansFor(String host) {
        int tag = IPAddress.isValid(host) ? GeneralName.iPAddress : GeneralName.dNSName;
        return List.of(new GeneralName(tag, host));
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            var holder = builder.build(new JcaContentSignerBuilder(SIGNATURE).build(signer));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an EC P-256 key pair", e);
        }
    }

    private static X500Name cn(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).build();
    }

    private static BigInteger nextSerial() {
        return BigInteger.valueOf(SERIALS.incrementAndGet());
    }

    /** X.509 times have whole seconds. */
    private static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS);
    }

    private static Instant defaultNotBefore() {
        return now().minus(Duration.ofHours(1));
    }

    private static Instant defaultNotAfter() {
        return now().plus(Duration.ofDays(1));
    }

    private static Date date(Instant instant) {
        return Date.from(instant);
    }
}
