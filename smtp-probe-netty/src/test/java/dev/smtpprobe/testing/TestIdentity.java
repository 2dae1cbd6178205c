package dev.smtpprobe.testing;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server identity for TLS tests: a private key and the certificate chain a server presents (leaf first, then
 * any intermediates; the root is not sent, as real servers do). Made by {@link TestCertificates}.
 *
 * @param privateKey the leaf's private key
 * @param chain      leaf first, then intermediates; never empty (the accessor returns a copy)
 */
public record TestIdentity(PrivateKey privateKey, X509Certificate[] chain) {

    /** The alias of the key entry in {@link #keyStore()}. */
    public static final String ALIAS = "server";

    private static final char[] PASSWORD = "test-only".toCharArray();

    public TestIdentity {
        Objects.requireNonNull(privateKey, "privateKey");
        if (chain == null || chain.length == 0) {
            throw new IllegalArgumentException("a chain needs at least the leaf certificate");
        }
        chain = chain.clone();
    }

    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    /** The leaf certificate (the first of the chain). */
    public X509Certificate certificate() {
        return chain[0];
    }

    /** The same key with only the leaf certificate: a server that forgets to send its intermediates. */
    public TestIdentity leafOnly() {
        return new TestIdentity(privateKey, new X509Certificate[] {chain[0]});
    }

    /** The password of the key entry in {@link #keyStore()} (the store itself needs none to load). */
    public char[] keyPassword() {
        return PASSWORD.clone();
    }

    /** A PKCS12 key store in memory with one key entry, {@link #ALIAS}, protected by {@link #keyPassword()}. */
    public KeyStore keyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, privateKey, PASSWORD, chain);
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("cannot build a key store for " + this, e);
        }
    }

    /**
     * A server-side SSLContext that presents this identity and trusts nobody (it does not ask for client
     * certificates). Sockets made by {@link FakeSmtpServer} from it enable TLSv1.3 and TLSv1.2.
     */
    public SSLContext serverSslContext() {
        try {
            // SunX509 presents the key whatever the client asked for (the PKIX one would rank an expired or
            // wrong-host certificate lower): a test identity is shown as it is, for the client to judge.
            var kmf = KeyManagerFactory.getInstance("SunX509");
            kmf.init(keyStore(), PASSWORD);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a server SSLContext for " + this, e);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestIdentity other
                && privateKey.equals(other.privateKey)
                && Arrays.equals(chain, other.chain);
    }

    @Override
    public int hashCode() {
        return 31 * privateKey.hashCode() + Arrays.hashCode(chain);
    }

    /** The subjects of the chain; never the key. */
    @Override
    public String toString() {
        var subjects = Arrays.stream(chain).map(c -> c.getSubjectX500Principal().getName()).toList();
        return "TestIdentity" + subjects;
    }
}
