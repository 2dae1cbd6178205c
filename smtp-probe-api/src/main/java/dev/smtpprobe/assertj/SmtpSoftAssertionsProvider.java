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
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * The soft forms of {@link SmtpAssertions}' {@code assertThat} methods: failures are collected, not thrown, and
 * reported together (by {@code assertAll()}, {@code assertSoftly} or JUnit 5's {@code SoftAssertionsExtension}).
 * Assertions reached from these ({@code capabilities()}, {@code recipient(..)}, {@code greeting()}, ...) are
 * soft too. Implement it in your own soft assertions class to mix these with other custom assertions;
 * {@link SmtpSoftAssertions} is the ready-made one.
 */
// "exports" lint: AssertJ types in this API are fine without requires transitive; a test module using them requires org.assertj.core itself
@SuppressWarnings("exports")
public interface SmtpSoftAssertionsProvider extends SoftAssertionsProvider {

    /** Soft {@link SmtpAssertions#assertThat(Reply)}. */
    default ReplyAssert assertThat(Reply actual) {
        return proxy(ReplyAssert.class, Reply.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(RecipientReply)}. */
    default ReplyAssert assertThat(RecipientReply actual) {
        ReplyAssert softly = proxy(ReplyAssert.class, Reply.class, actual == null ? null : actual.reply()).collectedBy(this);
        return actual == null ? softly : softly.answering(StageReplies.recipient(actual.address()));
    }

    /** Soft {@link SmtpAssertions#assertThat(SessionStage)}. */
    default SessionStageAssert assertThat(SessionStage actual) {
        return proxy(SessionStageAssert.class, SessionStage.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(SmtpSession)}. */
    default SmtpSessionAssert assertThat(SmtpSession actual) {
        return proxy(SmtpSessionAssert.class, SmtpSession.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(Hello)}. */
    default HelloAssert assertThat(Hello actual) {
        return proxy(HelloAssert.class, Hello.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(Transaction)}. */
    default TransactionAssert assertThat(Transaction actual) {
        return proxy(TransactionAssert.class, Transaction.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(DataResult)}. */
    default DataResultAssert assertThat(DataResult actual) {
        return proxy(DataResultAssert.class, DataResult.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(AuthResult)}. */
    default AuthResultAssert assertThat(AuthResult actual) {
        return proxy(AuthResultAssert.class, AuthResult.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(Capabilities)}. */
    default CapabilitiesAssert assertThat(Capabilities actual) {
        return proxy(CapabilitiesAssert.class, Capabilities.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(Exchange)}. */
    default ExchangeAssert assertThat(Exchange actual) {
        return proxy(ExchangeAssert.class, Exchange.class, actual).collectedBy(this);
    }

    /** Soft {@link SmtpAssertions#assertThat(Transcript)}. */
    default TranscriptAssert assertThat(Transcript actual) {
        return proxy(TranscriptAssert.class, Transcript.class, actual).collectedBy(this);
    }
}
