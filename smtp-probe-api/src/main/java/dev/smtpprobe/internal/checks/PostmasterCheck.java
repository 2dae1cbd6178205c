package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Does the server accept mail for {@code postmaster} (RFC 5321 §4.5.1: it MUST, also unqualified) and {@code abuse}
 * (RFC 2142 §2) of its domain? Asked with the null reverse path a bounce uses; the recipients are only tried with
 * RCPT, DATA is never sent. A {@code 503} to RCPT after a {@code 250} to MAIL is reported as what it is, the server's
 * sequence error, not as a refusal of the address. In submission mode ({@link
 * dev.smtpprobe.check.CheckSettings#submission()}) the check logs in first.
 */
public final class PostmasterCheck implements Check {

    @Override
    public String name() {
        return "postmaster-abuse";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Hello> hello = ctx.connectForMail();
        if (hello.isEmpty()) {
            return ctx.couldNotRun(ctx.settings().submission().isPresent() ? "could not log in to the submission server"
                    : "EHLO and HELO refused");
        }
        SmtpSession session = hello.get().session();
        String domain = ctx.settings().mailDomain().orElse(session.greetingHost());
        if (domain.isEmpty()) {
            return ctx.couldNotRun("no mail domain given and the greeting names no host");
        }
        Transaction tx = ctx.step("MAIL FROM:<>", hello.get().mailFrom(""));
        if (!tx.mailReply().isPositive()) {
            return ctx.couldNotRun("MAIL FROM:<> (the null sender of bounces) refused: " + Greet.line(tx.mailReply()));
        }
        Outcome outcome = Outcome.PASS;
        List<String> problems = new ArrayList<>();
        Reply postmaster = ctx.step("RCPT postmaster@", tx = tx.rcptTo("postmaster@" + domain)).reply();
        if (postmaster.code() == 503) {
            // 503 is "bad sequence of commands" (RFC 5321 §4.2.2): the server forgot the MAIL it had accepted
            ctx.detail("RCPT postmaster@" + domain + ": " + Greet.line(postmaster));
            return ctx.fail("sequence error of the server: MAIL FROM:<> got " + tx.mailReply().code() + ", then RCPT"
                    + " got 503 (bad sequence of commands), so it does not really take the null sender of bounces"
                    + " (RFC 5321 §4.5.5); postmaster@" + domain + " itself was not judged: " + Greet.line(postmaster));
        }
        if (!postmaster.isPositive()) {
            outcome = Outcome.FAIL;
            problems.add("postmaster@" + domain + " refused: " + Greet.line(postmaster));
        }
        Reply bare = ctx.step("RCPT postmaster", tx = tx.rcptTo("postmaster")).reply();
        if (!bare.isPositive()) {
            outcome = outcome.worst(Outcome.WARN);
            problems.add("<postmaster> without domain refused (RFC 5321 §4.5.1 says it MUST be accepted): "
                    + Greet.line(bare));
        }
        Reply abuse = ctx.step("RCPT abuse@", tx = tx.rcptTo("abuse@" + domain)).reply();
        if (!abuse.isPositive()) {
            outcome = outcome.worst(Outcome.WARN);
            problems.add("abuse@" + domain + " refused (RFC 2142): " + Greet.line(abuse));
        }
        ctx.step("RSET", tx.rset());
        if (outcome == Outcome.PASS) {
            return ctx.pass("postmaster@" + domain + ", <postmaster> and abuse@" + domain + " accepted");
        }
        problems.forEach(ctx::detail);
        return ctx.finding(outcome, String.join("; ", problems));
    }
}
