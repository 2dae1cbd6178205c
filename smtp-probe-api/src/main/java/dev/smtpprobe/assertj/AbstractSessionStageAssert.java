package dev.smtpprobe.assertj;

import dev.smtpprobe.Reply;
import dev.smtpprobe.SessionStage;
import dev.smtpprobe.Transcript;

/**
 * Assertions on a point of an SMTP session: the reply checks of {@link AbstractReplyAssert} applied to the reply
 * of the command that produced the stage ({@link SessionStage#reply()}), with the session's transcript in every
 * failure message, and {@link #transcript()} to check the conversation itself.
 *
 * @param <SELF>  the assertion's own type, for chaining
 * @param <STAGE> the kind of stage
 */
public abstract class AbstractSessionStageAssert<SELF extends AbstractSessionStageAssert<SELF, STAGE>, STAGE extends SessionStage>
        extends AbstractReplyAssert<SELF, STAGE> {

    /** An assertion on {@code actual}, showing its transcript on failure; {@code selfType} is the concrete class. */
    AbstractSessionStageAssert(STAGE actual, Class<?> selfType) {
        super(actual, selfType);
        this.sessionTranscript = actual == null ? null : actual.transcript();
    }

    @Override
    final Reply replyUnderTest() {
        return actual.reply();
    }

    @Override
    final String replySubject() {
        return StageReplies.subject(actual);
    }

    /** Assertions on the session's transcript up to now: what was sent and received, in order. */
    public TranscriptAssert transcript() {
        isNotNull();
        return navigate(TranscriptAssert.class, Transcript.class, actual.transcript(), TranscriptAssert::new);
    }

    /** A reply of this stage other than its own, for {@code greeting()}, {@code mailReply()} and the like. */
    final ReplyAssert replyAssert(Reply reply, String subject) {
        return navigate(ReplyAssert.class, Reply.class, reply, ReplyAssert::new).answering(subject);
    }
}
