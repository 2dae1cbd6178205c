package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The service extensions a mail administrator looks for in the EHLO reply (RFC 5321 §4.1.1.1), each reported as a
 * fact with the EHLO line that shows it: SIZE (RFC 1870), PIPELINING (RFC 2920), CHUNKING (RFC 3030), 8BITMIME
 * (RFC 6152), SMTPUTF8 (RFC 6531), DSN (RFC 3461) and ENHANCEDSTATUSCODES (RFC 2034). A missing SIZE, PIPELINING
 * or 8BITMIME is a warning (Postfix, Exim, Sendmail, OpenSMTPD and Exchange all offer them by default); CHUNKING,
 * SMTPUTF8, DSN and ENHANCEDSTATUSCODES are facts (stock Exim has no ENHANCEDSTATUSCODES, and DSN is off by
 * default in several MTAs: nothing an administrator must fix).
 * An announced SIZE limit is tested: {@code MAIL FROM:<> SIZE=limit+1} must be refused at MAIL (RFC 1870 §6.1:
 * {@code 552}, or {@code 452}/{@code 4.3.1} when temporarily short of room); a server that accepts it is a
 * warning. The transaction is reset; nothing is sent beyond MAIL.
 */
public final class EsmtpFactsCheck implements Check {

    /** The extensions whose absence a mail administrator would notice. */
    private static final List<String> EXPECTED = List.of("SIZE", "PIPELINING", "8BITMIME");
    /** The extensions reported as facts only. */
    private static final List<String> OPTIONAL = List.of("ENHANCEDSTATUSCODES", "CHUNKING", "SMTPUTF8", "DSN");

    @Override
    public String name() {
        return "esmtp-facts";
    }

    @Override
    public Finding run(CheckContext ctx) {
        // the client's own SIZE pre-check is off here: the point is to see what the server does with an oversize
        ProbeOptions options = ctx.client().options().toBuilder().sizePrecheck(false).build();
        Optional<Hello> greeted = ctx.greet(ctx.connect(options));
        if (greeted.isEmpty()) {
            return ctx.fail("EHLO and HELO refused");
        }
        Hello hello = greeted.get();
        if (!hello.isExtended()) {
            return ctx.warn("EHLO refused, HELO accepted: no service extensions at all (no SIZE, PIPELINING,"
                    + " 8BITMIME)");
        }
        Capabilities caps = hello.capabilities();
        List<String> missing = new ArrayList<>();
        List<String> offered = new ArrayList<>();
        for (String keyword : EXPECTED) {
            if (fact(ctx, hello, keyword)) {
                offered.add(keyword);
            } else {
                missing.add(keyword);
            }
        }
        for (String keyword : OPTIONAL) {
            if (fact(ctx, hello, keyword)) {
                offered.add(keyword);
            }
        }
        List<String> warnings = new ArrayList<>();
        if (!missing.isEmpty()) {
            warnings.add("not offered: " + String.join(", ", missing));
        }
        sizeEnforcement(ctx, hello, caps).ifPresent(warnings::add);
        String facts = "offers " + (offered.isEmpty() ? "none of them" : String.join(" ", offered));
        if (warnings.isEmpty()) {
            return ctx.pass(facts);
        }
        return ctx.finding(Outcome.WARN, String.join("; ", warnings) + " (" + facts + ")");
    }

    /** Adds the detail line for {@code keyword}: the EHLO line as the server wrote it, or "not offered". */
    private static boolean fact(CheckContext ctx, Hello hello, String keyword) {
        Optional<String> line = ehloLine(hello.reply(), keyword);
        ctx.detail(keyword + ": " + line.map(l -> "offered (EHLO line \"" + l + "\")").orElse("not offered"));
        return line.isPresent();
    }

    /** The EHLO reply line (after the greeting line) whose keyword is {@code keyword}, as received. */
    static Optional<String> ehloLine(Reply ehlo, String keyword) {
        List<String> lines = ehlo.lines();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            String first = line.split("[ \t]", 2)[0].toUpperCase(Locale.ROOT);
            if (first.equals(keyword)) {
                return Optional.of(line);
            }
        }
        return Optional.empty();
    }

    /**
     * Declares one byte over the announced limit at MAIL and judges the reply; empty when there is nothing to warn
     * about (enforced, no limit announced, or the MAIL was refused for a reason that says nothing about the size).
     */
    private static Optional<String> sizeEnforcement(CheckContext ctx, Hello hello, Capabilities caps) {
        OptionalLong limit = caps.size();
        if (!caps.supports("SIZE")) {
            return Optional.empty();
        }
        if (limit.isEmpty() || limit.getAsLong() == 0) {
            ctx.detail("SIZE announced without a fixed limit (RFC 1870 §4): nothing to enforce");
            return Optional.empty();
        }
        long over = limit.getAsLong() + 1;
        Transaction tx;
        try {
            tx = ctx.step("MAIL SIZE over the limit", hello.mailFrom("", "SIZE=" + over));
        } catch (ProbeException e) { // the facts above stand
            ctx.detail("SIZE enforcement not shown: the conversation broke at MAIL FROM:<> SIZE=" + over + ": "
                    + e.getMessage());
            return Optional.empty();
        }
        Reply reply = tx.mailReply();
        if (reply.isPositive()) {
            ctx.step("RSET", tx.rset());
            ctx.detail("MAIL FROM:<> SIZE=" + over + " accepted: " + Greet.line(reply));
            return Optional.of("SIZE " + limit.getAsLong() + " announced but a declared SIZE=" + over
                    + " was accepted at MAIL (RFC 1870 §6.1: refuse it with 552): " + Greet.line(reply));
        }
        if (refusesForSize(reply)) {
            ctx.detail("SIZE enforced: MAIL FROM:<> SIZE=" + over + " refused with " + Greet.line(reply));
        } else {
            ctx.detail("SIZE enforcement not shown: MAIL FROM:<> SIZE=" + over + " refused with " + Greet.line(reply)
                    + ", which does not name the size (the null sender or this client may be refused for other"
                    + " reasons)");
        }
        return Optional.empty();
    }

    /**
     * Whether a refusal of MAIL is about the declared size: 552 (RFC 1870 §6.1), 452 (temporarily out of room), an
     * enhanced status of the mail system's size class (X.3.4 message too big for the system, X.2.3 message length
     * exceeds the administrative limit, X.3.1 system storage full) or a text that names the size.
     */
    static boolean refusesForSize(Reply reply) {
        if (reply.code() == 552 || reply.code() == 452) {
            return true;
        }
        var status = reply.enhancedStatus();
        if (status.isPresent()) {
            int subject = status.get().subject();
            int detail = status.get().detail();
            if ((subject == 3 && (detail == 4 || detail == 1)) || (subject == 2 && detail == 3)) {
                return true;
            }
        }
        String text = reply.text().toLowerCase(Locale.ROOT);
        return text.contains("size") || text.contains("too big") || text.contains("too large");
    }
}
