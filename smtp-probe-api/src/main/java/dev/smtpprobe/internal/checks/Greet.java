package dev.smtpprobe.internal.checks;

import dev.smtpprobe.Reply;

/** How the built-in checks quote a reply in a finding. */
final class Greet {

    private Greet() {}

    /** The reply in one line, its lines joined with {@code " / "}: {@code 550 5.7.1 Unable to relay}. */
    static String line(Reply reply) {
        return reply.code() + " " + String.join(" / ", reply.lines());
    }
}
