package dev.smtpprobe.internal.checks;

import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The 220 banner (RFC 5321 §4.3.1): it names the server's host, which should be its public name — the expected one,
 * matching the reverse DNS of its address — not an internal name like {@code myserver.contoso.local}, and it should
 * not advertise the software's version to every scanner — any version-like token, also of software no list names
 * ({@code Python SMTP 1.4.3}). The reverse DNS of a loopback or private address is not held against the banner (that
 * address is not the one the world connects to); the detail says so.
 */
public final class BannerCheck implements Check {

    @Override
    public String name() {
        return "banner";
    }

    @Override
    public Finding run(CheckContext ctx) {
        SmtpSession session = ctx.connect();
        Reply greeting = ctx.evidence(session.greeting());
        if (greeting.code() != 220) {
            return ctx.fail("no 220 banner: " + Greet.line(greeting));
        }
        String named = session.greetingHost();
        if (named.isEmpty()) {
            return ctx.warn("the banner names no host: " + Greet.line(greeting));
        }
        Outcome outcome = Outcome.PASS;
        List<String> problems = new ArrayList<>();
        Optional<String> internal = BannerNames.internalLooking(named);
        if (internal.isPresent()) {
            outcome = Outcome.WARN;
            problems.add("names " + named + ", " + internal.get());
        }
        Optional<String> expected = ctx.settings().expectedHost();
        if (expected.isPresent()) {
            if (expected.get().equalsIgnoreCase(named)) {
                ctx.detail("banner names " + named + " as expected");
            } else {
                outcome = Outcome.WARN;
                problems.add("names " + named + ", expected " + expected.get());
            }
        }
        var address = session.remoteAddress().getAddress();
        Optional<String> notPublic = BannerNames.notPublic(address);
        try {
            List<String> ptr = ctx.reverseDns(address);
            if (ptr.stream().anyMatch(named::equalsIgnoreCase)) {
                ctx.detail("reverse DNS of " + address.getHostAddress() + " is " + named + ", as the banner says");
            } else if (notPublic.isPresent()) {
                ctx.detail("reverse DNS of " + address.getHostAddress() + " not compared with the banner: it is "
                        + notPublic.get() + ", not the one the world connects to"
                        + (ptr.isEmpty() ? " (no PTR)" : " (PTR " + String.join(", ", ptr) + ")"));
            } else if (ptr.isEmpty()) {
                ctx.detail("no reverse DNS (PTR) for " + address.getHostAddress());
            } else {
                outcome = Outcome.WARN;
                problems.add("names " + named + " but the reverse DNS of " + address.getHostAddress() + " is "
                        + String.join(", ", ptr));
            }
        } catch (DnsLookupException e) {
            ctx.detail((notPublic.isPresent() ? "(" + notPublic.get() + ") " : "") + "reverse DNS of " + address.getHostAddress() + " unavailable: " + e.getMessage());
        }
        Optional<String> version = BannerNames.versionDisclosed(String.join(" ", greeting.lines()));
        if (version.isPresent()) {
            outcome = Outcome.WARN;
            problems.add("discloses the software version (" + version.get() + ")");
        }
        if (outcome == Outcome.PASS) {
            return ctx.pass("220 banner names " + named);
        }
        problems.forEach(ctx::detail);
        return ctx.finding(outcome, "banner " + String.join("; ", problems));
    }
}
