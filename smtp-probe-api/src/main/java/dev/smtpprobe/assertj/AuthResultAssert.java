package dev.smtpprobe.assertj;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.AuthResult;
import dev.smtpprobe.ServerProof;
import java.util.List;
import java.util.Locale;

/**
 * Assertions on the outcome of {@code AUTH} (RFC 4954), an {@link AuthResult}: the reply checks apply to the final
 * reply ({@code 235 2.7.0} on success, {@code 535 5.7.8} for bad credentials, {@code 534 5.7.9} mechanism too weak,
 * {@code 538 5.7.11} encryption required).
 *
 * <pre>{@code
 * assertThat(hello.authLogin("user", "wrong password")).isPermanentFailure().hasEnhancedStatus("5.7.8");
 * assertThat(hello.authScramSha256("user", "pencil")).isServerVerified(); // 235 and the server's v= checked
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

    /**
     * The server accepted the credentials ({@code 235}) and, for a mechanism with a server proof (SCRAM), proved
     * that it knows them (RFC 5802 §9, {@link ServerProof#VERIFIED}); {@link AuthResult#isServerVerified()}. A
     * {@code 235} without the proof fails: the server did not authenticate itself.
     */
    public AuthResultAssert isServerVerified() {
        if (checkable() && !actual.isServerVerified()) {
            String why = switch (actual.serverProof()) {
                case NOT_SENT -> "the server sent no proof (no SCRAM v=) before its final reply";
                case MISMATCHED -> "the server's proof (SCRAM v=) did not match";
                default -> "the server did not accept the credentials";
            };
            throw failure(FailureMessage.expecting("the AUTH exchange", "to be accepted (235) by a server that proved"
                    + " it knows the password (RFC 5802 §9)").but(why + "; server proof " + actual.serverProof()
                    + ", final reply:", List.of(actual.reply().toString())));
        }
        return myself;
    }

    /** The server's proof is {@code expected}, e.g. {@link ServerProof#NOT_SENT} for a server that skipped SCRAM's v=. */
    public AuthResultAssert hasServerProof(ServerProof expected) {
        if (checkable() && actual.serverProof() != expected) {
            throw failure(FailureMessage.expecting("the AUTH exchange", "to have the server proof " + expected)
                    .but("it has " + actual.serverProof(), List.of()), actual.serverProof(), expected);
        }
        return myself;
    }

    /** The client cancelled the exchange with {@code *} for {@code reason} ({@link AuthResult#cancellation()}). */
    public AuthResultAssert isCancelledBecause(AuthCancel.Reason reason) {
        if (checkable() && actual.cancellation().map(AuthCancel::reason).orElse(null) != reason) {
            throw failure(FailureMessage.expecting("the AUTH exchange", "to have been cancelled by the client (*)"
                    + " because of " + reason).but(actual.cancellation().map(c -> "it was cancelled because of "
                    + c.reason() + ": " + c.detail()).orElse("it was not cancelled; the server answered:"),
                    List.of(actual.reply().toString())));
        }
        return myself;
    }
}
