package dev.smtpprobe.check;

import java.util.Objects;
import java.util.function.Function;

/**
 * One mail-flow check: it holds its own conversation(s) with the target through the {@link CheckContext} and says
 * what it found. Write your own exactly as the built-ins in {@link Checks} are written:
 *
 * <pre>{@code
 * Check greetingSaysEsmtp = Check.of("greeting-esmtp", ctx -> {
 *     var session = ctx.connect();
 *     var greeting = ctx.evidence(session.greeting());
 *     return greeting.text().contains("ESMTP") ? ctx.pass("greeting announces ESMTP")
 *                                             : ctx.warn("greeting does not say ESMTP");
 * });
 * }</pre>
 *
 * <p>A check that needs a greeted session opens it as the built-ins do, with {@link CheckContext#connectAndGreet()}
 * (or {@link CheckContext#greet(dev.smtpprobe.SmtpSession)}): EHLO, and HELO when EHLO is refused.
 *
 * <p>The runner closes every session the check opened (RSET if a transaction is open, then QUIT), turns a
 * {@link dev.smtpprobe.ProbeException} the check did not handle into {@link Outcome#COULD_NOT_RUN}, and adds the
 * whole transcript to the finding. A check never sends DATA to a server it does not own.
 */
public interface Check {

    /** A short, stable name, e.g. {@code open-relay}. */
    String name();

    /** Runs against {@link CheckContext#target()} and returns the finding (built with the context's helpers). */
    Finding run(CheckContext context);

    /** A check from a name and a function. */
    static Check of(String name, Function<CheckContext, Finding> body) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(body, "body");
        return new Check() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Finding run(CheckContext context) {
                return body.apply(context);
            }

            @Override
            public String toString() {
                return "Check[" + name + "]";
            }
        };
    }
}
