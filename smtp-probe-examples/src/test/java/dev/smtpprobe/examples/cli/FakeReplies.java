package dev.smtpprobe.examples.cli;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * A fake server's answers by verb, for {@code FakeSmtpServer.Script.answerEachLine}: a well-behaved Postfix-like
 * server unless told otherwise; message content is read silently up to the final dot, answered by the {@code "."}
 * entry. Each answer is the whole reply with its CRLFs.
 */
final class FakeReplies {

    static final String GREETING = "220 fake.test ESMTP\r\n";

    private final Map<String, String> byVerb = new HashMap<>(Map.of(
            "EHLO", "250-fake.test\r\n250-PIPELINING\r\n250-AUTH PLAIN LOGIN\r\n250 ENHANCEDSTATUSCODES\r\n",
            "MAIL", "250 2.1.0 Ok\r\n",
            "RCPT", "250 2.1.5 Ok\r\n",
            "DATA", "354 End data with <CR><LF>.<CR><LF>\r\n",
            ".", "250 2.0.0 Ok: queued as 4XyZ12\r\n",
            "RSET", "250 2.0.0 Ok\r\n",
            "AUTH", "235 2.7.0 Authentication successful\r\n",
            "QUIT", "221 2.0.0 Bye\r\n"));

    /** Answers {@code verb} (or {@code "."} for the end of the message) with {@code reply} instead. */
    FakeReplies with(String verb, String reply) {
        byVerb.put(verb, reply);
        return this;
    }

    /** The responder: one answer per command line, none inside the message content. */
    Function<String, String> responder() {
        var inData = new boolean[1];
        return line -> {
            if (inData[0]) {
                if (line.equals(".")) {
                    inData[0] = false;
                    return byVerb.get(".");
                }
                return null;
            }
            String verb = line.split(" ", 2)[0].toUpperCase(Locale.ROOT);
            String reply = byVerb.getOrDefault(verb, "502 5.5.2 Error: command not recognized\r\n");
            if (verb.equals("DATA") && reply.startsWith("354")) {
                inData[0] = true;
            }
            return reply;
        };
    }
}
