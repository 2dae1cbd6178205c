package dev.smtpprobe.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * A message a {@link FakeSmtpServer} accepted in a served conversation: the envelope (RFC 5321 §4.1.1.2-3) and the
 * content as received, with DATA's dot-stuffing undone (§4.5.2) or the BDAT chunks joined (RFC 3030).
 *
 * @param helo           the name the client gave in its last EHLO or HELO; empty if it gave none
 * @param mailFrom       the reverse-path of MAIL FROM without angle brackets; empty for {@code <>}
 * @param mailParameters the ESMTP parameters of MAIL FROM as sent, e.g. {@code SIZE=1000}
 * @param recipients     the forward-paths of the accepted RCPT commands, in order
 * @param content        the message bytes (the accessor returns a copy)
 * @param reply          the server's reply that accepted it (to the final dot or the last BDAT), e.g.
 *                       {@code 250 2.0.0 Ok: queued as 1A2B}: where a queue id is
 */
public record ReceivedMessage(String helo, String mailFrom, List<String> mailParameters, List<String> recipients,
        byte[] content, String reply) {

    /** Copies the lists and the bytes. */
    public ReceivedMessage {
        Objects.requireNonNull(helo, "helo");
        Objects.requireNonNull(mailFrom, "mailFrom");
        Objects.requireNonNull(reply, "reply");
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
    public boolean equals(Object o) {
        return o instanceof ReceivedMessage m && m.helo.equals(helo) && m.reply.equals(reply) && m.mailFrom.equals(mailFrom) && m.mailParameters.equals(mailParameters)
                && m.recipients.equals(recipients) && java.util.Arrays.equals(m.content, content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(helo, reply, mailFrom, mailParameters, recipients, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return "ReceivedMessage[from=<" + mailFrom + ">, to=" + recipients + ", " + content.length + " bytes]";
    }
}
