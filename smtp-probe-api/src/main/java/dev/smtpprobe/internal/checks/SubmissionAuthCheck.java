package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Submission;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Submission mode: AUTH only over TLS, and the given login works. A submission server (RFC 6409) should offer no
 * mechanism that sends the password itself (PLAIN, LOGIN) before STARTTLS (RFC 3207 §5, RFC 4954 §4, RFC 8314
 * §3), and should accept the account's credentials inside TLS. The password is only ever sent inside TLS.
 */
public final class SubmissionAuthCheck implements Check {

    private static final Set<String> SECRET_IN_CLEAR = Set.of("PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER");

    @Override
    public String name() {
        return "submission-auth";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Submission> login = ctx.settings().submission();
        if (login.isEmpty()) {
            return ctx.couldNotRun("no submission login given (CheckSettings.Builder.submission): nothing to log in with");
        }
        Optional<Hello> plain = ctx.connectAndGreet();
        if (plain.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused: cannot see the AUTH offer");
        }
        Set<String> exposed = new TreeSet<>();
        if (plain.get().session().tls().isEmpty()) {
            Set<String> offered = new TreeSet<>(plain.get().capabilities().authMechanisms());
            ctx.detail("before TLS: AUTH " + (offered.isEmpty() ? "not offered" : String.join(" ", offered)));
            offered.retainAll(SECRET_IN_CLEAR);
            exposed.addAll(offered);
        } else {
            ctx.detail("TLS from the first byte (implicit TLS, RFC 8314 §3.3)");
        }
        CheckContext.LogIn result = ctx.connectAndLogIn();
        if (result.hello().isEmpty()) {
            return ctx.fail("the login did not succeed: " + result.summary());
        }
        ctx.detail(result.summary());
        if (!exposed.isEmpty()) {
            return ctx.warn("AUTH " + String.join(" ", exposed) + " offered before TLS: a client can send the password"
                    + " in clear text (offer AUTH only after STARTTLS); " + result.summary());
        }
        return ctx.pass("AUTH only over TLS; " + result.summary());
    }
}
