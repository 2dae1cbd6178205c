package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsStarted;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * STARTTLS (RFC 3207) or implicit TLS (RFC 8314): offered, the handshake completes, the certificate chain is trusted
 * by the client's trust material, it names the host (RFC 6125), it is not about to expire, and the protocol is at
 * least TLS 1.2 (RFC 8996 deprecated 1.0 and 1.1).
 */
public final class StartTlsCheck implements Check {

    private static final Set<String> OLD_PROTOCOLS = Set.of("SSLv3", "TLSv1", "TLSv1.1");

    @Override
    public String name() {
        return "starttls";
    }

    @Override
    public Finding run(CheckContext ctx) {
        ProbeOptions options = ctx.client().options();
        if (!ctx.target().hasName() && ctx.settings().expectedHost().isPresent()
                && options.tls().serverName().isEmpty()) {
            // an address as target: verify the certificate against the name the server should carry
            options = options.toBuilder().tls(options.tls().toBuilder()
                    .serverName(ctx.settings().expectedHost().get()).build()).build();
        }
        SmtpSession session;
        try {
            session = ctx.connect(options);
        } catch (TlsFailedException e) { // implicit TLS
            return judgeFailure(ctx, e);
        }
        if (session.tls().isPresent()) {
            ctx.detail("TLS from the first byte (implicit TLS, RFC 8314)");
            return judge(ctx, session.tls().get());
        }
        Optional<Hello> hello = ctx.greet(session);
        if (hello.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused: cannot ask for STARTTLS");
        }
        if (!hello.get().capabilities().supportsStartTls()) {
            return ctx.fail("STARTTLS not offered: mail to and from this server travels in clear text");
        }
        TlsStarted started;
        try {
            started = ctx.time("STARTTLS", hello.get()::startTls);
            ctx.evidence(started.reply());
        } catch (TlsFailedException e) {
            return judgeFailure(ctx, e);
        }
        ctx.step("EHLO after TLS", started.ehlo(ctx.settings().ehloName()));
        return judge(ctx, started.tls());
    }

    private Finding judgeFailure(CheckContext ctx, TlsFailedException e) {
        e.reply().ifPresent(ctx::evidence);
        return switch (e.failure()) {
            case NOT_OFFERED -> ctx.fail("STARTTLS not offered", e);
            case REFUSED -> ctx.fail("STARTTLS offered but refused: " + e.reply().map(Greet::line).orElse(""), e);
            case HANDSHAKE -> ctx.fail("TLS handshake failed: " + e.getMessage(), e);
            case VERIFICATION -> {
                if (e.facts().isEmpty()) {
                    yield ctx.fail("certificate verification failed: " + e.getMessage(), e);
                }
                List<String> problems = problems(ctx, e.facts().get());
                yield ctx.fail(problems.isEmpty() ? e.getMessage() : String.join("; ", unmarked(problems)), e);
            }
        };
    }

    private Finding judge(CheckContext ctx, TlsFacts facts) {
        List<String> problems = problems(ctx, facts);
        Outcome outcome = Outcome.PASS;
        for (String p : problems) {
            outcome = outcome.worst(p.startsWith("!") ? Outcome.FAIL : Outcome.WARN);
        }
        if (outcome == Outcome.PASS) {
            return ctx.pass(facts.protocol() + ", certificate trusted and names " + facts.hostnameChecked()
                    + facts.daysUntilExpiry(ctx.settings().clock().instant()).map(d -> ", " + d + " days to expiry")
                            .orElse(""));
        }
        return ctx.finding(outcome, String.join("; ", unmarked(problems)));
    }

    private static List<String> unmarked(List<String> problems) {
        return problems.stream().map(p -> p.replaceFirst("^!", "")).toList();
    }

    /** The problems with what TLS established; a leading {@code !} marks a failure, the rest are warnings. */
    private List<String> problems(CheckContext ctx, TlsFacts facts) {
        ctx.detail("protocol " + (facts.protocol().isEmpty() ? "(handshake incomplete)" : facts.protocol())
                + (facts.cipherSuite().isEmpty() ? "" : ", " + facts.cipherSuite()));
        ctx.detail("certificate " + facts.leafSubject() + ", names " + facts.subjectAltNames()
                + facts.notAfter().map(t -> ", valid until " + t).orElse(""));
        var problems = new ArrayList<String>();
        if (!facts.verificationEnabled()) {
            ctx.detail("certificate verification is off in the client's TLS options: trust not judged");
        } else if (!facts.trusted()) {
            problems.add("!certificate not trusted" + facts.trustProblem().map(p -> ": " + p).orElse(""));
        }
        if (!facts.hostnameMatched()) {
            problems.add((ctx.target().hasName() || ctx.settings().expectedHost().isPresent() ? "!" : "")
                    + "certificate does not name " + facts.hostnameChecked());
        }
        facts.daysUntilExpiry(ctx.settings().clock().instant()).ifPresent(days -> {
            if (days < 0) {
                problems.add("!certificate expired " + (-days) + " days ago");
            } else if (days < ctx.settings().certificateExpiryWarning().toDays()) {
                problems.add("certificate expires in " + days + " days");
            }
        });
        if (OLD_PROTOCOLS.contains(facts.protocol())) {
            problems.add("negotiated " + facts.protocol() + ", below TLS 1.2 (RFC 8996)");
        }
        return problems;
    }
}
