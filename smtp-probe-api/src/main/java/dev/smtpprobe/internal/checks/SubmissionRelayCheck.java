package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Submission;
import java.util.Optional;

/**
 * Submission mode, after the login: the server relays for the authenticated user (a foreign recipient accepted
 * from the user's own sender — what submission is for, RFC 6409), and, when {@link Submission#sender()} is given,
 * refuses a sender that is not the user's (RFC 6409 §6.1: the server may check the sender's authorization; without
 * it any account can send as anyone). Relaying without authentication is the {@code open-relay} check's part.
 * Only MAIL and RCPT are sent, never DATA; RSET ends each attempt.
 */
public final class SubmissionRelayCheck implements Check {

    @Override
    public String name() {
        return "submission-relay";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Submission> login = ctx.settings().submission();
        if (login.isEmpty()) {
            return ctx.couldNotRun("no submission login given (CheckSettings.Builder.submission): nothing to log in with");
        }
        CheckContext.LogIn result = ctx.connectAndLogIn();
        if (result.hello().isEmpty()) {
            return ctx.couldNotRun("could not log in: " + result.summary());
        }
        ctx.detail(result.summary());
        String recipient = ctx.settings().relayRecipient();
        Optional<String> own = login.get().sender()
                .or(() -> Optional.of(login.get().user()).filter(u -> u.contains("@")));
        if (own.isEmpty()) {
            return ctx.couldNotRun("no sender address for " + login.get().user()
                    + ": give the user's own address (Submission.withSender)");
        }
        Hello hello = result.hello().get();
        Transaction ownTx = ctx.step("MAIL FROM own sender", hello.mailFrom(own.get()));
        if (!ownTx.mailReply().isPositive()) {
            return ctx.fail("the authenticated user's own sender <" + own.get() + "> refused: "
                    + Greet.line(ownTx.mailReply()));
        }
        Reply relayed = ctx.step("RCPT foreign", ownTx.rcptTo(recipient)).reply();
        if (!relayed.isPositive()) {
            return ctx.fail("relaying refused for the authenticated user: <" + own.get() + "> to <" + recipient
                    + ">: " + Greet.line(relayed));
        }
        ctx.detail("<" + own.get() + "> to <" + recipient + ">: accepted " + Greet.line(relayed));
        if (login.get().sender().isEmpty()) {
            return ctx.pass("relays for the authenticated user (<" + own.get() + "> to <" + recipient + ">);"
                    + " sender ownership not judged: no own sender given");
        }
        String foreign = ctx.settings().relaySender();
        // RSET, then the other sender (nextMailFrom ends the open transaction first)
        Transaction other = ctx.step("MAIL FROM other sender", ownTx.hello().nextMailFrom(foreign));
        Reply decisive = other.mailReply();
        if (decisive.isPositive()) {
            decisive = ctx.step("RCPT other sender", other.rcptTo(recipient)).reply();
        }
        if (decisive.isPositive()) {
            ctx.detail("<" + foreign + "> to <" + recipient + ">: accepted " + Greet.line(decisive));
            return ctx.warn("relays for the authenticated user, also from <" + foreign + ">, which is not "
                    + login.get().user() + "'s own sender: any account can send as anyone (RFC 6409 §6.1)");
        }
        ctx.detail("<" + foreign + ">: refused " + Greet.line(decisive));
        return ctx.pass("relays for the authenticated user only from the user's own sender <" + own.get() + ">");
    }
}
