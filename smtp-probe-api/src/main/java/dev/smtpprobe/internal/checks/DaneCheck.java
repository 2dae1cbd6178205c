package dev.smtpprobe.internal.checks;

import dev.smtpprobe.DnsFailure;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.DnsRecords;
import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsStarted;
import dev.smtpprobe.TlsaRecord;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

/**
 * DANE for SMTP (RFC 7672): the TLSA records of {@code _<port>._tcp.<mx host>} (RFC 7672 §2.2; port 25 for an MX),
 * asked with the DO bit, trusted only when the client's resolver set the AD bit (RFC 7672 §2.1.1), and matched
 * against the certificate chain the server presents after STARTTLS (RFC 7672 §3.1): DANE-EE(3) pins the leaf, with
 * neither name nor expiry checked (§3.1.1); DANE-TA(2) pins a certificate of the chain the leaf must chain to and
 * the leaf must name the MX host (§3.1.2, §3.2.2); usages 0 and 1, and unknown selectors or matching types, are
 * unusable for SMTP (§3.1.3).
 *
 * <p>Verdicts: no TLSA records — PASS (DANE is optional; senders then use opportunistic TLS); records the resolver
 * did not validate — WARN (senders ignore them); a SERVFAIL for the TLSA lookup — FAIL (senders defer the mail,
 * §2.2); validated records of which none is usable — WARN; STARTTLS missing or failing, or no usable record
 * matching the chain — FAIL (DANE senders do not deliver); a usable record matching — PASS.
 */
public final class DaneCheck implements Check {

    @Override
    public String name() {
        return "dane";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<String> host = ctx.target().hasName() ? Optional.of(ctx.target().host())
                : ctx.settings().expectedHost();
        if (host.isEmpty()) {
            return ctx.couldNotRun("DANE needs the MX host name and the target is an address (give the expected host)");
        }
        String mx = host.get();
        String tlsaName = "_" + ctx.target().port() + "._tcp." + mx;
        DnsRecords<TlsaRecord> tlsa;
        try {
            tlsa = ctx.time("TLSA lookup", () -> ctx.client().tlsa(tlsaName));
        } catch (DnsLookupException e) {
            if (e.failure() == DnsFailure.SERVER_FAILURE) {
                return ctx.fail("TLSA lookup of " + tlsaName + " answered SERVFAIL: DANE senders defer mail to this"
                        + " host until it resolves (RFC 7672 §2.2)", e);
            }
            return ctx.couldNotRun("TLSA lookup of " + tlsaName + " failed: " + e.getMessage(), e);
        }
        String validated = tlsa.authenticated() ? "DNSSEC-validated (AD bit set)"
                : "not DNSSEC-validated (the resolver did not set the AD bit)";
        if (!tlsa.found()) {
            ctx.detail(tlsaName + ": " + (tlsa.status() == DnsRecords.Status.NO_SUCH_NAME ? "no such name"
                    : "no TLSA records") + ", " + validated);
            return ctx.pass("no TLSA records at " + tlsaName + ": DANE not published, senders use opportunistic TLS");
        }
        ctx.detail(tlsaName + ": " + tlsa.records().size() + " TLSA record(s), " + validated);
        List<TlsaRecord> usable = tlsa.records().stream().filter(TlsaRecord::isUsableForSmtp).toList();
        tlsa.records().stream().filter(r -> !r.isUsableForSmtp()).forEach(r ->
                ctx.detail("TLSA " + r + ": unusable for SMTP (usage 2/3, selector 0/1, matching type 0/1/2;"
                        + " RFC 7672 §3.1.3)"));
        if (usable.isEmpty()) {
            return ctx.warn("no usable TLSA record at " + tlsaName + ": senders use TLS without authentication"
                    + (tlsa.authenticated() ? "" : "; and the records are " + validated));
        }
        Presented presented = presentedChain(ctx, mx);
        if (presented.problem().isPresent()) {
            String problem = presented.problem().get();
            return tlsa.authenticated()
                    ? ctx.fail(problem + ": DANE senders do not deliver to this host (RFC 7672 §2.2)")
                    : ctx.warn("TLSA records are " + validated + ", so senders ignore them; " + problem);
        }
        TlsFacts facts = presented.facts().orElseThrow();
        List<X509Certificate> chain = facts.peerChain();
        ctx.detail("presented chain: " + chain.size() + " certificate(s), leaf " + facts.leafSubject());
        Instant now = ctx.settings().clock().instant();
        Optional<String> match = Optional.empty();
        for (TlsaRecord r : usable) {
            String verdict = match(r, chain, facts, mx, now);
            ctx.detail("TLSA " + r + ": " + verdict);
            if (match.isEmpty() && verdict.startsWith("matches")) {
                match = Optional.of("TLSA " + shortForm(r) + " " + verdict);
            }
        }
        if (!tlsa.authenticated()) {
            return ctx.warn("TLSA records are " + validated + ", so DANE senders ignore them (RFC 7672 §2.2); "
                    + (match.isPresent() ? "they would match the presented chain" : "none matches the presented chain"
                    + " either"));
        }
        return match.map(ctx::pass).orElseGet(() -> ctx.fail("no usable TLSA record matches the certificate chain"
                + " the server presents: DANE senders do not deliver to this host (RFC 7672 §2.2)"));
    }

