package dev.smtpprobe;

import java.util.Optional;

/**
 * The end of a mail transaction (RFC 5321 §4.1.1.4): the reply to {@code DATA} and, when it was {@code 354},
 * the reply to the message content, with the queue id the server gave.
 */
public final class DataResult extends SessionStage {

    private final Transaction transaction;
    private final Reply dataReply;
    private final Reply contentReply;

    DataResult(Transaction transaction, Reply dataReply, Reply contentReply) {
        super(transaction.core, transaction.session());
        this.transaction = transaction;
        this.dataReply = dataReply;
        this.contentReply = contentReply;
    }

    /** The end of a BDAT transaction: the last chunk's reply is both {@link #dataReply()} and the content reply. */
    static DataResult ofChunks(Transaction tx) {
        Reply last = tx.reply();
        return new DataResult(tx, last, last);
    }

    /** The reply to each BDAT chunk, for a message sent with CHUNKING (RFC 3030); empty after DATA. */
    public java.util.List<Reply> chunkReplies() {
        return transaction.chunkReplies();
    }

    /** The final word on the message: the reply to the content, or the reply to DATA when it was not 354. */
    @Override
    public Reply reply() {
        return contentReply != null ? contentReply : dataReply;
    }

    /** The reply to the DATA command itself: {@code 354} when the server took the content. */
    public Reply dataReply() {
        return dataReply;
    }

    /** The reply after the final {@code .}, when the content was sent. */
    public Optional<Reply> contentReply() {
        return Optional.ofNullable(contentReply);
    }

    /** Whether the server accepted the message for delivery (2yz after the content). */
    public boolean isAccepted() {
        return contentReply != null && contentReply.isPositive();
    }

    /** The queue id in the acceptance reply (Postfix {@code queued as X}, Exchange, Sendmail, Exim {@code id=}). */
    public Optional<String> queueId() {
        return contentReply == null ? Optional.empty() : contentReply.queueId();
    }

    /** The transaction this message ended. */
    public Transaction transaction() {
        return transaction;
    }

    /** The stage after EHLO/HELO, from which the next {@code mailFrom} starts another transaction. */
    public Hello hello() {
        return transaction.hello();
    }

    @Override
    public String toString() {
        return "DataResult[" + reply() + "]";
    }
}
