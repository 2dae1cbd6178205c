package dev.smtpprobe.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.MessageHandler;
import org.subethamail.smtp.RejectException;

/**
 * One mail transaction on the embedded server (SubEthaSMTP makes one per MAIL command): the envelope, the BDAT
 * chunks so far, the relay decision and the queueing of the finished message.
 */
final class ExchangeTransaction implements MessageHandler {

    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:[ \\t]*(<[^<>\\s]+>)[ \\t]*\\r?$");

    private final ExchangeProfile profile;
    private final MessageContext context;
    private final AtomicLong internalIds;
    private final Consumer<ReceivedMessage> queue;
    private final List<String> recipients = new ArrayList<>();
    private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
    private String mailFrom = "";
    private List<String> mailParameters = List.of();
    private boolean binaryBody;
    private boolean chunking;
    private boolean tooLarge;

    ExchangeTransaction(ExchangeProfile profile, MessageContext context, AtomicLong internalIds,
            Consumer<ReceivedMessage> queue) {
        this.profile = profile;
        this.context = context;
        this.internalIds = internalIds;
        this.queue = queue;
    }

    /** The MAIL FROM parameters, and whether they declared {@code BODY=BINARYMIME} (RFC 3030: BDAT only). */
    void mailParameters(List<String> parameters, boolean binaryBody) {
        this.mailParameters = List.copyOf(parameters);
        this.binaryBody = binaryBody;
    }

    boolean binaryBody() {
        return binaryBody;
    }

    /** Whether a BDAT chunk has been taken in this transaction (DATA is then out of sequence). */
    boolean chunking() {
        return chunking;
    }

    @Override
    public void from(String from) {
        this.mailFrom = from;
    }

    /**
     * Accepts a recipient the profile accepts; refuses any other with the profile's reply (a relay attempt:
     * {@code 550 5.7.1 Unable to relay}; an unknown mailbox: {@code 550 5.1.10 ...}).
     */
    @Override
    public void recipient(String recipient) throws RejectException {
        var refusal = profile.refusal(recipient);
        if (refusal.isPresent()) {
            String reply = refusal.get();
            throw new RejectException(Integer.parseInt(reply.substring(0, 3)), reply.substring(4));
        }
        recipients.add(recipient);
    }

    /** Queues the whole content of the stream; returns the reply text after {@code 250}. */
    @Override
    public String data(InputStream data) throws IOException {
        return queue(data.readAllBytes());
    }

    /** Adds a BDAT chunk (RFC 3030), keeping no more than the size limit. */
    void chunk(byte[] bytes) {
        chunking = true;
        if (chunks.size() + (long) bytes.length > profile.maxMessageSize()) {
            tooLarge = true;
        } else {
            chunks.writeBytes(bytes);
        }
    }

    /** Notes a chunk that alone exceeds the size limit (its bytes were read and dropped). */
    void oversizedChunk() {
        chunking = true;
        tooLarge = true;
    }

    /** Whether the chunks so far exceed the size limit. */
    boolean chunksTooLarge() {
        return tooLarge;
    }

    /** Queues the message made of the BDAT chunks. */
    String queueChunks() {
        return queue(chunks.toByteArray());
    }

    /**
     * Keeps the message and returns Exchange's acceptance text: the message's own Message-ID when it has one (as
     * Exchange does), else a generated one, then the internal id and the short host name.
     */
    private String queue(byte[] content) {
        long internalId = internalIds.incrementAndGet();
        String messageId = messageId(content);
        queue.accept(new ReceivedMessage(messageId.substring(1, messageId.length() - 1), internalId,
                context.getHelo().orElse(""), mailFrom, mailParameters, recipients, content));
        return "2.6.0 " + messageId + " [InternalId=" + internalId + ", Hostname=" + profile.shortName()
                + "] Queued mail for delivery";
    }

    private String messageId(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        var m = MESSAGE_ID.matcher(end < 0 ? text : text.substring(0, end + 2));
        return m.find() ? m.group(1) : "<" + UUID.randomUUID() + "@" + profile.hostName() + ">";
    }

    @Override
    public void done() {
        // nothing to release: the message is either queued or forgotten
    }
}
