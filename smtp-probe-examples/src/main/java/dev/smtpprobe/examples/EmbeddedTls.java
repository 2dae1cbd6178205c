package dev.smtpprobe.examples;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * The embedded server's certificate: a self-signed certificate for {@code myserver.contoso.com}, {@code localhost}
 * and {@code 127.0.0.1}, shipped as {@code embedded-server.p12}. It is a throwaway key for the examples only: its
 * password is in this file, and nothing but the embedded server on loopback ever uses it.
 */
final class EmbeddedTls {

    private static final String RESOURCE = "embedded-server.p12";
    private static final char[] PASSWORD = "smtp-probe-example".toCharArray();

    private final KeyStore keyStore;

    private EmbeddedTls(KeyStore keyStore) {
        this.keyStore = keyStore;
    }

    /** Loads the shipped certificate and key. */
    static EmbeddedTls load() {
        try (InputStream in = EmbeddedTls.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            var ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            return new EmbeddedTls(ks);
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the embedded server's certificate", e);
        }
    }

    /** The server side: presents the certificate. */
    SSLContext serverContext() {
        try {
            var kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(keyStore, PASSWORD);
            var context = SSLContext.getInstance("TLS");
            context.init(kmf.getKeyManagers(), null, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A trust store holding just this certificate, for clients that should trust the embedded server. */
    KeyStore trustStore() {
        try {
            Certificate cert = keyStore.getCertificate("server");
            var ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("embedded-exchange", cert);
            return ts;
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
