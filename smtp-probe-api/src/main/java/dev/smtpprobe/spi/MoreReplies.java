package dev.smtpprobe.spi;

import dev.smtpprobe.Reply;

/**
 * The replies that may follow the first reply to the end of a message (the final dot after DATA, or
 * {@code BDAT ... LAST}): none in SMTP; in LMTP one per accepted recipient (RFC 2033 §4.2), so the first reply is
 * followed by one fewer; with PRDR (draft-hall-prdr-00 §3) a {@code 353} first, then one reply per accepted
 * recipient and a final one for the message. The transport asks {@link #after(Reply)} once, when the first reply is
 * in, and hands every following reply to {@link #reply(Reply)} in order; the step's future completes (with the first
 * reply) only once the last has come. Each following reply must come within the step's end timeout of the previous
 * one. Both methods run on the transport's I/O thread and must be quick and never throw.
 */
public interface MoreReplies {

    /** No reply follows the first: plain SMTP. */
    MoreReplies NONE = new MoreReplies() {
        @Override
        public int after(Reply first) {
            return 0;
        }

        @Override
        public void reply(Reply next) {
            // none come
        }

        @Override
        public String toString() {
            return "MoreReplies.NONE";
        }
    };

    /** How many replies follow {@code first}, the first reply to the end of the message (0: it is the only one). */
    int after(Reply first);

    /** One of the following replies, in the order they came, before the step's future completes. */
    void reply(Reply next);
}
