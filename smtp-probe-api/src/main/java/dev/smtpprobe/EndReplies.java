package dev.smtpprobe;

import dev.smtpprobe.spi.MoreReplies;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * The replies to the end of one message (the final dot, or {@code BDAT ... LAST}): one in SMTP; one per accepted
 * recipient in LMTP (RFC 2033 §4.2); with PRDR a {@code 353}, one per accepted recipient and a final one
 * (draft-hall-prdr-00 §3). Told to the transport as {@link MoreReplies}; the replies after the first are written on
 * the transport's thread before the step's future completes, and read only after it did.
 */
final class EndReplies implements MoreReplies {

    /** What answers the end of the message. */
    enum Kind {
        /** One reply (RFC 5321 §4.1.1.4). */
        SMTP,
        /** One reply per accepted recipient (RFC 2033 §4.2). */
        LMTP,
        /** {@code 353}, one per accepted recipient, a final one; or one, when the first is not 353. */
        PRDR
    }

    /** The PRDR intermediate reply to the end of the message (draft-hall-prdr-00 §3). */
    static final int PRDR_INTERMEDIATE = 353;

    private final Kind kind;
    private final IntSupplier acceptedRecipients;
    private final List<Reply> following = new ArrayList<>();

    private EndReplies(Kind kind, IntSupplier acceptedRecipients) {
        this.kind = kind;
        this.acceptedRecipients = acceptedRecipients;
    }

    /**
     * The replies a transaction with {@code params} gets under {@code options}: LMTP by the session's protocol, PRDR
     * by MAIL's parameter. {@code acceptedRecipients} is asked when the first reply is in (with pipelining the RCPT
     * replies have come by then: they came before it).
     */
    static EndReplies of(ProbeOptions options, MailParameters params, IntSupplier acceptedRecipients) {
        Kind kind = options.protocol() == Protocol.LMTP ? Kind.LMTP : params.prdr() ? Kind.PRDR : Kind.SMTP;
        return new EndReplies(kind, acceptedRecipients);
    }

    /** For a transaction whose recipients' replies are all in. */
    static EndReplies of(ProbeOptions options, Transaction tx) {
        return of(options, tx.mailParameters(), () -> tx.acceptedRecipients().size());
    }

    Kind kind() {
        return kind;
    }

    /** What the transport is given: {@link MoreReplies#NONE} for SMTP, so that any transport can carry it. */
    MoreReplies forTransport() {
        return kind == Kind.SMTP ? MoreReplies.NONE : this;
    }

    @Override
    public int after(Reply first) {
        int accepted = acceptedRecipients.getAsInt();
        return switch (kind) {
            case SMTP -> 0;
            // RFC 2033 §4.2; with none accepted the server refuses in one reply; a 421 first ends the session (§4.1.2)
            case LMTP -> first.code() == 421 ? 0 : Math.max(1, accepted) - 1;
            case PRDR -> first.code() == PRDR_INTERMEDIATE ? accepted + 1 : 0;
        };
    }

    @Override
    public void reply(Reply next) {
        following.add(next);
    }

    /** Every reply to the end of the message in the order they came, {@code first} first. */
    List<Reply> all(Reply first) {
        if (following.isEmpty()) {
            return List.of(first);
        }
        var all = new ArrayList<Reply>(1 + following.size());
        all.add(first);
        all.addAll(following);
        return List.copyOf(all);
    }
}
