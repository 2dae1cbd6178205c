package dev.smtpprobe.internal.checks;

import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.DnsRecords;
import dev.smtpprobe.Hello;
import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsStarted;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;

/**
 * MTA-STS (RFC 8461): the {@code _mta-sts.<mail domain>} TXT record (§3.1: exactly one starting {@code v=STSv1},
 * with an {@code id}), the policy fetched over HTTPS from {@code https://mta-sts.<domain>/.well-known/mta-sts.txt}
 * (§3.3: a valid certificate for that host, no redirects followed, status 200, {@code text/plain}), its syntax
 * (§3.2), its {@code mx} patterns against the domain's real MX hosts (§4.1), and this MX's certificate (§4.2: trusted
 * by the client's trust material, naming the MX host, not expired). Problems a sender would act on are FAIL in mode
 * {@code enforce} (mail to that MX is not delivered) and WARN in mode {@code testing} (only reported).
 *
 * <p>The mail domain comes from {@link dev.smtpprobe.check.CheckSettings#mailDomain()}; without it the check cannot
 * run. No record is a PASS: MTA-STS is optional.
 */
public final class MtaStsCheck implements Check {

    /** How long the policy fetch may take (RFC 8461 §3.3 suggests senders give it a minute at most). */
    static final Duration FETCH_TIMEOUT = Duration.ofSeconds(30);
    /** RFC 8461 §3.3: policy bodies over 64 KiB may be refused. */
    static final int MAX_BODY = 64 * 1024;

    private final Supplier<HttpClient> http;
    private final Function<String, URI> policyLocation;

    /**
     * With an HTTP client of its own (system trust, no redirects), made only when a policy is to be fetched, and the
     * RFC's policy URI.
     */
    public MtaStsCheck() {
        this.http = () -> HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(FETCH_TIMEOUT).build();
        this.policyLocation = MtaStsCheck::policyUri;
    }

    /** With this HTTP client and where the policy of a domain is fetched from. */
    public MtaStsCheck(HttpClient http, Function<String, URI> policyLocation) {
        Objects.requireNonNull(http, "http");
        this.http = () -> http;
        this.policyLocation = Objects.requireNonNull(policyLocation, "policyLocation");
    }

    /** {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (RFC 8461 §3.3). */
    public static URI policyUri(String domain) {
        return URI.create("https://mta-sts." + domain + "/.well-known/mta-sts.txt");
    }

    @Override
    public String name() {
        return "mta-sts";
    }

