package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Is the server an open relay: does it take mail from a foreign sender to a foreign recipient? Tries the plain form
 * and the old tricks that fooled relay checks — a quoted local part, the {@code %} hack, a bang path, a source route
 * (RFC 5321 §3.6.1, Appendix C) — each in its own transaction, <em>never</em> sending DATA, RSET between attempts.
 * {@code 550 5.7.1 Unable to relay} is the good answer.
 *
 * <p>Some servers end the session after a few errors (Exim's {@code smtp_max_synprot_errors}: {@code 501 Too many
 * syntax or protocol errors}). The replies already received keep their weight: the check opens a new session for
 * the forms still to try, and a session lost after the last reply is only a detail. Forms that no session got an
 * answer for are named; with every answered form refused the verdict is then {@code WARN}, not {@code PASS}.
 */
public final class OpenRelayCheck implements Check {

    @Override
    public String name() {
        return "open-relay";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Hello> greeted = ctx.connectAndGreet();
        if (greeted.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused: no transaction possible");
        }
        Hello hello = greeted.get();
        Map<String, String> forms = forms(ctx.settings().relayRecipient(), hello.session().remoteAddress().getAddress());
        List<String> accepted = new ArrayList<>();
        List<String> untried = new ArrayList<>();
        int answered = 0;
        boolean onlyTemporary = true;
        boolean unreachable = false;
        for (var form : forms.entrySet()) {
            if (unreachable) {
                untried.add(form.getKey());
                continue;
            }
            if (hello == null || !hello.session().isOpen()) {
                hello = reconnect(ctx, form.getKey());
                unreachable = hello == null;
                if (hello == null) {
                    untried.add(form.getKey());
                    continue;
                }
            }
            Attempt attempt = attempt(ctx, hello, form.getKey(), form.getValue());
            if (attempt == null) {
                // the server ended the session before this form was answered: try it again on a new one
                hello = reconnect(ctx, form.getKey());
                unreachable = hello == null;
                attempt = hello == null ? null : attempt(ctx, hello, form.getKey(), form.getValue());
                if (attempt == null) {
                    untried.add(form.getKey());
                    hello = null;
                    continue;
                }
            }
            answered++;
            hello = attempt.next();
            Reply reply = attempt.reply();
            if (attempt.atMail()) {
                ctx.detail(form.getKey() + ": MAIL FROM refused: " + Greet.line(reply));
                onlyTemporary &= reply.isTransientFailure();
            } else if (reply.isPositive()) {
                accepted.add(form.getKey() + " <" + form.getValue() + ">");
                ctx.detail(form.getKey() + " <" + form.getValue() + ">: ACCEPTED " + Greet.line(reply));
            } else {
                ctx.detail(form.getKey() + " <" + form.getValue() + ">: refused " + Greet.line(reply));
                onlyTemporary &= reply.isTransientFailure();
            }
        }
        if (hello != null && hello.session().isOpen() && hello.session().hasOpenTransaction()) {
            try {
                ctx.step("RSET", hello.rset());
            } catch (ProbeException e) {
                // every form is answered: a session lost now changes nothing of the verdict
                ctx.detail("the session ended at the final RSET: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        String via = ctx.settings().submission().isPresent() ? " without authentication" : "";
        if (!accepted.isEmpty()) {
            return ctx.fail("open relay: a foreign recipient was accepted" + via + " in " + accepted.size() + " of "
                    + forms.size() + " address forms: " + String.join(", ", accepted));
        }
        if (answered == 0) {
            return ctx.couldNotRun("no relay attempt was answered: the server ended every session");
        }
        if (!untried.isEmpty()) {
            return ctx.warn("relaying refused" + via + " for " + answered + " of " + forms.size()
                    + " address forms; not answered (the server ended the session): " + String.join(", ", untried));
        }
        if (onlyTemporary) {
            return ctx.warn("relaying refused only temporarily (4xx)" + via + " for all " + forms.size()
                    + " address forms: a retry may succeed");
        }
        return ctx.pass("relaying refused" + via + " for all " + forms.size() + " address forms");
    }

    /**
     * One relay attempt: MAIL FROM the foreign sender (RSET first when a transaction is open), RCPT the form.
     *
     * @return the deciding reply (the refused MAIL, or the RCPT's), or null when the session broke before it
     */
    private static Attempt attempt(CheckContext ctx, Hello hello, String name, String recipient) {
        try {
            Transaction tx = hello.nextMailFrom(ctx.settings().relaySender());
            if (!tx.mailReply().isPositive()) {
                return new Attempt(hello, ctx.evidence(tx.mailReply()), true);
            }
            Reply rcpt = ctx.step("RCPT " + name, tx.rcptTo(recipient)).reply();
            return new Attempt(tx.hello(), rcpt, false);
        } catch (ProbeException e) {
            ctx.detail(name + ": the session broke before the reply (" + e.getMessage().lines().findFirst().orElse("")
                    + ")");
            return null;
        }
    }

    /** The outcome of one attempt: the greeting to go on with, the deciding reply, and whether it came at MAIL. */
    private record Attempt(Hello next, Reply reply, boolean atMail) {}

    /** A new greeted session for the forms still to try (after the server closed the last), or null. */
    private static Hello reconnect(CheckContext ctx, String form) {
        ctx.detail("reconnecting for the forms from \"" + form + "\" on");
        try {
            return ctx.connectAndGreet().orElse(null);
        } catch (ProbeException e) {
            ctx.detail("could not reconnect: " + e.getMessage().lines().findFirst().orElse(""));
            return null;
        }
    }

    /** The relay recipient written the ways relay checks have been fooled, keyed by a name for each form. */
    static Map<String, String> forms(String recipient, InetAddress server) {
        int at = recipient.lastIndexOf('@');
        String local = recipient.substring(0, at);
        String domain = recipient.substring(at + 1);
        String literal = server instanceof Inet6Address
                ? "[IPv6:" + server.getHostAddress().replaceAll("%.*", "") + "]"
                : "[" + server.getHostAddress() + "]";
        var forms = new LinkedHashMap<String, String>();
        forms.put("plain", recipient);
        forms.put("quoted local part", "\"" + recipient + "\"@" + literal);
        forms.put("percent hack", local + "%" + domain + "@" + literal);
        forms.put("bang path", domain + "!" + local + "@" + literal);
        forms.put("source route", "@" + literal + ":" + recipient);
        return forms;
    }
}