    /** The presented chain, or why there is none. */
    private record Presented(Optional<TlsFacts> facts, Optional<String> problem) {
        static Presented of(TlsFacts facts) {
            return facts.peerChain().isEmpty() ? problem("the server presented no certificate")
                    : new Presented(Optional.of(facts), Optional.empty());
        }

        static Presented problem(String problem) {
            return new Presented(Optional.empty(), Optional.of(problem));
        }
    }

    /** STARTTLS (or implicit TLS) with PKIX trust off: DANE, not the client's trust store, judges the chain. */
    private static Presented presentedChain(CheckContext ctx, String mx) {
        ProbeOptions options = ctx.client().options();
        var tls = options.tls().toBuilder().trustAllCertificatesInsecure();
        if (options.tls().serverName().isEmpty()) {
            tls.serverName(mx); // SNI and the name checked for DANE-TA: the MX host (RFC 7672 §3.2.2, §8.1)
        }
        options = options.toBuilder().tls(tls.build()).build();
        SmtpSession session;
        try {
            session = ctx.connect(options);
        } catch (TlsFailedException e) { // implicit TLS
            return Presented.problem("TLS handshake failed: " + e.getMessage());
        }
        if (session.tls().isPresent()) {
            return Presented.of(session.tls().get());
        }
        Optional<Hello> hello = ctx.greet(session);
        if (hello.isEmpty()) {
            return Presented.problem("EHLO and HELO refused: STARTTLS cannot be asked for");
        }
        if (!hello.get().capabilities().supportsStartTls()) {
            return Presented.problem("STARTTLS not offered");
        }
        try {
            TlsStarted started = ctx.time("STARTTLS", hello.get()::startTls);
            ctx.evidence(started.reply());
            return Presented.of(started.tls());
        } catch (TlsFailedException e) {
            e.reply().ifPresent(ctx::evidence);
            return Presented.problem("STARTTLS failed: " + e.getMessage());
        }
    }

    /** How {@code r} fares against the chain: a sentence starting with "matches" when it does. */
    static String match(TlsaRecord r, List<X509Certificate> chain, TlsFacts facts, String mx, Instant now) {
        try {
            if (r.usage() == TlsaRecord.DANE_EE) {
                return matches(r, chain.get(0)) ? "matches the server's own " + selected(r)
                        + " (DANE-EE: name and expiry not checked, RFC 7672 §3.1.1)"
                        : "does not match the server's " + selected(r);
            }
            for (int i = 1; i < chain.size(); i++) {
                if (!matches(r, chain.get(i))) {
                    continue;
                }
                Optional<String> broken = chainProblem(chain, i, now);
                if (broken.isPresent()) {
                    return "pins " + chain.get(i).getSubjectX500Principal().getName() + " but " + broken.get();
                }
                if (!facts.hostnameMatched()) {
                    return "pins " + chain.get(i).getSubjectX500Principal().getName() + " but the certificate does"
                            + " not name " + mx + " (DANE-TA checks the name, RFC 7672 §3.2.2)";
                }
                return "matches the trust anchor " + chain.get(i).getSubjectX500Principal().getName()
                        + " (certificate " + i + " of the chain), which issued a valid certificate naming " + mx;
            }
            return "pins no issuer certificate the server presents (a DANE-TA anchor must be in the chain,"
                    + " RFC 7672 §3.1.2)";
        } catch (GeneralSecurityException e) {
            return "cannot be compared: " + e.getMessage();
        }
    }

    /** What is wrong with the chain from the leaf up to (not including) the anchor at {@code anchor}. */
    private static Optional<String> chainProblem(List<X509Certificate> chain, int anchor, Instant now) {
        for (int j = 0; j < anchor; j++) {
            X509Certificate c = chain.get(j);
            try {
                c.verify(chain.get(j + 1).getPublicKey());
            } catch (GeneralSecurityException e) {
                return Optional.of(c.getSubjectX500Principal().getName() + " is not signed by the next certificate");
            }
            try {
                c.checkValidity(Date.from(now));
            } catch (GeneralSecurityException e) {
                return Optional.of(c.getSubjectX500Principal().getName() + " is not valid now: " + e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static boolean matches(TlsaRecord r, X509Certificate cert) throws GeneralSecurityException {
        byte[] selected = r.selector() == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
        byte[] value = switch (r.matchingType()) {
            case 0 -> selected;
            case 1 -> MessageDigest.getInstance("SHA-256").digest(selected);
            default -> MessageDigest.getInstance("SHA-512").digest(selected);
        };
        return MessageDigest.isEqual(value, r.data());
    }

    private static String selected(TlsaRecord r) {
        return r.selector() == 0 ? "certificate" : "public key";
    }

    private static String shortForm(TlsaRecord r) {
        String s = r.toString();
        return s.length() > 24 ? s.substring(0, 24) + "..." : s;
    }
}
