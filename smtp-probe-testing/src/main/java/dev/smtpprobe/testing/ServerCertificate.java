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
 * P-256, valid from an hour ago to a day from now. The server presents the leaf ({@link #serverContext()}); the
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

    /** A new CA and a leaf for {@code host}. */
    public static ServerCertificate forHost(String host) {
        Objects.requireNonNull(host, "host");
        Instant now = Instant.now();
        try {
            X509Bundle ca = new CertificateBuilder().subject("CN=smtp-probe test kit CA").ecp256()
                    .setIsCertificateAuthority(true)
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.keyCertSign, CertificateBuilder.KeyUsage.cRLSign)
                    .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(2)))
                    .buildSelfSigned();
            var leaf = new CertificateBuilder().subject("CN=" + host).ecp256()
                    .setKeyUsage(true, CertificateBuilder.KeyUsage.digitalSignature).addExtendedKeyUsageServerAuth()
                    .notBefore(now.minus(Duration.ofHours(1))).notAfter(now.plus(Duration.ofDays(1)));
            if (host.indexOf(':') >= 0 || host.matches("[0-9.]+")) {
                leaf.addSanIpAddress(host);
            } else {
                leaf.addSanDnsName(host);
            }
            return new ServerCertificate(ca, leaf.buildIssuedBy(ca));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a test certificate for " + host, e);
        }
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
