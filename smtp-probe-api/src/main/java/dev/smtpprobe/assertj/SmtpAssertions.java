package dev.smtpprobe.assertj;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.Capabilities;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.Hello;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SessionStage;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.Transcript;

/**
 * The entry point of smtp-probe's AssertJ assertions, like AssertJ's {@code Assertions}: one {@code assertThat}
 * per type. Import it statically next to AssertJ's own; the overloads do not clash.
 *
 * <pre>{@code
 * import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
 *
 * assertThat(session).isPositive().hasGreetingHost("mx.contoso.test");
 * assertThat(hello).capabilities().supportsStartTls().offersAuth("LOGIN");
 * assertThat(hello.mailFrom("probe@example.test").rcptTo("x@elsewhere.test"))
 *         .isPermanentFailure()
 *         .hasEnhancedStatus("5.7.1");
 * }</pre>
 *
 * <p>A negative reply is a value in smtp-probe, so these checks are how a test says which reply it expects. For
 * soft assertions, see {@link SmtpSoftAssertions}.
 */
public class SmtpAssertions {

    /** Static methods only; subclass to add your own {@code assertThat} overloads to one entry point. */
    protected SmtpAssertions() {}

    /** Assertions on one reply (RFC 5321 §4.2). */
    public static ReplyAssert assertThat(Reply actual) {
        return new ReplyAssert(actual);
    }

    /** Assertions on the reply to one {@code RCPT TO}, named after its address in failure messages. */
    public static ReplyAssert assertThat(RecipientReply actual) {
        return actual == null ? new ReplyAssert(null)
                : new ReplyAssert(actual.reply()).answering(StageReplies.recipient(actual.address()));
    }

    /** Assertions on any stage's reply (e.g. after STARTTLS, RSET, NOOP, VRFY or a raw command), with its transcript. */
    public static SessionStageAssert assertThat(SessionStage actual) {
        return new SessionStageAssert(actual);
    }

    /** Assertions on a connected session: its greeting, its TLS, its transcript. */
    public static SmtpSessionAssert assertThat(SmtpSession actual) {
        return new SmtpSessionAssert(actual);
    }

    /** Assertions on the EHLO/HELO stage: its reply and the server's capabilities. */
    public static HelloAssert assertThat(Hello actual) {
        return new HelloAssert(actual);
    }

    /** Assertions on a mail transaction: its last reply and every recipient's reply. */
    public static TransactionAssert assertThat(Transaction actual) {
        return new TransactionAssert(actual);
    }

    /** Assertions on the end of a transaction: whether the message was queued, and under which id. */
    public static DataResultAssert assertThat(DataResult actual) {
        return new DataResultAssert(actual);
    }

    /** Assertions on the outcome of AUTH (RFC 4954). */
    public static AuthResultAssert assertThat(AuthResult actual) {
        return new AuthResultAssert(actual);
    }

    /** Assertions on what a server offers in its EHLO reply. */
    public static CapabilitiesAssert assertThat(Capabilities actual) {
        return new CapabilitiesAssert(actual);
    }

    /** Assertions on one exchange: its reply, named in failure messages by the command it answered as sent. */
    public static ExchangeAssert assertThat(Exchange actual) {
        return new ExchangeAssert(actual);
    }

    /** Assertions on a session's transcript. */
    public static TranscriptAssert assertThat(Transcript actual) {
        return new TranscriptAssert(actual);
    }
}
