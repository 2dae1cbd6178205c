package dev.smtpprobe.assertj;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Assertions on one {@link Exchange}: the reply checks of {@link AbstractReplyAssert} applied to its reply, with
 * failure messages naming the command it answered as it was sent ("Expecting the reply to RCPT
 * TO:&lt;x@elsewhere.test&gt; to be a permanent failure"), plus checks on the command, its TLS and its timing.
 * Reached through {@link SmtpAssertions#assertThat(Exchange)}, or from a stage's or a transcript's assertion
 * ({@code assertThat(session).exchange(Step.RCPT)}), which also passes on the session transcript.
 *
 * <pre>{@code
 * assertThat(session).exchange(Step.MAIL).isPositive().hasEnhancedStatus("2.1.0");
 * assertThat(session).exchange("RCPT TO:<x@elsewhere.test>").isPermanentFailure().hasEnhancedStatus("5.7.1");
 * }</pre>
 *
 * <p>Not final, and with a public {@code (Exchange)} constructor, so that AssertJ's soft assertions can proxy it.
 */
public class ExchangeAssert extends AbstractReplyAssert<ExchangeAssert, Exchange> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(Exchange)}. */
    public ExchangeAssert(Exchange actual) {
        super(actual, ExchangeAssert.class);
    }

    /** Adds the session's transcript to every failure message of this assertion. */
    public ExchangeAssert inSession(Transcript transcript) {
        this.sessionTranscript = Objects.requireNonNull(transcript, "transcript");
        return myself;
    }

    @Override
    Reply replyUnderTest() {
        return actual.reply();
    }

    @Override
    String replySubject() {
        return StageReplies.subject(actual);
    }

    /** The command was sent exactly as {@code command} (as the transcript shows it, secrets {@code <redacted>}). */
    public ExchangeAssert hasCommand(String command) {
        if (checkable() && !actual.command().equals(command)) {
            throw failure(FailureMessage.expecting(replySubject(), "to answer the command \"" + command + "\"")
                    .but("it answered:", List.of(actual.toString())), actual.command(), command);
        }
        return myself;
    }

    /** The command and its reply travelled inside TLS (implicit TLS, RFC 8314, or after STARTTLS, RFC 3207). */
    public ExchangeAssert wasInTls() {
        if (checkable() && !actual.tls()) {
            throw failure(FailureMessage.expecting(replySubject(), "to have travelled inside TLS")
                    .but("it was in plaintext:", List.of(actual.toString())));
        }
        return myself;
    }

    /** The command and its reply travelled in plaintext. */
    public ExchangeAssert wasInPlaintext() {
        if (checkable() && actual.tls()) {
            throw failure(FailureMessage.expecting(replySubject(), "to have travelled in plaintext")
                    .but("it was inside TLS:", List.of(actual.toString())));
        }
        return myself;
    }

    /** The server answered within {@code limit} of the command being written ({@link Exchange#elapsed()}). */
    public ExchangeAssert tookAtMost(Duration limit) {
        Objects.requireNonNull(limit, "limit");
        if (checkable() && actual.elapsed().compareTo(limit) > 0) {
            throw failure(FailureMessage.expecting(replySubject(), "to come within " + limit.toMillis() + " ms")
                    .but("it took " + actual.elapsed().toMillis() + " ms:", List.of(actual.toString())));
        }
        return myself;
    }
}
