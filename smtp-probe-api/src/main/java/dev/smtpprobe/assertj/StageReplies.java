package dev.smtpprobe.assertj;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.CommandResult;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.SessionStage;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsStarted;
import dev.smtpprobe.Transaction;
import java.util.List;

/** What the reply of each kind of stage answered, as failure messages name it. */
final class StageReplies {

    private StageReplies() {}

    /** "the greeting", "the reply to EHLO", "the reply to RCPT TO:&lt;a@b.test&gt;", ... */
    static String subject(SessionStage stage) {
        if (stage instanceof SmtpSession) {
            return "the greeting";
        }
        if (stage instanceof Hello hello) {
            return "the reply to " + (hello.isExtended() ? "EHLO" : "HELO");
        }
        if (stage instanceof TlsStarted) {
            return "the reply to STARTTLS";
        }
        if (stage instanceof AuthResult auth) {
            return "the final reply to AUTH " + auth.mechanism();
        }
        if (stage instanceof Transaction tx) {
            return transaction(tx);
        }
        if (stage instanceof DataResult data) {
            if (data.contentReply().isEmpty()) {
                return "the reply to DATA";
            }
            return data.chunkReplies().isEmpty() ? "the reply to the message (after DATA and the final dot)"
                    : "the reply to the last BDAT chunk";
        }
        if (stage instanceof CommandResult command) {
            return "the reply to " + command.command();
        }
        return "the reply";
    }

    private static String transaction(Transaction tx) {
        if (!tx.chunkReplies().isEmpty()) {
            return "the reply to BDAT chunk " + tx.chunkReplies().size();
        }
        List<RecipientReply> recipients = tx.recipients();
        return recipients.isEmpty() ? "the reply to MAIL FROM"
                : recipient(recipients.get(recipients.size() - 1).address());
    }

    /** "the reply to RCPT TO:&lt;a@b.test&gt;". */
    static String recipient(String address) {
        return "the reply to RCPT TO:<" + address + ">";
    }
}
