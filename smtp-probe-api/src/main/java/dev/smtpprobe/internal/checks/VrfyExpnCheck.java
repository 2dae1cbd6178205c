package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Reply;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Do VRFY and EXPN (RFC 5321 §3.5) disclose mailboxes and list members? {@code 252} ("cannot verify, but will
 * accept") and {@code 502}/{@code 550} disclose nothing; {@code 250}/{@code 251} confirm an address, and a
 * different answer for an existing and a made-up user lets a spammer harvest addresses. Both are asked in the same
 * form, qualified with the mail domain ({@code postmaster@<domain>} and a made-up {@code <name>@<domain>}), and a
 * syntax error for the made-up one (Exim's {@code 501 ... must contain a domain}) is not taken as a difference.
 */
public final class VrfyExpnCheck implements Check {

    @Override
    public String name() {
        return "vrfy-expn";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Hello> hello = ctx.connectAndGreet();
        if (hello.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused");
        }
        // like with like: both addresses in the same form, qualified with the mail domain when there is one (an
        // unqualified postmaster is special, RFC 5321 §4.5.1; any other unqualified name may be a syntax error)
        String domain = ctx.settings().mailDomain().orElse(hello.get().session().greetingHost());
        String at = domain.isEmpty() ? "" : "@" + domain;
        String madeUp = "no-such-user-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36)
                + at;
        String known = "postmaster" + at;
        Reply postmaster = ctx.step("VRFY " + known, hello.get().vrfy(known)).reply();
        Reply nobody = ctx.step("VRFY " + madeUp, hello.get().vrfy(madeUp)).reply();
        Reply expn = ctx.step("EXPN postmaster", hello.get().expn("postmaster")).reply();
        ctx.detail("VRFY " + known + ": " + Greet.line(postmaster));
        ctx.detail("VRFY " + madeUp + ": " + Greet.line(nobody));
        ctx.detail("EXPN postmaster: " + Greet.line(expn));
        List<String> leaks = new ArrayList<>();
        if (confirms(postmaster)) {
            leaks.add("VRFY confirms mailboxes (" + postmaster.code() + ")");
        } else if (postmaster.code() == 252 && nobody.isPermanentFailure()) {
            if (aboutTheCommand(nobody)) {
                ctx.detail("the made-up address got " + nobody.code() + ", an error about the command, not about the"
                        + " mailbox: no sign of enumeration");
            } else {
                leaks.add("VRFY answers " + postmaster.code() + " for postmaster but " + nobody.code()
                        + " for a made-up user" + (at.isEmpty() ? "" : " (both as <name>" + at + ")"));
            }
        }
        if (confirms(expn)) {
            leaks.add("EXPN expands lists (" + expn.code() + ")");
        }
        if (leaks.isEmpty()) {
            return ctx.pass("VRFY and EXPN disclose nothing (VRFY " + postmaster.code() + ", EXPN " + expn.code() + ")");
        }
        return ctx.warn(String.join("; ", leaks) + ": addresses can be harvested");
    }

    /**
     * A syntax or sequence error (500-504, RFC 5321 §4.2.2): the server did not judge the mailbox, so the reply
     * says nothing about whether it exists.
     */
    private static boolean aboutTheCommand(Reply reply) {
        return reply.code() >= 500 && reply.code() <= 504;
    }

    private static boolean confirms(Reply reply) {
        return reply.code() == 250 || reply.code() == 251;
    }
}
