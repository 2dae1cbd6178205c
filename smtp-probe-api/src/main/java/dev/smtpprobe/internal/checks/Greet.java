package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.check.CheckContext;
import java.util.Optional;

/** EHLO with the HELO fallback of RFC 5321 §3.2, shared by the checks that need a greeted session. */
final class Greet {

    private Greet() {}

    /** EHLO, or HELO when EHLO is refused; empty (both replies kept as evidence) when both are refused. */
    static Optional<Hello> hello(CheckContext ctx, SmtpSession session) {
        Hello ehlo = ctx.step("EHLO", session.ehlo(ctx.settings().ehloName()));
        if (ehlo.reply().isPositive()) {
            return Optional.of(ehlo);
        }
        if (!session.isOpen() || ehlo.reply().code() == 421) {
            return Optional.empty();
        }
        Hello helo = ctx.step("HELO", session.helo(ctx.settings().ehloName()));
        return helo.reply().isPositive() ? Optional.of(helo) : Optional.empty();
    }

    /** The reply in one line, its lines joined with {@code " / "}: {@code 550 5.7.1 Unable to relay}. */
    static String line(Reply reply) {
        return reply.code() + " " + String.join(" / ", reply.lines());
    }
}
