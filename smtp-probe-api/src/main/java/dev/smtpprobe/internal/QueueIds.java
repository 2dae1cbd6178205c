package dev.smtpprobe.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Finds the queue id in the reply to the end of DATA, where the common MTAs put one. The first pattern that
 * matches wins; each names the MTA it was written for.
 */
public final class QueueIds {

    private static final String STATUS = "(?:[245]\\.\\d{1,3}\\.\\d{1,3}\\s+)?";
    private static final List<Pattern> PATTERNS = List.of(
            // Postfix: "2.0.0 Ok: queued as 4XyZ1234ABC"; also IIS/others "Queued as ..."
            Pattern.compile("(?i)\\bqueued as\\s+([A-Za-z0-9._@-]+)"),
            // Exim: "OK id=1pXyZa-000Abc-12"
            Pattern.compile("(?:^|\\s)id=([A-Za-z0-9-]+)(?=\\s|$)"),
            // Exchange: "2.6.0 <id@host> [InternalId=123, Hostname=...] Queued mail for delivery"
            Pattern.compile("^" + STATUS + "<([^<>\\s]+)>\\s*\\[InternalId="),
            // Exchange without InternalId: "2.6.0 <id@host> Queued mail for delivery"
            Pattern.compile("^" + STATUS + "<([^<>\\s]+)>\\s+Queued\\b", Pattern.CASE_INSENSITIVE),
            // Sendmail, OpenSMTPD: "2.0.0 q1HKPoTr012345 Message accepted for delivery"
            Pattern.compile("^" + STATUS + "([A-Za-z0-9]+)\\s+Message accepted for delivery", Pattern.CASE_INSENSITIVE),
            // Gmail: "2.0.0 OK  1700000000 a1-20020a17.123 - gsmtp"
            Pattern.compile("^" + STATUS + "OK\\s+\\d+\\s+(\\S+)\\s+-\\s+gsmtp"),
            // qmail: "ok 1700000000 qp 12345"
            Pattern.compile("(?i)^ok\\s+\\d+\\s+qp\\s+(\\d+)"),
            // Haraka: "Message Queued (4C2E1C6B-...)"
            Pattern.compile("(?i)Message Queued \\(([^()\\s]+)\\)"));

    private QueueIds() {}

    /** The queue id in the reply text, if one of the known forms is there. */
    public static Optional<String> find(String replyText) {
        for (Pattern p : PATTERNS) {
            var m = p.matcher(replyText);
            if (m.find()) {
                return Optional.of(m.group(1));
            }
        }
        return Optional.empty();
    }
}
