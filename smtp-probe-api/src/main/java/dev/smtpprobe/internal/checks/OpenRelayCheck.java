package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
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
        SmtpSession session = greeted.get().session();
        Hello hello = greeted.get();
        Map<String, String> forms = forms(ctx.settings().relayRecipient(), session.remoteAddress().getAddress());
        List<String> accepted = new ArrayList<>();
        boolean onlyTemporary = true;
        for (var form : forms.entrySet()) {
            Transaction tx = hello.nextMailFrom(ctx.settings().relaySender());
            if (!tx.mailReply().isPositive()) {
                ctx.evidence(tx.mailReply());
                ctx.detail(form.getKey() + ": MAIL FROM refused: " + Greet.line(tx.mailReply()));
                onlyTemporary &= tx.mailReply().isTransientFailure();
                continue;
            }
            Reply rcpt = ctx.step("RCPT " + form.getKey(), tx.rcptTo(form.getValue())).reply();
            if (rcpt.isPositive()) {
                accepted.add(form.getKey() + " <" + form.getValue() + ">");
                ctx.detail(form.getKey() + " <" + form.getValue() + ">: ACCEPTED " + Greet.line(rcpt));
            } else {
                ctx.detail(form.getKey() + " <" + form.getValue() + ">: refused " + Greet.line(rcpt));
                onlyTemporary &= rcpt.isTransientFailure();
            }
            hello = tx.hello();
        }
        if (session.hasOpenTransaction()) {
            ctx.step("RSET", hello.rset());
        }
        if (!accepted.isEmpty()) {
            return ctx.fail("open relay: a foreign recipient was accepted in " + accepted.size() + " of "
                    + forms.size() + " address forms: " + String.join(", ", accepted));
        }
        if (onlyTemporary) {
            return ctx.warn("relaying refused only temporarily (4xx) for all " + forms.size()
                    + " address forms: a retry may succeed");
        }
        return ctx.pass("relaying refused for all " + forms.size() + " address forms");
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
