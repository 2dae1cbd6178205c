package dev.smtpprobe.assertj;

import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Reply;
import java.util.ArrayList;
import java.util.List;

/** What a reply means, in the words of RFC 5321 §4.2.1 and the IANA enhanced status registry, for failure messages. */
final class ReplyExplanation {

    private ReplyExplanation() {}

    /** The reply as on the wire, then its code class, its enhanced status explained and its queue id; one entry per line. */
    static List<String> of(Reply reply) {
        var lines = new ArrayList<>(reply.toString().lines().toList());
        lines.add("code " + reply.code() + ": " + codeClass(reply.codeClass()));
        lines.add(reply.enhancedStatus().map(ReplyExplanation::enhancedStatus)
                .orElse("enhanced status: none (no RFC 3463 code at the start of the text)"));
        reply.queueId().ifPresent(id -> lines.add("queue id: " + id));
        return lines;
    }

    /** {@code enhanced status 5.7.1: Permanent Failure: Delivery not authorized, message refused}. */
    static String enhancedStatus(EnhancedStatus status) {
        return "enhanced status " + status + ": " + status.explain();
    }

    /** The RFC 5321 §4.2.1 name of a reply code's first digit. */
    static String codeClass(int codeClass) {
        return switch (codeClass) {
            case 2 -> "positive completion (2yz)";
            case 3 -> "positive intermediate (3yz), the server waits for more";
            case 4 -> "transient negative completion (4yz), may succeed if tried again";
            case 5 -> "permanent negative completion (5yz)";
            default -> throw new IllegalArgumentException("no SMTP reply class " + codeClass);
        };
    }
}
