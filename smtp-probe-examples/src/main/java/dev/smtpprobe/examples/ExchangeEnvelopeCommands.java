package dev.smtpprobe.examples;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.server.Session;

/**
 * MAIL and RCPT with Exchange's replies: {@code 250 2.1.0 Sender OK}, {@code 250 2.1.5 Recipient OK}, and
 * {@code 550 5.7.1 Unable to relay} for a recipient outside the accepted domains.
 */
final class ExchangeEnvelopeCommands {

    private ExchangeEnvelopeCommands() {}

    /** The commands, for {@code CommandHandler.addCommand}. */
    static List<Command> all(ExchangeProfile profile) {
        return List.of(
                new ExchangeCommand("MAIL", "Start a transaction: MAIL FROM:<sender> [SIZE=n] [BODY=type]",
                        (line, s) -> mail(profile, line, s)),
                new ExchangeCommand("RCPT", "Add a recipient: RCPT TO:<recipient>", ExchangeEnvelopeCommands::rcpt));
    }

    private static void mail(ExchangeProfile profile, String line, Session session) throws IOException {
        if (session.getHelo().isEmpty()) {
            session.sendResponse("503 5.5.2 Send hello first");
            return;
        }
        if (session.isMailTransactionInProgress()) {
            session.sendResponse("503 5.5.2 Sender already specified");
            return;
        }
        Optional<SmtpPath> path = SmtpPath.parse(ExchangeCommand.argument(line), "FROM:");
        if (path.isEmpty()) {
            session.sendResponse("501 5.5.4 Invalid arguments");
            return;
        }
        Optional<String> refusal = refusal(profile, path.get());
        if (refusal.isPresent()) {
            session.sendResponse(refusal.get());
            return;
        }
        session.startMailTransaction();
        var tx = (ExchangeTransaction) session.getMessageHandler();
        tx.mailParameters(path.get().parameters(), path.get().parameter("BODY")
                .filter(b -> b.equalsIgnoreCase("BINARYMIME")).isPresent());
        tx.from(path.get().address());
        session.sendResponse("250 2.1.0 Sender OK");
    }

    /** Why MAIL's parameters are refused: unknown (RFC 5321 §4.1.1.11), bad SIZE (RFC 1870) or BODY (RFC 6152, 3030). */
    private static Optional<String> refusal(ExchangeProfile profile, SmtpPath path) {
        for (String parameter : path.parameters()) {
            String upper = parameter.toUpperCase(Locale.ROOT);
            if (upper.startsWith("SIZE=")) {
                String value = parameter.substring(5);
                if (!value.matches("\\d{1,18}")) {
                    return Optional.of("501 5.5.4 Invalid arguments");
                }
                if (Long.parseLong(value) > profile.maxMessageSize()) {
                    return Optional.of("552 5.3.4 Message size exceeds fixed maximum message size");
                }
            } else if (upper.startsWith("BODY=")) {
                if (!List.of("BODY=7BIT", "BODY=8BITMIME", "BODY=BINARYMIME").contains(upper)) {
                    return Optional.of("501 5.5.4 Invalid arguments");
                }
            } else {
                return Optional.of("555 5.5.4 Unsupported option: " + parameter);
            }
        }
        return Optional.empty();
    }

    private static void rcpt(String line, Session session) throws IOException {
        if (!session.isMailTransactionInProgress()) {
            session.sendResponse("503 5.5.2 Need mail command");
            return;
        }
        if (session.getRecipientCount() >= session.getServer().getMaxRecipients()) {
            session.sendResponse("452 4.5.3 Too many recipients");
            return;
        }
        Optional<SmtpPath> path = SmtpPath.parse(ExchangeCommand.argument(line), "TO:");
        if (path.isEmpty() || path.get().address().isEmpty()) {
            session.sendResponse("501 5.5.4 Invalid arguments");
            return;
        }
        if (!path.get().parameters().isEmpty()) {
            session.sendResponse("555 5.5.4 Unsupported option: " + path.get().parameters().get(0));
            return;
        }
        String address = path.get().address();
        if (address.indexOf('@') < 0 && !address.equalsIgnoreCase("postmaster")) {
            session.sendResponse("501 5.1.3 Invalid address");
            return;
        }
        try {
            session.getMessageHandler().recipient(address);
        } catch (RejectException e) {
            session.sendResponse(e.getErrorResponse());
            return;
        }
        session.addRecipient(address);
        session.sendResponse("250 2.1.5 Recipient OK");
    }
}
