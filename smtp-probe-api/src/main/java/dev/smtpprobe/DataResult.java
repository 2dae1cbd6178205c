package dev.smtpprobe;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The end of a mail transaction (RFC 5321 §4.1.1.4): the reply to {@code DATA} and, when it was {@code 354}, the
 * replies to the message content, with the queue id the server gave. In SMTP one reply answers the content for all
 * recipients. In LMTP (RFC 2033 §4.2) each accepted recipient gets its own reply, and with PRDR
 * (draft-hall-prdr-00 §3) the server answers {@code 353}, then one reply per accepted recipient, then a final one:
 * {@link #recipientReplies()} holds those per-recipient replies, in RCPT order, and {@link #contentReplies()} every
 * reply as it came.
 */
public final class DataResult extends SessionStage {

    private final Transaction transaction;
    private final Reply dataReply;
    private final List<Reply> contentReplies;
    private final Reply intermediateReply;
    private final List<RecipientReply> recipientReplies;
    private final Reply contentReply;

    DataResult(Transaction transaction, Reply dataReply, Reply contentReply) {
        this(transaction, dataReply, contentReply, null);
    }

    /** {@code first} is the first reply to the end of the message (null when there was none), {@code end} the rest. */
    DataResult(Transaction transaction, Reply dataReply, Reply first, EndReplies end) {
        super(transaction.core, transaction.session());
        this.transaction = transaction;
        this.dataReply = dataReply;
        this.contentReplies = first == null ? List.of() : end == null ? List.of(first) : end.all(first);
        EndReplies.Kind kind = end == null || first == null ? EndReplies.Kind.SMTP : end.kind();
        // the recipients matter only where the replies are per recipient (LMTP, PRDR): not built for plain SMTP
        List<String> accepted = kind == EndReplies.Kind.SMTP ? List.of() : transaction.acceptedRecipients();
        if (kind == EndReplies.Kind.LMTP && contentReplies.size() == accepted.size()) {
            this.intermediateReply = null;
            this.recipientReplies = zip(accepted, contentReplies);
            // no reply speaks for the message as a whole: the first refusal, or the last reply when all accepted
            this.contentReply = contentReplies.stream().filter(r -> !r.isPositive()).findFirst()
                    .orElse(contentReplies.get(contentReplies.size() - 1));
        } else if (kind == EndReplies.Kind.PRDR && first.code() == EndReplies.PRDR_INTERMEDIATE
                && contentReplies.size() == accepted.size() + 2) {
            this.intermediateReply = first;
            this.recipientReplies = zip(accepted, contentReplies.subList(1, contentReplies.size() - 1));
            this.contentReply = contentReplies.get(contentReplies.size() - 1);
        } else {
            this.intermediateReply = null;
            this.recipientReplies = List.of();
            this.contentReply = contentReplies.isEmpty() ? null : contentReplies.get(contentReplies.size() - 1);
        }
    }

    private static List<RecipientReply> zip(List<String> addresses, List<Reply> replies) {
        var out = new ArrayList<RecipientReply>(addresses.size());
        for (int i = 0; i < addresses.size(); i++) {
            out.add(new RecipientReply(addresses.get(i), replies.get(i)));
        }
        return List.copyOf(out);
    }

    /** The end of a BDAT transaction: the last chunk's reply is both {@link #dataReply()} and the content reply. */
    static DataResult ofChunks(Transaction tx) {
        Reply last = tx.reply();
        return new DataResult(tx, last, last);
    }

    /**
     * The end of a BDAT transaction whose last chunk may have had several replies ({@code end}, LMTP or PRDR): the
     * last chunk's first reply is {@link #dataReply()}.
     */
    static DataResult ofChunks(Transaction tx, EndReplies end) {
        Reply last = tx.reply();
        return new DataResult(tx, last, last, end);
    }

    /** The reply to each BDAT chunk, for a message sent with CHUNKING (RFC 3030); empty after DATA. */
    public java.util.List<Reply> chunkReplies() {
        return transaction.chunkReplies();
    }

    /** The final word on the message: {@link #contentReply()}, or the reply to DATA when it was not 354. */
    @Override
    public Reply reply() {
        return contentReply != null ? contentReply : dataReply;
    }

    /** The reply to the DATA command itself ({@code 354} when the server took the content), or to the last BDAT. */
    public Reply dataReply() {
        return dataReply;
    }

    /**
     * The reply that speaks for the message, when the content was sent: in SMTP the reply after the final {@code .}
     * (or to {@code BDAT LAST}); with PRDR the final reply after the per-recipient ones (or the only one, when the
     * server did not answer {@code 353}); in LMTP, which has no such reply, the first per-recipient reply that is not
     * positive, else the last one, so that a positive reply means every recipient took the message.
     */
    public Optional<Reply> contentReply() {
        return Optional.ofNullable(contentReply);
    }

    /**
     * Every reply to the end of the message, in the order they came: one in SMTP; one per accepted recipient in
     * LMTP; {@code 353}, one per accepted recipient and the final one with PRDR. Empty when the content was not
     * sent. The last BDAT's first reply is also the last of {@link #chunkReplies()}.
     */
    public List<Reply> contentReplies() {
        return contentReplies;
    }

    /** PRDR's intermediate {@code 353} to the end of the message (draft-hall-prdr-00 §3), when the server sent it. */
    public Optional<Reply> intermediateReply() {
        return Optional.ofNullable(intermediateReply);
    }

    /**
     * The reply for each accepted recipient, in the order of the RCPT commands: LMTP's (RFC 2033 §4.2) and PRDR's
     * (draft-hall-prdr-00 §3). Empty when one reply answered for every recipient (SMTP, or a server that declined
     * PRDR by not answering 353).
     */
    public List<RecipientReply> recipientReplies() {
        return recipientReplies;
    }

    /**
     * Whether the server accepted the message for every recipient it accepted: in SMTP the content reply is 2yz; in
     * LMTP every recipient's reply is 2yz; with PRDR every recipient's reply and the final reply are. A message taken
     * for some recipients only is not accepted: see {@link #acceptedRecipients()}.
     */
    public boolean isAccepted() {
        if (contentReply == null || !contentReply.isPositive()) {
            return false;
        }
        for (int i = 0; i < recipientReplies.size(); i++) { // indexed: no stream or iterator per check
            if (!recipientReplies.get(i).accepted()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The recipients the server took the message for: those whose own reply is 2yz (LMTP; PRDR when its final reply
     * is 2yz as well), or, with one reply for all, every accepted recipient when that reply is 2yz.
     */
    public List<String> acceptedRecipients() {
        if (contentReply == null || (!recipientReplies.isEmpty() && intermediateReply != null && !contentReply.isPositive())) {
            return List.of();
        }
        if (!recipientReplies.isEmpty()) {
            return recipientReplies.stream().filter(RecipientReply::accepted).map(RecipientReply::address).toList();
        }
        return contentReply.isPositive() ? transaction.acceptedRecipients() : List.of();
    }

    /** The queue id in {@link #contentReply()} (Postfix {@code queued as X}, Exchange, Sendmail, Exim {@code id=}). */
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
        return "DataResult[" + reply() + (recipientReplies.isEmpty() ? "" : ", per recipient " + recipientReplies.stream()
                .map(r -> r.address() + " " + r.reply().code()).toList()) + "]";
    }
}
