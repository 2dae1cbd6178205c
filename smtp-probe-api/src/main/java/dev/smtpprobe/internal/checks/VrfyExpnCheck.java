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
 * different answer for an existing and a made-up user lets a spammer harvest addresses.
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
        String madeUp = "no-such-user-" + Long.toString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE, 36);
        Reply postmaster = ctx.step("VRFY postmaster", hello.get().vrfy("postmaster")).reply();
        Reply nobody = ctx.step("VRFY " + madeUp, hello.get().vrfy(madeUp)).reply();
        Reply expn = ctx.step("EXPN postmaster", hello.get().expn("postmaster")).reply();
        ctx.detail("VRFY postmaster: " + Greet.line(postmaster));
        ctx.detail("VRFY " + madeUp + ": " + Greet.line(nobody));
        ctx.detail("EXPN postmaster: " + Greet.line(expn));
        List<String> leaks = new ArrayList<>();
        if (confirms(postmaster)) {
            leaks.add("VRFY confirms mailboxes (" + postmaster.code() + ")");
        } else if (postmaster.code() != nobody.code() && nobody.isPermanentFailure() && postmaster.code() == 252) {
            leaks.add("VRFY answers " + postmaster.code() + " for postmaster but " + nobody.code()
                    + " for a made-up user");
        }
        if (confirms(expn)) {
            leaks.add("EXPN expands lists (" + expn.code() + ")");
        }
        if (leaks.isEmpty()) {
            return ctx.pass("VRFY and EXPN disclose nothing (VRFY " + postmaster.code() + ", EXPN " + expn.code() + ")");
        }
        return ctx.warn(String.join("; ", leaks) + ": addresses can be harvested");
    }

    private static boolean confirms(Reply reply) {
        return reply.code() == 250 || reply.code() == 251;
    }
}
