package dev.smtpprobe.examples;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A message the {@link EmbeddedExchangeServer} queued: the envelope, the content as received (line endings as
 * sent, dot-stuffing undone, no header added) and the ids it answered with.
 *
 * @param queueId        the id in the {@code 250 2.6.0 <id> [InternalId=...]} reply, without angle brackets, as
 *                       {@link dev.smtpprobe.DataResult#queueId()} reports it
 * @param internalId     the number in {@code InternalId=}
 * @param helo           the name the client gave in EHLO or HELO
 * @param mailFrom       the reverse-path of MAIL FROM; empty for {@code <>}
 * @param mailParameters the ESMTP parameters of MAIL FROM
 * @param recipients     the recipients the server accepted, in order
 * @param content        the message bytes
 */
public record ReceivedMessage(String queueId, long internalId, String helo, String mailFrom,
        List<String> mailParameters, List<String> recipients, byte[] content) {

    /** Copies the lists and the bytes. */
    public ReceivedMessage {
        Objects.requireNonNull(queueId, "queueId");
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(mailFrom, "mailFrom");
        mailParameters = List.copyOf(mailParameters);
        recipients = List.copyOf(recipients);
        content = content.clone();
    }

    /** A copy of the message bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The message decoded as UTF-8. */
    public String text() {
        return new String(content, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ReceivedMessage[queueId=" + queueId + ", from=<" + mailFrom + ">, to=" + recipients + ", "
                + content.length + " bytes]";
    }
}