    @Override
    public Finding run(CheckContext ctx) {
        if (ctx.settings().mailDomain().isEmpty()) {
            return ctx.couldNotRun("MTA-STS is a policy of the mail domain: give the mail domain (or check the"
                    + " domain's MX)");
        }
        String domain = ctx.settings().mailDomain().get();
        String recordName = "_mta-sts." + domain;
        DnsRecords<String> txt = ctx.time("TXT lookup", () -> ctx.client().txt(recordName));
        List<String> sts = txt.records().stream().filter(t -> t.startsWith("v=STSv1")).toList();
        if (sts.isEmpty()) {
            ctx.detail(recordName + ": " + (txt.status() == DnsRecords.Status.NO_SUCH_NAME ? "no such name"
                    : txt.records().size() + " TXT record(s), none starting v=STSv1"));
            return ctx.pass("no MTA-STS record at " + recordName + ": MTA-STS not published");
        }
        sts.forEach(t -> ctx.detail(recordName + " TXT \"" + t + "\""));
        if (sts.size() > 1) {
            return ctx.fail(sts.size() + " v=STSv1 records at " + recordName + ": senders treat the domain as having"
                    + " no policy (RFC 8461 §3.1)");
        }
        TagList record = TagList.parse(sts.get(0), "STSv1");
        if (record.error().isPresent()) {
            return ctx.fail("malformed MTA-STS record: " + record.error().get() + " (RFC 8461 §3.1)");
        }
        if (record.get("id").filter(id -> id.matches("[A-Za-z0-9]{1,32}")).isEmpty()) {
            return ctx.fail("MTA-STS record without a valid id (1 to 32 letters and digits, RFC 8461 §3.1)");
        }
        URI uri = policyLocation.apply(domain);
        Fetched fetched = ctx.time("policy fetch", () -> fetch(uri));
        if (fetched.problem().isPresent()) {
            ctx.detail("policy " + uri + ": " + fetched.problem().get());
            return ctx.fail("MTA-STS record published but the policy " + fetched.problem().get()
                    + ": senders without a cached policy treat the domain as having none (RFC 8461 §3.3)");
        }
        MtaStsPolicy policy = MtaStsPolicy.parse(fetched.body().orElseThrow());
        ctx.detail("policy " + uri + ": mode " + policy.mode() + ", mx " + policy.mx() + ", max_age "
                + policy.maxAge().map(String::valueOf).orElse("?"));
        if (policy.lfOnly()) {
            ctx.detail("policy lines end in LF, not the CRLF of RFC 8461 §3.2 (most senders accept it)");
        }
        if (!policy.problems().isEmpty()) {
            return ctx.fail("invalid MTA-STS policy: " + String.join("; ", policy.problems()) + " (RFC 8461 §3.2)");
        }
        if (policy.mode().equals("none")) {
            return ctx.pass("MTA-STS policy in mode none: the domain has withdrawn its policy");
        }
        var problems = new ArrayList<String>();
        mxCoverage(ctx, domain, policy, problems);
        thisMx(ctx, policy, problems);
        Outcome outcome = problems.isEmpty() ? Outcome.PASS
                : policy.mode().equals("enforce") ? Outcome.FAIL : Outcome.WARN;
        if (outcome == Outcome.PASS) {
            return ctx.pass("MTA-STS policy in mode " + policy.mode() + " covers every MX, and this MX presents a"
                    + " valid certificate" + (policy.mode().equals("testing") ? " (testing: failures only reported)"
                    : ""));
        }
        return ctx.finding(outcome, "MTA-STS mode " + policy.mode() + ": " + String.join("; ", problems)
                + (outcome == Outcome.FAIL ? " (senders do not deliver there, RFC 8461 §5)"
                        : " (testing: senders report, still deliver)"));
    }

    /** Every MX host of the domain against the policy's patterns. */
    private static void mxCoverage(CheckContext ctx, String domain, MtaStsPolicy policy, List<String> problems) {
        MxResult mx;
        try {
            mx = ctx.client().mx(domain);
        } catch (DnsLookupException e) {
            ctx.detail("MX lookup of " + domain + " failed: " + e.getMessage());
            return;
        }
        var unmatched = new ArrayList<String>();
        for (MxHost host : mx.hosts()) {
            Optional<String> pattern = policy.patternFor(host.host());
            ctx.detail("MX " + host.host() + ": " + pattern.map(p -> "matches mx: " + p).orElse("matches no mx pattern"));
            if (pattern.isEmpty()) {
                unmatched.add(host.host());
            }
        }
        if (!unmatched.isEmpty()) {
            problems.add("MX " + String.join(", ", unmatched) + " not covered by the policy's mx patterns");
        }
    }

    /** This target: its name against the patterns, its certificate as an MTA-STS sender checks it (§4.2). */
    private static void thisMx(CheckContext ctx, MtaStsPolicy policy, List<String> problems) {
        Optional<String> host = ctx.target().hasName() ? Optional.of(ctx.target().host())
                : ctx.settings().expectedHost();
        if (host.isEmpty()) {
            ctx.detail("the target is an address: its certificate cannot be checked against an MX name");
            return;
        }
        String mx = host.get().toLowerCase(Locale.ROOT);
        if (policy.patternFor(mx).isEmpty() && problems.stream().noneMatch(p -> p.contains(mx))) {
            problems.add("this MX " + mx + " matches no mx pattern");
        }
        ProbeOptions options = ctx.client().options();
        if (options.tls().serverName().isEmpty()) {
            options = options.toBuilder().tls(options.tls().toBuilder().serverName(mx).build()).build();
        }
        Optional<String> problem = certificateProblem(ctx, options, mx);
        problem.ifPresent(p -> problems.add("this MX " + p));
    }

