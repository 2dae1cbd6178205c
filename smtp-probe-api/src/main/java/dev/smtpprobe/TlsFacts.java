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
 * @param protocol            the negotiated protocol, e.g. {@code TLSv1.3}; empty if the handshake did not finish
 * @param cipherSuite         the negotiated cipher suite; empty if the handshake did not finish
 * @param sniName             the server name sent in the SNI extension, if any (none for an address)
 * @param peerChain           the server's certificates, leaf first; empty if it sent none
 * @param verificationEnabled false when the caller chose {@link TlsOptions.Builder#trustAllCertificatesInsecure()}
 * @param trusted             whether the chain is trusted by the configured trust material
 * @param trustProblem        why not, when not trusted
 * @param hostnameChecked     the name the certificate was checked against
 * @param hostnameMatched     whether the leaf certificate names it (RFC 6125 §6)
 */
public record TlsFacts(String protocol, String cipherSuite, Optional<String> sniName, List<X509Certificate> peerChain,
        boolean verificationEnabled, boolean trusted, Optional<String> trustProblem, String hostnameChecked,
        boolean hostnameMatched) {

    /** Copies the chain and checks for nulls. */
    public TlsFacts {
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(cipherSuite, "cipherSuite");
        Objects.requireNonNull(sniName, "sniName");
        peerChain = List.copyOf(peerChain);
        Objects.requireNonNull(trustProblem, "trustProblem");
        Objects.requireNonNull(hostnameChecked, "hostnameChecked");
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
}
