package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How long the server takes: the greeting delay (seconds of delay is tarpitting, as Postfix's postscreen or
 * Exchange's tarpit do to slow spammers — and legitimate senders) and the latency of EHLO, NOOP and RSET.
 */
public final class TimingCheck implements Check {

    @Override
    public String name() {
        return "timing";
    }

    @Override
    public Finding run(CheckContext ctx) {
        SmtpSession session = ctx.connect();
        Duration greeting = ctx.evidence(session.greeting()).elapsed();
        Optional<Hello> hello = ctx.greet(session);
        if (hello.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused");
        }
        Map<String, Duration> latency = new LinkedHashMap<>();
        latency.put(hello.get().isExtended() ? "EHLO" : "HELO", hello.get().reply().elapsed());
        latency.put("NOOP", ctx.step("NOOP", hello.get().noop()).reply().elapsed());
        latency.put("RSET", ctx.step("RSET", hello.get().rset()).reply().elapsed());
        latency.forEach((verb, d) -> ctx.detail(verb + " answered in " + d.toMillis() + " ms"));

        List<String> slow = new ArrayList<>();
        if (greeting.compareTo(ctx.settings().slowGreeting()) > 0) {
            slow.add("greeting after " + greeting.toMillis() + " ms (tarpitting, or an overloaded server)");
        }
        latency.forEach((verb, d) -> {
            if (d.compareTo(ctx.settings().slowCommand()) > 0) {
                slow.add(verb + " answered after " + d.toMillis() + " ms");
            }
        });
        if (!slow.isEmpty()) {
            return ctx.warn("slow: " + String.join("; ", slow));
        }
        long slowest = latency.values().stream().mapToLong(Duration::toMillis).max().orElse(0);
        return ctx.pass("greeting after " + greeting.toMillis() + " ms, commands answered within " + slowest + " ms");
    }
}
