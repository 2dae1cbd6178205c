package dev.smtpprobe;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a TLS handshake established and what the server's certificate says (RFC 3207, RFC 8314, RFC 6125): the
 * protocol and cipher suite, the SNI name sent, the peer's chain, whether the chain was trusted (and if not, why)
 * and whether it names the host. Recorded also when verification was off ({@link #verificationEnabled()} false)
 * or failed.
 *
 * <p>Applications read these facts: they come from {@link SmtpSession#tls()}, {@link TlsStarted#tls()} or
 * {@link TlsFailedException#facts()}. {@link #builder()} is for transports and for tests that script a TLS result;
 * it is a builder, not a constructor, so that facts can be added without breaking those who make them. Immutable.
 */
public final class TlsFacts {

    private final String protocol;
    private final String cipherSuite;
    private final Optional<String> sniName;
    private final List<X509Certificate> peerChain;
    private final boolean verificationEnabled;
    private final boolean trusted;
    private final Optional<String> trustProblem;
    private final String hostnameChecked;
    private final boolean hostnameMatched;

    private TlsFacts(Builder b) {
        this.protocol = b.protocol;
        this.cipherSuite = b.cipherSuite;
        this.sniName = Optional.ofNullable(b.sniName);
        this.peerChain = List.copyOf(b.peerChain);
        this.verificationEnabled = b.verificationEnabled;
        this.trusted = b.trusted;
        this.trustProblem = Optional.ofNullable(b.trustProblem);
        this.hostnameChecked = b.hostnameChecked;
        this.hostnameMatched = b.hostnameMatched;
    }

    /** A builder for transports and tests: nothing negotiated, no certificate, not trusted, no name matched. */
    public static Builder builder() {
        return new Builder();
    }

    /** The negotiated protocol, e.g. {@code TLSv1.3}; empty if the handshake did not finish. */
    public String protocol() {
        return protocol;
    }

    /** The negotiated cipher suite; empty if the handshake did not finish. */
    public String cipherSuite() {
        return cipherSuite;
    }

    /** The server name sent in the SNI extension (RFC 6066 §3), if any (none for an address). */
    public Optional<String> sniName() {
        return sniName;
    }

    /** The server's certificates, leaf first; empty if it sent none. */
    public List<X509Certificate> peerChain() {
        return peerChain;
    }

    /** False when the caller chose {@link TlsOptions.Builder#trustAllCertificatesInsecure()}. */
    public boolean verificationEnabled() {
        return verificationEnabled;
    }

    /** Whether the chain is trusted by the configured trust material. */
    public boolean trusted() {
        return trusted;
    }

    /** Why the chain is not trusted, when it is not. */
    public Optional<String> trustProblem() {
        return trustProblem;
    }

    /** The name the certificate was checked against (RFC 6125 §6). */
    public String hostnameChecked() {
        return hostnameChecked;
    }

    /** Whether the leaf certificate names {@link #hostnameChecked()} (RFC 6125 §6). */
    public boolean hostnameMatched() {
        return hostnameMatched;
    }

    /** The server's own certificate. */
    public Optional<X509Certificate> leaf() {
        return peerChain.isEmpty() ? Optional.empty() : Optional.of(peerChain.get(0));
    }

    /** The leaf's subject, e.g. {@code CN=mx.example.test}; empty text without a certificate. */
    public String leafSubject() {
        return leaf().map(c -> c.getSubjectX500Principal().getName()).orElse("");
    }

    /** The leaf's subject alternative names (DNS names and IP addresses) as text. */
    public List<String> subjectAltNames() {
        var names = new ArrayList<String>();
        leaf().ifPresent(c -> {
            try {
                var sans = c.getSubjectAlternativeNames();
                if (sans != null) {
                    for (List<?> san : sans) {
                        int type = (Integer) san.get(0);
                        if (type == 2 || type == 7) { // dNSName, iPAddress
                            names.add(String.valueOf(san.get(1)));
                        }
                    }
                }
            } catch (CertificateParsingException e) {
                // an unparsable extension names nothing
            }
        });
        return List.copyOf(names);
    }

    /** The leaf's start of validity. */
    public Optional<Instant> notBefore() {
        return leaf().map(c -> c.getNotBefore().toInstant());
    }

    /** The leaf's end of validity. */
    public Optional<Instant> notAfter() {
        return leaf().map(c -> c.getNotAfter().toInstant());
    }

    /** Whole days from {@code now} until the leaf expires (negative once expired). */
    public Optional<Long> daysUntilExpiry(Instant now) {
        return notAfter().map(end -> Duration.between(now, end).toDays());
    }

    /** Whether the handshake finished (protocol and cipher suite known). */
    public boolean handshakeCompleted() {
        return !protocol.isEmpty();
    }

    /** One line for a transcript or a report. */
    public String summary() {
        return (handshakeCompleted() ? protocol + " " + cipherSuite : "handshake not completed")
                + ", peer " + (leafSubject().isEmpty() ? "(no certificate)" : leafSubject())
                + ", trusted " + (trusted ? "yes" : "no" + trustProblem.map(p -> " (" + p + ")").orElse(""))
                + ", host name " + hostnameChecked + (hostnameMatched ? " matched" : " NOT matched")
                + (verificationEnabled ? "" : ", verification OFF (insecure mode)");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TlsFacts f && protocol.equals(f.protocol) && cipherSuite.equals(f.cipherSuite)
                && sniName.equals(f.sniName) && peerChain.equals(f.peerChain)
                && verificationEnabled == f.verificationEnabled && trusted == f.trusted
                && trustProblem.equals(f.trustProblem) && hostnameChecked.equals(f.hostnameChecked)
                && hostnameMatched == f.hostnameMatched;
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, cipherSuite, sniName, peerChain, verificationEnabled, trusted, trustProblem,
                hostnameChecked, hostnameMatched);
    }

    /** {@link #summary()}. */
    @Override
    public String toString() {
        return "TlsFacts[" + summary() + "]";
    }

    /** Builds {@link TlsFacts}; for transports and tests. Not thread-safe. */
    public static final class Builder {
        private String protocol = "";
        private String cipherSuite = "";
        private String sniName;
        private List<X509Certificate> peerChain = List.of();
        private boolean verificationEnabled = true;
        private boolean trusted;
        private String trustProblem;
        private String hostnameChecked = "";
        private boolean hostnameMatched;

        private Builder() {}

        /** The negotiated protocol; default empty (handshake not finished). */
        public Builder protocol(String protocol) {
            this.protocol = Objects.requireNonNull(protocol, "protocol");
            return this;
        }

        /** The negotiated cipher suite; default empty. */
        public Builder cipherSuite(String cipherSuite) {
            this.cipherSuite = Objects.requireNonNull(cipherSuite, "cipherSuite");
            return this;
        }

        /** The SNI name sent; default none ({@code null} clears it). */
        public Builder sniName(String sniName) {
            this.sniName = sniName;
            return this;
        }

        /** The peer's chain, leaf first; default empty. */
        public Builder peerChain(List<X509Certificate> chain) {
            this.peerChain = List.copyOf(chain);
            return this;
        }

        /** Whether verification was on; default true. */
        public Builder verificationEnabled(boolean enabled) {
            this.verificationEnabled = enabled;
            return this;
        }

        /** Whether the chain was trusted; default false. */
        public Builder trusted(boolean trusted) {
            this.trusted = trusted;
            return this;
        }

        /** Why the chain is not trusted; default none ({@code null} clears it). */
        public Builder trustProblem(String problem) {
            this.trustProblem = problem;
            return this;
        }

        /** The name the certificate was checked against; default empty. */
        public Builder hostnameChecked(String name) {
            this.hostnameChecked = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Whether the leaf names it; default false. */
        public Builder hostnameMatched(boolean matched) {
            this.hostnameMatched = matched;
            return this;
        }

        /** The facts. */
        public TlsFacts build() {
            return new TlsFacts(this);
        }
    }
}
