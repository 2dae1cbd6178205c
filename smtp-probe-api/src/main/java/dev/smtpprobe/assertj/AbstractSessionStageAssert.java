package dev.smtpprobe.assertj;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SessionStage;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transcript;
import java.util.List;
import java.util.Objects;

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

    /**
     * Assertions on the session's newest exchange of {@code step} so far (e.g. {@link Step#RCPT}: the last RCPT),
     * with failure messages naming its command as it was sent. Fails when the session has no exchange of that step;
     * under soft assertions that failure is collected and the checks chained after it do nothing.
     */
    public ExchangeAssert exchange(Step step) {
        isNotNull();
        List<Exchange> all = actual.session().exchanges();
        return exchangeAssert(all, StageReplies.last(all, Objects.requireNonNull(step, "step")), "of step " + step);
    }

    /**
     * Assertions on the session's newest exchange whose command starts with {@code command}, ignoring case (e.g.
     * {@code "RCPT TO:<x@elsewhere.test>"}, or {@code "MAIL"}); the greeting and the message content have the
     * command {@code ""}: use {@link #exchange(Step)} for them.
     */
    public ExchangeAssert exchange(String command) {
        isNotNull();
        List<Exchange> all = actual.session().exchanges();
        return exchangeAssert(all, StageReplies.last(all, Objects.requireNonNull(command, "command")),
                "whose command starts with \"" + command + "\"");
    }

    /**
     * A reply of this stage other than its own, for {@code greeting()}, {@code mailReply()} and the like, named by
     * the command its exchange records, or {@code fallback} when the session no longer holds that exchange.
     */
    final ReplyAssert replyAssert(Reply reply, String fallback) {
        String subject = actual == null ? fallback : StageReplies.subject(actual, reply, fallback);
        return navigate(ReplyAssert.class, Reply.class, reply, ReplyAssert::new).answering(subject);
    }
}
