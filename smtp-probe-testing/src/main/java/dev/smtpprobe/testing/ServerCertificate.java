package dev.smtpprobe.testing;

import io.netty.pkitesting.CertificateBuilder;
import io.netty.pkitesting.X509Bundle;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * A throwaway TLS identity for a test server, made in memory with Netty's {@code netty-pkitesting}: a root CA of
 * its own and a leaf for the given host (a DNS name, or an IP literal put in an IP address SAN) signed by it, EC
 * P-256, valid from an hour ago to a day from now; or one of the bad certificates a client must refuse
 * ({@link #expired}, {@link #wrongHost}, {@link #selfSigned}; a certificate of an untrusted CA is any other
 * instance's). The server presents the leaf ({@link #serverContext()}); the
 * client under test trusts the CA ({@link #trustStore()}, {@link #clientContext()}), so that certificate and host
 * name verification stay on in the test, as they should in production.
 *
 * <pre>{@code
 * ServerCertificate cert = ServerCertificate.forHost("127.0.0.1");
 * try (var server = FakeSmtpServer.builder().startTls(cert.serverContext()).start()) {
 *     // client: TlsOptions.builder().trustStore(cert.trustStore()) ...
 * }
 * }</pre>
 */
public final class ServerCertificate {

    private static final char[] PASSWORD = "test-only".toCharArray();

    private final X509Bundle ca;
    private final X509Bundle leaf;

    private ServerCertificate(X509Bundle ca, X509Bundle leaf) {
        this.ca = ca;
        this.leaf = leaf;
    }

    /** The DNS name {@link #wrongHost(String)} certifies instead of the host asked for. */
    public static final String WRONG_HOST = "wrong-host.smtp-probe.invalid";

    /** A new CA and a leaf for {@code host} signed by it: what a client trusting {@link #trustStore()} accepts. */
    public static ServerCertificate forHost(String host) {
        Instant now = Instant.now();
        return issue(host, host, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /**
     * A bad certificate: a leaf for {@code host} signed by the CA but expired yesterday (valid 30 days ago to one day
     * ago). A client that trusts the CA must still refuse it (RFC 5280 §6.1.3).
     */
    public static ServerCertificate expired(String host) {
        Instant now = Instant.now();
        return issue(host, host, now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
    }

    /**
     * A bad certificate: signed by the CA and otherwise valid, but for {@link #WRONG_HOST} instead of {@code host}:
     * it passes path validation and fails host name verification (RFC 6125).
     */
    public static ServerCertificate wrongHost(String host) {
        if (host.equalsIgnoreCase(WRONG_HOST)) {
            throw new IllegalArgumentException("pick another host than " + WRONG_HOST);
        }
        Instant now = Instant.now();
        return issue(host, WRONG_HOST, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)));
    }

    /**
     * A bad certificate: a leaf for {@code host} signed by its own key, no CA vouching for it. {@link #trustStore()}
     * then holds the leaf itself (what a user who "pins" a self-signed server does); a client trusting anything else
     * must refuse it.
     */
    public static ServerCertificate selfSigned(String host) {
        Instant now = Instant.now();
        try {
            // netty-pkitesting signs a certificate with its own key only as a CA: CA:true, as many self-signed
            // server certificates (openssl req -x509's default) are
            X509Bundle leaf = leafBuilder(host, now.minus(Duration.ofHours(1)), now.plus(Duration.ofDays(1)))
                    .setIsCertificateAuthority(true)
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature,
                            CertificateBuilder.KeyUsage.keyCertSign)
                    .buildSelfSigned();
            return new ServerCertificate(leaf, leaf);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a self-signed test certificate for " + host, e);
        }
    }

    private static ServerCertificate issue(String host, String certifiedName, Instant notBefore, Instant notAfter) {
        Objects.requireNonNull(host, "host");
        Instant now = Instant.now();
        try {
            X509Bundle ca = new CertificateBuilder().subject("CN=smtp-probe test kit CA").ecp256()
                    .setIsCertificateAuthority(true)
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
                    .notBefore(now.minus(Duration.ofDays(31))).notAfter(now.plus(Duration.ofDays(2)))
                    .buildSelfSigned();
            return new ServerCertificate(ca, leafBuilder(certifiedName, notBefore, notAfter).buildIssuedBy(ca));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + host, e);
        }
    }

    /** A server leaf for {@code name}: CN and one SAN (IP address SAN for an IP literal, else DNS), EKU serverAuth. */
    private static CertificateBuilder leafBuilder(String name, Instant notBefore, Instant notAfter) {
        var leaf = new CertificateBuilder().subject("CN=" + name).ecp256()
                .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature).addExtendedKeyUsageServerAuth()
                .notBefore(notBefore).notAfter(notAfter);
        if (name.indexOf(':') >= 0 || name.matches("[0-9.]+")) {
            leaf.addSanIpAddress(name);
        } else {
            leaf.addSanDnsName(name);
        }
        return leaf;
    }

    /** The leaf the server presents. */
    public X509Certificate certificate() {
        return leaf.getCertificate();
    }

    /** The CA that signed it: what the client trusts. */
    public X509Certificate caCertificate() {
        return ca.getCertificate();
    }

    /** The server side: an SSLContext presenting the leaf, for {@link FakeSmtpServer.Builder#startTls(SSLContext)}. */
    public SSLContext serverContext() {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(leaf.toKeyManagerFactory().getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A PKCS12 trust store in memory holding only the CA (no password): what a client should trust. */
    public KeyStore trustStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("smtp-probe-test-ca", ca.getCertificate());
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a trust store", e);
        }
    }

    /** A client SSLContext trusting only the CA (host names are checked by the client's own settings). */
    public SSLContext clientContext() {
        try {
            var context = SSLContext.getInstance("TLS");
            context.init(null, ca.toTrustManagerFactory().getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The leaf's key and chain as a PKCS12 key store (key password {@code test-only}), for servers that want one. */
    public KeyStore keyStore() {
        try {
            return leaf.toKeyStore(PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return "ServerCertificate[" + leaf.getCertificate().getSubjectX500Principal().getName() + "]";
    }
}
