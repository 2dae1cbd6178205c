package dev.smtpprobe.assertj;

import dev.smtpprobe.AuthResult;
import java.util.List;
import java.util.Locale;

/**
 * Assertions on the outcome of {@code AUTH} (RFC 4954), an {@link AuthResult}: the reply checks apply to the final
 * reply ({@code 235 2.7.0} on success, {@code 535 5.7.8} for bad credentials, {@code 534 5.7.9} mechanism too weak,
 * {@code 538 5.7.11} encryption required).
 *
 * <pre>{@code
 * assertThat(hello.authLogin("user", "wrong password")).isPermanentFailure().hasEnhancedStatus("5.7.8");
 * }</pre>
 */
public class AuthResultAssert extends AbstractSessionStageAssert<AuthResultAssert, AuthResult> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(AuthResult)}. */
    public AuthResultAssert(AuthResult actual) {
        super(actual, AuthResultAssert.class);
    }

    /** The server accepted the credentials: {@code 235} ({@link AuthResult#isSuccess()}, RFC 4954 §6). */
    public AuthResultAssert isSuccess() {
        if (checkable() && !actual.isSuccess()) {
            throw failure(FailureMessage.expecting(replySubject(), "to be 235 (authentication succeeded, RFC 4954 §6)")
                    .butReply(actual.reply()));
        }
        return myself;
    }

    /** The client cancelled the exchange with {@code *} after an unexpected or invalid challenge (RFC 4954 §4). */
    public AuthResultAssert isCancelled() {
        if (checkable() && !actual.isCancelled()) {
            throw failure(FailureMessage.expecting("the AUTH exchange", "to have been cancelled by the client (*)")
                    .butReply(actual.reply()));
        }
        return myself;
    }

    /** The SASL mechanism used was {@code mechanism} (case-insensitive), e.g. {@code PLAIN}, {@code LOGIN}. */
    public AuthResultAssert hasMechanism(String mechanism) {
        if (checkable() && !actual.mechanism().equalsIgnoreCase(mechanism)) {
            throw failure(FailureMessage.expecting("the AUTH exchange", "to use the mechanism "
                    + mechanism.toUpperCase(Locale.ROOT)).but("it used " + actual.mechanism(), List.of()), actual.mechanism(), mechanism);
        }
        return myself;
    }
}
