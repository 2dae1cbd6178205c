package dev.smtpprobe.assertj;

import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import java.util.Objects;

/**
 * Assertions on one {@link Reply}, the server's answer to a command (RFC 5321 §4.2). Reached through
 * {@link SmtpAssertions#assertThat(Reply)}, or from a stage assertion ({@code greeting()},
 * {@code recipient("a@b.test")}, {@code mailReply()}), which also passes on the session transcript.
 *
 * <pre>{@code
 * assertThat(tx.recipients().get(1).reply()).inSession(tx.transcript()).isPermanentFailure().hasEnhancedStatus("5.7.1");
 * }</pre>
 *
 * <p>Not final, and with a public {@code (Reply)} constructor, so that AssertJ's soft assertions can proxy it.
 */
public class ReplyAssert extends AbstractReplyAssert<ReplyAssert, Reply> {

    /** What the reply answered, as failure messages name it. */
    String subject = "the reply";

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(Reply)}. */
    public ReplyAssert(Reply actual) {
        super(actual, ReplyAssert.class);
    }

    /** The same assertions, with failure messages naming {@code replySubject}. */
    ReplyAssert answering(String replySubject) {
        this.subject = replySubject;
        return myself;
    }

    /**
     * Adds the session's transcript (as {@link Transcript#toString()} prints it) to every failure message of this
     * assertion, so that a red test shows the whole conversation.
     */
    public ReplyAssert inSession(Transcript transcript) {
        this.sessionTranscript = Objects.requireNonNull(transcript, "transcript");
        return myself;
    }

    @Override
    Reply replyUnderTest() {
        return actual;
    }

    @Override
    String replySubject() {
        return subject;
    }
}
