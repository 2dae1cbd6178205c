package dev.smtpprobe.testing;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The replies of a well-run MTA for {@link FakeMta}, with per-command overrides: a line starting (ignoring case)
 * with an override's prefix gets that reply; the first matching override wins, then the defaults. By default the
 * server refuses relaying ({@code 550 5.7.1}), accepts postmaster@ and abuse@, answers VRFY with 252 and EXPN with
 * 502, and refuses DATA (checks must never send it).
 */
public final class MtaBehaviour implements Function<String, String> {

    /** The EHLO reply by default. */
    public static final String EHLO = "250-mx.probe.test Hello [127.0.0.1]\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250-ENHANCEDSTATUSCODES\r\n250 8BITMIME";

    private final Map<String, String> overrides = new LinkedHashMap<>();

    private MtaBehaviour() {}

    /** A well-run MTA. */
    public static MtaBehaviour wellRun() {
        return new MtaBehaviour();
    }

    /** Lines starting with {@code prefix} get {@code reply} (lines joined with CRLF, without the final one). */
    public MtaBehaviour on(String prefix, String reply) {
        overrides.put(prefix.toUpperCase(java.util.Locale.ROOT), reply);
        return this;
    }

    @Override
    public String apply(String line) {
        String upper = line.toUpperCase(java.util.Locale.ROOT);
        for (var o : overrides.entrySet()) {
            if (upper.startsWith(o.getKey())) {
                return o.getValue();
            }
        }
        if (upper.startsWith("EHLO")) {
            return EHLO;
        }
        if (upper.startsWith("HELO")) {
            return "250 mx.probe.test";
        }
        if (upper.startsWith("MAIL FROM:")) {
            return "250 2.1.0 Ok";
        }
        if (upper.startsWith("RCPT TO:<POSTMASTER") || upper.startsWith("RCPT TO:<ABUSE@")) {
            return "250 2.1.5 Ok";
        }
        if (upper.startsWith("RCPT TO:")) {
            return "550 5.7.1 Unable to relay";
        }
        if (upper.startsWith("RSET") || upper.startsWith("NOOP")) {
            return "250 2.0.0 Ok";
        }
        if (upper.startsWith("VRFY")) {
            return "252 2.0.0 Cannot VRFY user, but will accept message";
        }
        if (upper.startsWith("EXPN")) {
            return "502 5.5.1 EXPN not available";
        }
        if (upper.startsWith("QUIT")) {
            return "221 2.0.0 Bye";
        }
        if (upper.startsWith("DATA")) {
            return "554 5.5.1 a check must not send DATA";
        }
        return "500 5.5.2 Error: command not recognized";
    }
}
