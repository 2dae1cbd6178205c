package dev.smtpprobe.examples;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.server.Session;

/**
 * DATA (RFC 5321 §4.1.1.4) and BDAT (RFC 3030) with Exchange's replies: {@code 354 Start mail input; end with
 * <CRLF>.<CRLF>} and {@code 250 2.6.0 <id> [InternalId=n, Hostname=myserver] Queued mail for delivery}.
 */
final class ExchangeContentCommands {

    private static final String TOO_LARGE = "552 5.3.4 Message size exceeds fixed maximum message size";

    private ExchangeContentCommands() {}

    /** The commands, for {@code CommandHandler.addCommand}. */
    static List<Command> all(ExchangeProfile profile) {
        return List.of(
                new ExchangeCommand("DATA", "Send the message, ended by a line holding only a dot.",
                        (line, s) -> data(profile, line, s)),
                new ExchangeCommand("BDAT", "Send a chunk of the message: BDAT <size> [LAST]", (line, s) -> bdat(profile, line, s)));
    }

    private static void data(ExchangeProfile profile, String line, Session session) throws IOException {
        Optional<String> refusal = outOfSequence(session);
        if (refusal.isPresent()) {
            session.sendResponse(refusal.get());
            return;
        }
        var tx = (ExchangeTransaction) session.getMessageHandler();
        if (!ExchangeCommand.argument(line).isEmpty()) {
            session.sendResponse("501 5.5.4 Invalid arguments");
            return;
        }
        if (tx.binaryBody() || tx.chunking()) {
            session.sendResponse("503 5.5.1 Bad sequence of commands: BODY=BINARYMIME and BDAT need BDAT");
            return;
        }
        session.sendResponse("354 Start mail input; end with <CRLF>.<CRLF>");
        DataContent content = DataContent.read(session.getRawInput(), profile.maxMessageSize());
        String reply = content.tooLarge() ? TOO_LARGE : "250 " + tx.data(new ByteArrayInputStream(content.bytes()));
        session.resetMailTransaction();
        session.sendResponse(reply);
    }

    /**
     * {@code BDAT size [LAST]}: the chunk is read first, whatever the answer, so that its bytes are never taken
     * for commands (RFC 3030 §2).
     */
    private static void bdat(ExchangeProfile profile, String line, Session session) throws IOException {
        String[] words = ExchangeCommand.argument(line).split(" +");
        boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
        if (words.length > 2 || (words.length == 2 && !last) || !words[0].matches("\\d{1,18}")) {
            session.sendResponse("501 5.5.4 Invalid arguments");
            return;
        }
        long size = Long.parseLong(words[0]);
        Optional<String> refusal = outOfSequence(session);
        boolean keep = refusal.isEmpty() && size <= profile.maxMessageSize();
        byte[] chunk = readChunk(session.getRawInput(), size, keep);
        if (refusal.isPresent()) {
            session.sendResponse(refusal.get());
            return;
        }
        var tx = (ExchangeTransaction) session.getMessageHandler();
        if (keep) {
            tx.chunk(chunk);
        } else {
            tx.oversizedChunk();
        }
        if (!last) {
            session.sendResponse("250 2.0.0 " + size + " octets received");
            return;
        }
        String reply = tx.chunksTooLarge() ? TOO_LARGE : "250 " + tx.queueChunks();
        session.resetMailTransaction();
        session.sendResponse(reply);
    }

    /** Reads exactly {@code size} bytes from the session; returns them when {@code keep}, else an empty array. */
    private static byte[] readChunk(InputStream in, long size, boolean keep) throws IOException {
        var kept = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        for (long left = size; left > 0; ) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new EOFException("connection closed inside a BDAT chunk");
            }
            if (keep) {
                kept.write(buffer, 0, n);
            }
            left -= n;
        }
        return kept.toByteArray();
    }

    /** Exchange's answer when no transaction is open or it has no recipient yet. */
    private static Optional<String> outOfSequence(Session session) {
        if (!session.isMailTransactionInProgress()) {
            return Optional.of("503 5.5.2 Need mail command");
        }
        if (session.getRecipientCount() == 0) {
            return Optional.of("503 5.5.2 Need rcpt command");
        }
        return Optional.empty();
    }
}
