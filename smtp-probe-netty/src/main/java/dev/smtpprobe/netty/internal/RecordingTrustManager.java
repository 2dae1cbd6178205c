package dev.smtpprobe.netty.internal;

import java.net.Socket;
import java.security.KeyStore;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Checks the server's chain with the configured trust anchors (the JDK's by default) and the host name with
 * {@link HostnameMatcher}, records both outcomes for the session's TLS facts, and rejects the handshake when
 * either fails, unless verification is off (insecure mode), in which case it only records.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509TrustManager delegate;
    private final String expectedName;
    private final boolean enforce;
    private final boolean verifyHostname;

    private volatile boolean checked;
    private volatile List<X509Certificate> chain = List.of();
    private volatile boolean trusted;
    private volatile String problem;
    private volatile boolean nameMatched;

    RecordingTrustManager(KeyStore trustStore, String expectedName, boolean enforce, boolean verifyHostname)
            throws GeneralSecurityException {
        var tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trustStore); // null: the JDK's default trust store
        X509TrustManager found = null;
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                found = x;
            }
        }
        if (found == null) {
            throw new GeneralSecurityException("no X509TrustManager in " + tmf.getAlgorithm());
        }
        this.delegate = found;
        this.expectedName = expectedName;
        this.enforce = enforce;
        this.verifyHostname = verifyHostname;
    }

    private void check(X509Certificate[] certs, String authType) throws CertificateException {
        chain = List.of(certs);
        try {
            delegate.checkServerTrusted(certs, authType);
            trusted = true;
        } catch (CertificateException | RuntimeException e) {
            trusted = false;
            problem = describe(e);
        }
        nameMatched = certs.length > 0 && HostnameMatcher.matches(expectedName, certs[0]);
        checked = true;
        if (enforce && !trusted) {
            throw new CertificateException("certificate not trusted: " + problem);
        }
        if (enforce && verifyHostname && !nameMatched) {
            throw new CertificateException("certificate does not name " + expectedName + " (its names: "
                    + HostnameMatcher.sans(certs[0], 2) + HostnameMatcher.sans(certs[0], 7) + ")");
        }
    }

    /** A person's reason for a failed chain check. */
    static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateExpiredException) {
                return "a certificate has expired (" + t.getMessage() + ")";
            }
            if (t instanceof CertificateNotYetValidException) {
                return "a certificate is not yet valid (" + t.getMessage() + ")";
            }
            if (t instanceof CertPathValidatorException v && v.getReason() != null
                    && v.getReason().toString().equals("EXPIRED")) {
                return "a certificate has expired";
            }
        }
        String message = String.valueOf(e.getMessage());
        if (message.contains("unable to find valid certification path")) {
            return "no trusted CA issued it (self-signed or unknown issuer)";
        }
        return message;
    }

    /** Whether the server's chain has been checked (it sent one). */
    boolean checked() {
        return checked;
    }

    List<X509Certificate> chain() {
        return chain;
    }

    boolean trusted() {
        return trusted;
    }

    String problem() {
        return problem;
    }

    boolean nameMatched() {
        return nameMatched;
    }

    /** Whether this check rejected the handshake. */
    boolean rejected() {
        return checked && enforce && (!trusted || verifyHostname && !nameMatched);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        check(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        check(certs, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        check(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("a client does not check client certificates");
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
