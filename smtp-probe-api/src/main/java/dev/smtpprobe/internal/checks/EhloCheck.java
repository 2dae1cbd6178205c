package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.Hello;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.util.Optional;

/**
 * EHLO (RFC 5321 §4.1.1.1): accepted, with the service extensions it lists; or refused with HELO still accepted (an
 * SMTP server without ESMTP: no STARTTLS, no SIZE, no 8BITMIME); or both refused.
 */
public final class EhloCheck implements Check {

    @Override
    public String name() {
        return "ehlo";
    }

    @Override
    public Finding run(CheckContext ctx) {
        Optional<Hello> hello = ctx.connectAndGreet();
        if (hello.isEmpty()) {
            return ctx.fail("EHLO and HELO refused");
        }
        if (!hello.get().isExtended()) {
            return ctx.warn("EHLO refused, HELO accepted: no ESMTP extensions (no STARTTLS, SIZE, 8BITMIME)");
        }
        Capabilities caps = hello.get().capabilities();
        caps.extensions().forEach((keyword, params) ->
                ctx.detail(params.isEmpty() ? keyword : keyword + " " + String.join(" ", params)));
        caps.clientAddress().ifPresent(a -> ctx.detail("the server sees this client as " + a));
        return ctx.pass("EHLO accepted, " + caps.keywords().size() + " extensions: "
                + String.join(" ", caps.keywords()));
    }
}
