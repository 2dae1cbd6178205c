package dev.smtpprobe;

import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * How a session uses TLS: the {@link TlsMode}, whom to trust, the client's own certificate, protocol versions,
 * cipher suites and the handshake timeout. Immutable; build with {@link #builder()}.
 *
 * <p>By default certificates are checked against the JDK's trust store and the host name is verified (RFC 6125).
 * {@link Builder#trustAllCertificatesInsecure()} turns both off for troubleshooting, and the session's
 * {@link TlsFacts} and transcript record that it did.
 */
public final class TlsOptions {

    /** Default handshake timeout in seconds. */
    public static final long DEFAULT_HANDSHAKE_TIMEOUT_SECONDS = 30;
    /** Default protocol versions: TLS 1.3 and 1.2. */
    public static final List<String> DEFAULT_PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    /** No TLS unless asked for, system trust, host name verification on. */
    public static final TlsOptions DEFAULT = builder().build();

    private final TlsMode mode;
    private final SSLContext sslContext;
    private final KeyStore trustStore;
    private final KeyStore keyStore;
    private final char[] keyPassword;
    private final boolean insecure;
    private final boolean verifyHostname;
    private final List<String> protocols;
    private final List<String> cipherSuites;
    private final Duration handshakeTimeout;
    private final String serverName;

    private TlsOptions(Builder b) {
        this.mode = b.mode;
        this.sslContext = b.sslContext;
        this.trustStore = b.trustStore;
        this.keyStore = b.keyStore;
        this.keyPassword = b.keyPassword == null ? null : b.keyPassword.clone();
        this.insecure = b.insecure;
        this.verifyHostname = b.verifyHostname;
        this.protocols = b.protocols;
        this.cipherSuites = b.cipherSuites;
        this.handshakeTimeout = b.handshakeTimeout;
        this.serverName = b.serverName;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        var b = new Builder();
        b.mode = mode;
        b.sslContext = sslContext;
        b.trustStore = trustStore;
        b.keyStore = keyStore;
        b.keyPassword = keyPassword == null ? null : keyPassword.clone();
        b.insecure = insecure;
        b.verifyHostname = verifyHostname;
        b.protocols = protocols;
        b.cipherSuites = cipherSuites;
        b.handshakeTimeout = handshakeTimeout;
        b.serverName = serverName;
        return b;
    }

    /** When TLS is used. */
    public TlsMode mode() {
        return mode;
    }

    /** A caller's SSLContext, used as it is (its own trust and keys), when set. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** Trust anchors instead of the JDK's, when set. */
    public Optional<KeyStore> trustStore() {
        return Optional.ofNullable(trustStore);
    }

    /** The client's certificate and key, when set. */
    public Optional<KeyStore> keyStore() {
        return Optional.ofNullable(keyStore);
    }

    /** The password of the key store's keys (a copy). */
    public char[] keyPassword() {
        return keyPassword == null ? new char[0] : keyPassword.clone();
    }

    /** True when certificate and host name verification are off. */
    public boolean isInsecure() {
        return insecure;
    }

    /** Whether the certificate must name the host (RFC 6125); default true. */
    public boolean verifyHostname() {
        return verifyHostname;
    }

    /** The protocol versions offered. */
    public List<String> protocols() {
        return protocols;
    }

    /** The cipher suites offered; empty for the JDK's defaults. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }

    /** The handshake timeout. */
    public Duration handshakeTimeout() {
        return handshakeTimeout;
    }

    /** The name to send in SNI and verify the certificate against, instead of the host connected to. */
    public Optional<String> serverName() {
        return Optional.ofNullable(serverName);
    }

    @Override
    public String toString() {
        return "TlsOptions[mode=" + mode + ", trust=" + (insecure ? "INSECURE (all certificates)"
                : sslContext != null ? "caller's SSLContext" : trustStore != null ? "caller's trust store" : "JDK default")
                + ", clientCertificate=" + (keyStore != null) + ", verifyHostname=" + verifyHostname + ", protocols="
                + protocols + ", handshakeTimeout=" + handshakeTimeout + (serverName == null ? "" : ", serverName=" + serverName) + "]";
    }

    /** Builds {@link TlsOptions}. */
    public static final class Builder {
        private TlsMode mode = TlsMode.NONE;
        private SSLContext sslContext;
        private KeyStore trustStore;
        private KeyStore keyStore;
        private char[] keyPassword;
        private boolean insecure;
        private boolean verifyHostname = true;
        private List<String> protocols = DEFAULT_PROTOCOLS;
        private List<String> cipherSuites = List.of();
        private Duration handshakeTimeout = Duration.ofSeconds(DEFAULT_HANDSHAKE_TIMEOUT_SECONDS);
        private String serverName;

        private Builder() {}

        /** When TLS is used; default {@link TlsMode#NONE}. */
        public Builder mode(TlsMode mode) {
            this.mode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /** Use this SSLContext as it is (its trust managers and keys); default: built from the other options. */
        public Builder sslContext(SSLContext context) {
            this.sslContext = context;
            return this;
        }

        /** Trust the CAs in this key store instead of the JDK's; default the JDK's trust store. */
        public Builder trustStore(KeyStore trustStore) {
            this.trustStore = trustStore;
            return this;
        }

        /** Present the certificate and key in this key store when the server asks; default none. */
        public Builder clientCertificate(KeyStore keyStore, char[] keyPassword) {
            this.keyStore = keyStore;
            this.keyPassword = keyPassword == null ? null : keyPassword.clone();
            return this;
        }

        /**
         * Accept any certificate and any host name, for troubleshooting only. The handshake's {@link TlsFacts} still
         * say whether the chain would have been trusted and the name matched, and record that verification was off.
         */
        public Builder trustAllCertificatesInsecure() {
            this.insecure = true;
            return this;
        }

        /** Whether the certificate must name the host; default true. */
        public Builder verifyHostname(boolean verify) {
            this.verifyHostname = verify;
            return this;
        }

        /** Protocol versions to offer, e.g. {@code "TLSv1.3"}; default TLS 1.3 and 1.2. */
        public Builder protocols(String... protocols) {
            this.protocols = List.of(protocols);
            return this;
        }

        /** Cipher suites to offer; default the JDK's. */
        public Builder cipherSuites(String... suites) {
            this.cipherSuites = List.of(suites);
            return this;
        }

        /**
         * Handshake timeout; default {@value TlsOptions#DEFAULT_HANDSHAKE_TIMEOUT_SECONDS} s. Positive and at most
         * {@link Timeouts#MAXIMUM}, like every timeout.
         *
         * @throws IllegalArgumentException when it is not positive or longer than {@link Timeouts#MAXIMUM}
         */
        public Builder handshakeTimeout(Duration timeout) {
            java.util.Objects.requireNonNull(timeout, "handshakeTimeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("TlsOptions.handshakeTimeout must be positive, not " + timeout);
            }
            if (timeout.compareTo(Timeouts.MAXIMUM) > 0) {
                throw new IllegalArgumentException("TlsOptions.handshakeTimeout must be at most " + Timeouts.MAXIMUM
                        + " (Timeouts.MAXIMUM), not " + timeout);
            }
            this.handshakeTimeout = timeout;
            return this;
        }

        /** The name for SNI and certificate verification, when it differs from the host connected to (e.g. an IP). */
        public Builder serverName(String name) {
            this.serverName = name;
            return this;
        }

        /** The options. */
        public TlsOptions build() {
            return new TlsOptions(this);
        }
    }
}
