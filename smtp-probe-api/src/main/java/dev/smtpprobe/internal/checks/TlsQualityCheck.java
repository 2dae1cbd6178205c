package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsFailureCause;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The quality of the server's TLS (RFC 3207 STARTTLS, or RFC 8314 implicit TLS when the client's options say so):
 * which protocol versions it accepts, each tried on a connection of its own (TLS 1.0 or 1.1 still accepted is a
 * warning, RFC 8996; no handshake at TLS 1.2 or above is a failure), and its certificate chain — every
 * certificate's validity (expired or not yet valid: failure; the leaf expiring within
 * {@link dev.smtpprobe.check.CheckSettings#certificateExpiryWarning()}: warning), trust by the client's trust
 * material, a self-signed leaf, the chain's order, and the leaf's names against the MX host name (RFC 6125, RFC 7672
 * §3.2.3 for the name an MX is reached by).
 *
 * <p>The JDK disables TLS 1.0 and 1.1 by default ({@code jdk.tls.disabledAlgorithms}, JDK 8u291 and later): a
 * version the JVM's TLS cannot offer is not tried and the finding says "not tested", never "refused". A JVM started
 * with those versions re-enabled (a {@code java.security} override) tests them for real.
 */
public final class TlsQualityCheck implements Check {

    /** The versions tried, newest first, with their standard names. */
    static final List<String> VERSIONS = List.of("TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1");
    /** The versions RFC 8996 deprecated. */
    private static final List<String> DEPRECATED = List.of("TLSv1.1", "TLSv1");

    @Override
    public String name() {
        return "tls-quality";
    }

    @Override
    public Finding run(CheckContext ctx) {
        ProbeOptions options = ctx.client().options();
        TlsOptions tls = options.tls();
        boolean implicit = tls.mode() == TlsMode.IMPLICIT;
        TlsOptions.Builder base = tls.toBuilder().mode(implicit ? TlsMode.IMPLICIT : TlsMode.NONE);
        if (!ctx.target().hasName() && ctx.settings().expectedHost().isPresent() && tls.serverName().isEmpty()) {
            base.serverName(ctx.settings().expectedHost().get()); // an address as target: judge the expected name
        }
        boolean nameJudged = ctx.target().hasName() || ctx.settings().expectedHost().isPresent()
                || tls.serverName().isPresent();
        ProbeOptions main = options.toBuilder().tls(base.build()).build();

        Handshake first = handshake(ctx, main, "TLS");
        if (first.notPossible.isPresent()) {
            return first.outcome == Outcome.FAIL ? ctx.fail(first.notPossible.get())
                    : ctx.couldNotRun(first.notPossible.get());
        }
        List<String> failures = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        Optional<TlsFacts> facts = first.facts;
        if (facts.isPresent() && facts.get().handshakeCompleted()) {
            ctx.detail("negotiated " + facts.get().protocol() + ", " + facts.get().cipherSuite()
                    + (implicit ? " (implicit TLS, RFC 8314)" : " (STARTTLS, RFC 3207)"));
        } else {
            first.failure.ifPresent(e -> ctx.detail("no handshake with the client's settings: " + e.getMessage()));
        }

        List<TlsFacts> probed = new ArrayList<>();
        Map<String, String> versions = versions(ctx, main, facts, probed);
        if (facts.map(f -> f.peerChain().isEmpty()).orElse(true) && !probed.isEmpty()) {
            // no chain from the client's own settings (say, none of its versions is one the server speaks): judge the
            // chain a version probe saw; its trust and name were still checked against the client's trust material
            facts = Optional.of(probed.get(0));
            ctx.detail("certificate as presented in the " + probed.get(0).protocol() + " handshake");
        }
        List<String> accepted = names(versions, "accepted");
        versions.forEach((v, verdict) -> ctx.detail(v + ": " + verdict));
        if (accepted.stream().noneMatch(v -> v.equals("TLSv1.3") || v.equals("TLSv1.2"))
                && versions.entrySet().stream().filter(e -> !DEPRECATED.contains(e.getKey()))
                        .noneMatch(e -> e.getValue().startsWith("not tested"))) {
            failures.add("no handshake at TLS 1.2 or 1.3" + first.failure.map(e -> ": " + e.getMessage()).orElse(""));
        }
        List<String> old = accepted.stream().filter(DEPRECATED::contains).toList();
        if (!old.isEmpty()) {
            warnings.add(String.join(" and ", old) + " still accepted (deprecated by RFC 8996)");
        }

        if (facts.isPresent() && !facts.get().peerChain().isEmpty()) {
            certificate(ctx, facts.get(), nameJudged, tls.isInsecure(), failures, warnings);
        } else if (first.failure.isPresent() && first.failure.get().failure() == TlsFailure.VERIFICATION) {
            failures.add("certificate refused by the client's TLS settings: " + first.failure.get().getMessage());
        } else if (facts.isPresent()) {
            failures.add("the server presented no certificate");
        }

        String versionSummary = summary(versions);
        if (!failures.isEmpty()) {
            return ctx.fail(String.join("; ", failures) + "; " + versionSummary);
        }
        if (!warnings.isEmpty()) {
            return ctx.warn(String.join("; ", warnings) + "; " + versionSummary);
        }
        String cert = facts.map(f -> "certificate trusted"
                + (nameJudged ? " and names " + f.hostnameChecked() : "")
                + f.daysUntilExpiry(ctx.settings().clock().instant()).map(d -> ", " + d + " days to expiry")
                        .orElse("")).orElse("");
        return ctx.pass(versionSummary + "; " + cert);
    }

    private static List<String> names(Map<String, String> versions, String prefix) {
        return versions.entrySet().stream().filter(e -> e.getValue().startsWith(prefix)).map(Map.Entry::getKey)
                .toList();
    }

    /** {@code TLSv1.3, TLSv1.2 accepted; TLSv1.1, TLSv1 refused}. */
    private static String summary(Map<String, String> versions) {
        var parts = new ArrayList<String>();
        for (String kind : List.of("accepted", "refused", "not tested", "could not be tested")) {
            List<String> these = names(versions, kind);
            if (!these.isEmpty()) {
                parts.add(String.join(", ", these) + " " + kind
                        + (kind.equals("not tested") ? " (this JVM's TLS does not offer them)" : ""));
            }
        }
        return parts.isEmpty() ? "no protocol version tested" : String.join("; ", parts);
    }

    /**
     * Each version in {@link #VERSIONS} tried alone on a fresh connection (the one the first handshake negotiated is
     * known already), the facts of each completed handshake added to {@code probed}: {@code accepted},
     * {@code refused (why)}, {@code not tested (why)} or {@code could not be tested (why)}.
     */
    private Map<String, String> versions(CheckContext ctx, ProbeOptions main, Optional<TlsFacts> first,
            List<TlsFacts> probed) {
        var versions = new LinkedHashMap<String, String>();
        String negotiated = first.filter(TlsFacts::handshakeCompleted).map(TlsFacts::protocol).orElse("");
        for (String version : VERSIONS) {
            if (version.equals(negotiated)) {
                versions.put(version, "accepted");
                continue;
            }
            Optional<String> local = LocalTls.cannotOffer(main.tls(), version);
            if (local.isPresent()) {
                versions.put(version, "not tested: " + local.get());
                continue;
            }
            TlsOptions.Builder only = main.tls().toBuilder().protocols(version);
            if (main.tls().sslContext().isEmpty()) {
                only.trustAllCertificatesInsecure(); // only the version is asked here; the chain is judged above
            }
            Handshake h;
            try {
                h = handshake(ctx, main.toBuilder().tls(only.build()).build(), version);
            } catch (ProbeException e) { // the verdicts so far stand; this version stays open
                versions.put(version, "could not be tested (" + e.getMessage() + ")");
                continue;
            }
            if (h.facts.isPresent() && h.facts.get().handshakeCompleted()) {
                probed.add(h.facts.get());
                versions.put(version, h.facts.get().protocol().equals(version) ? "accepted"
                        : "refused (negotiated " + h.facts.get().protocol() + ")");
            } else if (h.failure.isPresent() && h.failure.get().handshakeCause()
                    .filter(c -> c == TlsFailureCause.LOCAL_CONFIGURATION).isPresent()) {
                versions.put(version, "not tested: the client's TLS cannot offer it (" + h.failure.get().getMessage()
                        + ")");
            } else if (h.failure.isPresent() && h.failure.get().failure() != TlsFailure.NOT_OFFERED
                    && h.failure.get().failure() != TlsFailure.REFUSED) {
                versions.put(version, "refused (" + h.failure.get().getMessage() + ")");
            } else {
                versions.put(version, "could not be tested" + h.notPossible.map(n -> " (" + n + ")")
                        .or(() -> h.failure.map(e -> " (" + e.getMessage() + ")")).orElse(""));
            }
        }
        return versions;
    }

    /** The certificate judgements: validity of each certificate, trust, self-signed, order, name. */
    private static void certificate(CheckContext ctx, TlsFacts facts, boolean nameJudged, boolean callerInsecure,
            List<String> failures, List<String> warnings) {
        List<X509Certificate> chain = facts.peerChain();
        Instant now = ctx.settings().clock().instant();
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate c = chain.get(i);
            String who = i == 0 ? "leaf" : "chain[" + i + "]";
            ctx.detail(who + ": " + c.getSubjectX500Principal().getName() + ", issued by "
                    + c.getIssuerX500Principal().getName() + ", valid " + c.getNotBefore().toInstant() + " to "
                    + c.getNotAfter().toInstant());
            if (c.getNotAfter().toInstant().isBefore(now)) {
                long days = java.time.Duration.between(c.getNotAfter().toInstant(), now).toDays();
                failures.add((i == 0 ? "certificate" : "chain certificate " + c.getSubjectX500Principal().getName())
                        + " expired " + days + " days ago (" + c.getNotAfter().toInstant() + ")");
            } else if (c.getNotBefore().toInstant().isAfter(now)) {
                failures.add(who + " certificate not valid before " + c.getNotBefore().toInstant());
            }
            if (i + 1 < chain.size()
                    && !c.getIssuerX500Principal().equals(chain.get(i + 1).getSubjectX500Principal())) {
                warnings.add("the chain is not in order: " + who + " is not issued by the next certificate"
                        + " (RFC 8446 §4.4.2)");
            }
        }
        facts.daysUntilExpiry(now).filter(d -> d >= 0).ifPresent(days -> {
            if (days < ctx.settings().certificateExpiryWarning().toDays()) {
                warnings.add("certificate expires in " + days + " days (warning under "
                        + ctx.settings().certificateExpiryWarning().toDays() + " days)");
            }
        });
        X509Certificate leaf = chain.get(0);
        boolean selfSigned = leaf.getSubjectX500Principal().equals(leaf.getIssuerX500Principal())
                && signedBy(leaf, leaf);
        if (selfSigned) {
            ctx.detail("the leaf is self-signed");
        }
        if (callerInsecure) {
            ctx.detail("certificate verification is off in the client's TLS options: trust not judged"
                    + (facts.trusted() ? "" : " (" + facts.trustProblem().orElse("it would not be trusted") + ")"));
        } else if (!facts.trusted()) {
            failures.add((selfSigned ? "self-signed certificate, not trusted" : "certificate not trusted")
                    + facts.trustProblem().map(p -> ": " + p).orElse(""));
        }
        if (nameJudged && !facts.hostnameMatched()) {
            failures.add("certificate does not name " + facts.hostnameChecked() + " (it names "
                    + facts.subjectAltNames() + ")");
        } else if (!nameJudged) {
            ctx.detail("the target is an address and no expected host name is set: the certificate's names "
                    + facts.subjectAltNames() + " were not judged");
        }
    }

    private static boolean signedBy(X509Certificate cert, X509Certificate issuer) {
        try {
            cert.verify(issuer.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    /**
     * One connection that goes as far as a TLS handshake: its facts (also those of a verification failure), the
     * failure, or why no handshake could even be asked for (with the outcome that deserves).
     */
    private static Handshake handshake(CheckContext ctx, ProbeOptions options, String phase) {
        SmtpSession session;
        try {
            session = ctx.connect(options);
        } catch (TlsFailedException e) { // implicit TLS
            return Handshake.failed(e);
        }
        if (session.tls().isPresent()) {
            return new Handshake(session.tls(), Optional.empty(), Optional.empty(), Outcome.PASS);
        }
        Optional<Hello> hello = ctx.greet(session);
        if (hello.isEmpty()) {
            return Handshake.impossible("EHLO and HELO refused: cannot ask for STARTTLS", Outcome.COULD_NOT_RUN);
        }
        if (!hello.get().capabilities().supportsStartTls()) {
            return Handshake.impossible("STARTTLS not offered: no TLS to judge (mail to and from this server"
                    + " travels in clear text)", Outcome.FAIL);
        }
        try {
            var started = ctx.time(phase + " handshake", hello.get()::startTls);
            ctx.evidence(started.reply());
            return new Handshake(Optional.of(started.tls()), Optional.empty(), Optional.empty(), Outcome.PASS);
        } catch (TlsFailedException e) {
            if (e.failure() == TlsFailure.REFUSED) {
                return Handshake.impossible("STARTTLS offered but refused: " + e.reply().map(Greet::line).orElse(""),
                        Outcome.FAIL);
            }
            return Handshake.failed(e);
        }
    }

    /** What one handshake attempt gave. */
    private record Handshake(Optional<TlsFacts> facts, Optional<TlsFailedException> failure,
            Optional<String> notPossible, Outcome outcome) {

        static Handshake failed(TlsFailedException e) {
            return new Handshake(e.facts(), Optional.of(e), Optional.empty(), Outcome.FAIL);
        }

        static Handshake impossible(String why, Outcome outcome) {
            return new Handshake(Optional.empty(), Optional.empty(), Optional.of(why), outcome);
        }
    }
}
