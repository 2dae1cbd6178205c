package dev.smtpprobe.assertj;

import dev.smtpprobe.Printable;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import java.util.List;

/**
 * The one place failure messages are written. Every message has the same shape:
 *
 * <pre>
 * Expecting the reply to RCPT TO:&lt;x@elsewhere.test&gt;
 *   to be a permanent failure (5yz, RFC 5321 §4.2.1)
 * but the server answered:
 *   250 2.1.5 Recipient OK
 *   code 250: positive completion (2yz)
 *   enhanced status 2.1.5: Success: Destination address valid
 * Session transcript:
 * &lt;-  220 mx.contoso.test ESMTP
 *  -&gt; EHLO probe.example.test
 * ...
 * </pre>
 *
 * The transcript, as {@link Transcript#toString()} prints it, is added whenever the assertion knows it. What was
 * found (the heading and lines after "but") is escaped by {@link Printable#text(CharSequence)}.
 */
final class FailureMessage {

    private static final String INDENT = "  ";

    private final String subject;
    private final String expectation;
    private final String actualHeading;
    private final List<String> actualLines;
    private final Transcript transcript;

    private FailureMessage(String subject, String expectation, String actualHeading, List<String> actualLines,
            Transcript transcript) {
        this.subject = subject;
        this.expectation = expectation;
        this.actualHeading = actualHeading;
        this.actualLines = actualLines;
        this.transcript = transcript;
    }

    /** A message about {@code subject} (e.g. "the greeting") that was expected {@code expectation} (e.g. "to be positive"). */
    static FailureMessage expecting(String subject, String expectation) {
        return new FailureMessage(subject, expectation, null, List.of(), null);
    }

    /** What was found instead of the expectation: the reply, explained. */
    FailureMessage butReply(Reply reply) {
        return but("the server answered:", ReplyExplanation.of(reply));
    }

    /** What was found instead, under a heading such as "the server offered:". */
    FailureMessage but(String heading, List<String> lines) {
        return new FailureMessage(subject, expectation, heading, List.copyOf(lines), transcript);
    }

    /** The session's transcript, printed at the end; {@code null} when unknown. */
    FailureMessage inSession(Transcript sessionTranscript) {
        return new FailureMessage(subject, expectation, actualHeading, actualLines, sessionTranscript);
    }

    /** The text of the message. */
    String text() {
        var out = new StringBuilder();
        out.append("Expecting ").append(subject).append('\n').append(INDENT).append(expectation);
        if (actualHeading != null) {
            // what was found quotes the server: escaped, so that no reply can forge a line of the message
            out.append("\nbut ").append(Printable.text(actualHeading));
            actualLines.forEach(line -> out.append('\n').append(INDENT).append(Printable.text(line)));
        }
        if (transcript != null) {
            out.append("\nSession transcript:");
            out.append(transcript.isEmpty() ? " (no line recorded)" : "\n" + transcript);
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return text();
    }
}
