package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsStarted;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which AUTH mechanisms (RFC 4954) the server offers before TLS: PLAIN and LOGIN (and the bearer-token XOAUTH2 and
 * OAUTHBEARER) send the secret itself, readable by anyone on the path when the session is not encrypted. After
 * STARTTLS the offered mechanisms are listed for information. No credentials are ever sent.
 */
public final class AuthExposureCheck implements Check {

    private static final Set<String> SECRET_IN_CLEAR = Set.of("PLAIN", "LOGIN", "XOAUTH2", "OAUTHBEARER");

    @Override
    public String name() {
        return "auth-exposure";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Hello> hello = ctx.connectAndGreet();
        if (hello.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused: cannot see the AUTH offer");
        }
        SmtpSession session = hello.get().session();
        Set<String> offered = new TreeSet<>(hello.get().capabilities().authMechanisms());
        if (session.tls().isPresent()) {
            return ctx.pass("the session is TLS from the first byte; AUTH offered: "
                    + (offered.isEmpty() ? "none" : String.join(" ", offered)));
        }
        listAfterTls(ctx, hello.get());
        if (offered.isEmpty()) {
            return ctx.pass("no AUTH offered before TLS");
        }
        Set<String> exposed = new TreeSet<>(offered);
        exposed.retainAll(SECRET_IN_CLEAR);
        if (exposed.isEmpty()) {
            return ctx.pass("AUTH before TLS only with mechanisms that do not send the password: "
                    + String.join(" ", offered));
        }
        return ctx.warn("AUTH " + String.join(" ", exposed) + " offered before TLS: passwords can travel in clear"
                + " text (offer AUTH only after STARTTLS, e.g. Postfix smtpd_tls_auth_only = yes)");
    }

    /** What the server offers once TLS is up; for information, so failures only become a detail line. */
    private static void listAfterTls(CheckContext ctx, Hello hello) {
        if (!hello.capabilities().supportsStartTls()) {
            ctx.detail("no STARTTLS offered: AUTH can only happen in clear text");
            return;
        }
        try {
            TlsStarted tls = hello.startTls();
            Hello after = ctx.step("EHLO after TLS", tls.ehlo(ctx.settings().ehloName()));
            var mechanisms = new TreeSet<>(after.capabilities().authMechanisms());
            ctx.detail("after STARTTLS: AUTH " + (mechanisms.isEmpty() ? "not offered" : String.join(" ", mechanisms)));
        } catch (ProbeException e) {
            ctx.detail("could not list AUTH after STARTTLS: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }
}