    private static Optional<String> certificateProblem(CheckContext ctx, ProbeOptions options, String mx) {
        SmtpSession session;
        try {
            session = ctx.connect(options);
        } catch (TlsFailedException e) {
            return Optional.of(tlsProblem(e, mx));
        }
        TlsFacts facts;
        if (session.tls().isPresent()) {
            facts = session.tls().get();
        } else {
            Optional<Hello> hello = ctx.greet(session);
            if (hello.isEmpty()) {
                return Optional.of("refuses EHLO and HELO: STARTTLS cannot be asked for");
            }
            if (!hello.get().capabilities().supportsStartTls()) {
                return Optional.of("does not offer STARTTLS");
            }
            try {
                TlsStarted started = ctx.time("STARTTLS", hello.get()::startTls);
                ctx.evidence(started.reply());
                facts = started.tls();
            } catch (TlsFailedException e) {
                e.reply().ifPresent(ctx::evidence);
                return Optional.of(tlsProblem(e, mx));
            }
        }
        ctx.detail("this MX's certificate: " + facts.leafSubject() + ", names " + facts.subjectAltNames());
        if (!facts.verificationEnabled()) {
            ctx.detail("certificate verification is off in the client's TLS options: trust not judged");
        } else if (!facts.trusted()) {
            return Optional.of("presents a certificate that is not trusted"
                    + facts.trustProblem().map(p -> ": " + p).orElse(""));
        }
        if (!facts.hostnameMatched()) {
            return Optional.of("presents a certificate that does not name " + mx);
        }
        if (facts.daysUntilExpiry(ctx.settings().clock().instant()).filter(d -> d < 0).isPresent()) {
            return Optional.of("presents an expired certificate");
        }
        return Optional.empty();
    }

    private static String tlsProblem(TlsFailedException e, String mx) {
        return switch (e.failure()) {
            case NOT_OFFERED -> "does not offer STARTTLS";
            case REFUSED -> "refuses STARTTLS" + e.reply().map(r -> ": " + Greet.line(r)).orElse("");
            case HANDSHAKE -> "fails the TLS handshake: " + e.getMessage();
            case VERIFICATION -> "presents a certificate not valid for " + mx + ": " + e.getMessage();
        };
    }

    /** The body of a 200 text/plain answer, or what went wrong. */
    private record Fetched(Optional<String> body, Optional<String> problem) {
        static Fetched problem(String problem) {
            return new Fetched(Optional.empty(), Optional.of(problem));
        }
    }

    private Fetched fetch(URI uri) {
        HttpResponse<byte[]> response;
        try {
            response = http.get().send(HttpRequest.newBuilder(uri).timeout(FETCH_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (SSLException e) {
            return Fetched.problem("could not be fetched over valid HTTPS (the certificate must be trusted and name "
                    + uri.getHost() + "): " + e.getMessage());
        } catch (IOException e) {
            return Fetched.problem("could not be fetched: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Fetched.problem("fetch interrupted");
        }
        if (response.previousResponse().isPresent()) {
            return Fetched.problem("was reached through a redirect, which senders must not follow");
        }
        int status = response.statusCode();
        if (status >= 300 && status < 400) {
            return Fetched.problem("answers HTTP " + status + " (a redirect, which senders must not follow)");
        }
        if (status != 200) {
            return Fetched.problem("answers HTTP " + status + " instead of 200");
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        if (!type.toLowerCase(Locale.ROOT).replace(" ", "").matches("text/plain(;.*)?")) {
            return Fetched.problem("is served as \"" + type + "\", not text/plain");
        }
        if (response.body().length > MAX_BODY) {
            return Fetched.problem("is " + response.body().length + " bytes, over the 64 KiB senders accept");
        }
        return new Fetched(Optional.of(new String(response.body(), StandardCharsets.UTF_8)), Optional.empty());
    }
}
