package dev.smtpprobe.assertj;

import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Assertions on a mail {@link Transaction} (RFC 5321 §3.3): the reply checks apply to the reply of its last
 * command (the last RCPT, or MAIL when no RCPT was sent yet), plus checks on every recipient's reply.
 *
 * <pre>{@code
 * var tx = hello.mailFrom("probe@example.test").rcptTo("postmaster@contoso.test").rcptTo("x@elsewhere.test");
 * assertThat(tx).hasAcceptedRecipients("postmaster@contoso.test").hasRejectedRecipient("x@elsewhere.test");
 * assertThat(tx).recipient("x@elsewhere.test").isPermanentFailure().hasEnhancedStatus("5.7.1");
 * }</pre>
 *
 * <p>Recipients are named as they were given to {@code rcptTo}; when the same address was sent twice, the last
 * reply counts.
 */
public class TransactionAssert extends AbstractSessionStageAssert<TransactionAssert, Transaction> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(Transaction)}. */
    public TransactionAssert(Transaction actual) {
        super(actual, TransactionAssert.class);
    }

    /** Assertions on the reply to {@code MAIL FROM} (RFC 5321 §4.1.1.2). */
    public ReplyAssert mailReply() {
        isNotNull();
        return replyAssert(actual.mailReply(), "the reply to MAIL FROM");
    }

    /**
     * Assertions on the reply to {@code RCPT TO:<address>} (RFC 5321 §4.1.1.3). Fails when no RCPT was sent for
     * that address; under soft assertions that failure is collected and the checks chained after it do nothing.
     */
    public ReplyAssert recipient(String address) {
        isNotNull();
        Optional<RecipientReply> found = find(address);
        if (found.isEmpty()) {
            return missing(ReplyAssert.class, Reply.class, ReplyAssert::new,
                    FailureMessage.expecting("the transaction", "to have sent RCPT TO:<" + address + ">")
                            .but("the recipients were:", recipientLines()));
        }
        return replyAssert(found.get().reply(), StageReplies.recipient(address));
    }

    /** The server accepted (2yz) every one of {@code addresses}; other recipients may have been sent too. */
    public TransactionAssert hasAcceptedRecipients(String... addresses) {
        return recipientsAre("to have accepted (2yz) ", RecipientReply::accepted, addresses);
    }

    /** The server refused {@code address} with a 4yz or 5yz reply to its RCPT TO. */
    public TransactionAssert hasRejectedRecipient(String address) {
        return recipientsAre("to have refused (4yz or 5yz) ", r -> r.reply().isFailure(), address);
    }

    private TransactionAssert recipientsAre(String expectation, Predicate<RecipientReply> test, String... addresses) {
        if (checkable()) {
            var wrong = new ArrayList<String>();
            for (String address : addresses) {
                if (find(address).filter(test).isEmpty()) {
                    wrong.add(address);
                }
            }
            if (!wrong.isEmpty()) {
                throw failure(FailureMessage.expecting("the transaction's recipients", expectation
                        + String.join(", ", addresses)).but("for " + String.join(", ", wrong)
                        + " the server answered:", recipientLines()));
            }
        }
        return myself;
    }

    private Optional<RecipientReply> find(String address) {
        List<RecipientReply> recipients = actual.recipients();
        for (int i = recipients.size() - 1; i >= 0; i--) {
            if (recipients.get(i).address().equals(address)) {
                return Optional.of(recipients.get(i));
            }
        }
        return Optional.empty();
    }

    /** One line per RCPT: {@code RCPT TO:<a@b.test> -> 550 5.7.1 Unable to relay}, with the status explained. */
    private List<String> recipientLines() {
        if (actual.recipients().isEmpty()) {
            return List.of("(no RCPT TO was sent)");
        }
        return actual.recipients().stream().map(r -> "RCPT TO:<" + r.address() + "> -> " + oneLine(r.reply())).toList();
    }

    private static String oneLine(Reply reply) {
        return reply.toString().replace('\n', ' ') + reply.enhancedStatus()
                .map(s -> " (" + ReplyExplanation.enhancedStatus(s) + ")").orElse("");
    }
}
