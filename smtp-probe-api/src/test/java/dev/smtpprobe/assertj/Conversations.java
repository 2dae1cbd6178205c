package dev.smtpprobe.assertj;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ScriptedSmtp;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transaction;

/** Sessions with a scripted Postfix-like server {@code mx.contoso.test} that refuses to relay, at each stage. */
final class Conversations {

    static final String GREETING = "220 mx.contoso.test ESMTP Postfix";
    static final String EHLO = String.join("\n",
            "250-mx.contoso.test Hello [192.0.2.1]",
            "250-PIPELINING",
            "250-SIZE 10240000",
            "250-STARTTLS",
            "250-AUTH PLAIN LOGIN",
            "250-ENHANCEDSTATUSCODES",
            "250 8BITMIME");
    static final String SENDER_OK = "250 2.1.0 Sender OK";
    static final String RECIPIENT_OK = "250 2.1.5 Recipient OK";
    static final String RELAY_DENIED = "550 5.7.1 Unable to relay";
    static final String START_INPUT = "354 End data with <CR><LF>.<CR><LF>";
    static final String QUEUED = "250 2.0.0 Ok: queued as 4F2B91C0A3";
    static final String LOCAL = "postmaster@contoso.test";
    static final String FOREIGN = "x@elsewhere.test";

    private Conversations() {}

    /** Connected, greeting read; the script then answers with {@code replies}. */
    static SmtpSession session(String... replies) {
        return ScriptedSmtp.connect(GREETING, replies);
    }

    /** After EHLO. */
    static Hello hello() {
        return session(EHLO).ehlo("probe.example.test");
    }

    /** MAIL accepted, the local recipient accepted, the foreign one refused: {@code 550 5.7.1 Unable to relay}. */
    static Transaction relayAttempt() {
        return session(EHLO, SENDER_OK, RECIPIENT_OK, RELAY_DENIED).ehlo("probe.example.test")
                .mailFrom("probe@example.test").rcptTo(LOCAL).rcptTo(FOREIGN);
    }

    /** A message to the local recipient, queued as {@code 4F2B91C0A3}. */
    static DataResult queued() {
        return session(EHLO, SENDER_OK, RECIPIENT_OK, START_INPUT, QUEUED).ehlo("probe.example.test")
                .mailFrom("probe@example.test").rcptTo(LOCAL).data("Subject: test\r\n\r\nhello\r\n");
    }

    /** AUTH PLAIN in plaintext (explicitly allowed) answered with {@code reply}. */
    static AuthResult auth(String reply) {
        var options = ProbeOptions.builder().allowPlaintextAuthentication(true).build();
        return ScriptedSmtp.connect(options, GREETING, EHLO, reply).ehlo("probe.example.test")
                .authPlain("probe", "s3cret-passw0rd");
    }
}
