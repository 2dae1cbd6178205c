package dev.smtpprobe.assertj;

import dev.smtpprobe.DataResult;

/**
 * Assertions on the end of a transaction, a {@link DataResult} (RFC 5321 §4.1.1.4, or BDAT LAST in RFC 3030):
 * the reply checks apply to the final word on the message (the reply after the content, or the reply to DATA
 * when it was not {@code 354}).
 *
 * <pre>{@code
 * assertThat(tx.data(message)).isQueued().hasQueueId().hasEnhancedStatus("2.6.0");
 * }</pre>
 */
public class DataResultAssert extends AbstractSessionStageAssert<DataResultAssert, DataResult> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(DataResult)}. */
    public DataResultAssert(DataResult actual) {
        super(actual, DataResultAssert.class);
    }

    /** The server took the message for delivery: a 2yz reply after the content ({@link DataResult#isAccepted()}). */
    public DataResultAssert isQueued() {
        if (checkable() && !actual.isAccepted()) {
            throw failure(FailureMessage.expecting("the message", "to be accepted for delivery (2yz after the content)")
                    .butReply(actual.reply()));
        }
        return myself;
    }

    /** Assertions on the reply to the DATA command itself: {@code 354} when the server took the content. */
    public ReplyAssert dataReply() {
        isNotNull();
        return replyAssert(actual.dataReply(), "the reply to DATA");
    }
}
