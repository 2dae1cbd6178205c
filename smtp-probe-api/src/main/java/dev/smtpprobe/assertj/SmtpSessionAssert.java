package dev.smtpprobe.assertj;

import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.TlsFacts;
import java.util.List;

/**
 * Assertions on an open {@link SmtpSession}: the reply checks apply to its greeting (RFC 5321 §4.3.1, normally
 * {@code 220}), plus whether the connection is protected by TLS and which host the greeting names.
 *
 * <pre>{@code
 * assertThat(session).isPositive().hasGreetingHost("mx.contoso.test").doesNotUseTls();
 * }</pre>
 */
public class SmtpSessionAssert extends AbstractSessionStageAssert<SmtpSessionAssert, SmtpSession> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(SmtpSession)}. */
    public SmtpSessionAssert(SmtpSession actual) {
        super(actual, SmtpSessionAssert.class);
    }

    /** Assertions on the greeting, the {@code 220} (or {@code 554}) the server sent when the connection opened. */
    public ReplyAssert greeting() {
        isNotNull();
        return replyAssert(actual.greeting(), "the greeting");
    }

    /**
     * The greeting names {@code host} as its first word, where RFC 5321 §4.3.1 asks servers to put their name (a
     * check that the banner names the public host, not an internal {@code *.local} one).
     */
    public SmtpSessionAssert hasGreetingHost(String host) {
        if (checkable() && !actual.greetingHost().equals(host)) {
            throw failure(FailureMessage.expecting("the greeting", "to name the host " + host + " (its first word)")
                    .butReply(actual.greeting()));
        }
        return myself;
    }

    /** The connection is protected by TLS now: implicit TLS (RFC 8314) or after STARTTLS (RFC 3207). */
    public SmtpSessionAssert usesTls() {
        if (checkable() && actual.tls().isEmpty()) {
            throw failure(FailureMessage.expecting("the session", "to be protected by TLS (implicit, or STARTTLS: RFC 3207)")
                    .but("it is in plaintext" + actual.tlsNotUsedReason().map(r -> ": " + r).orElse("."), List.of()));
        }
        return myself;
    }

    /** The connection is in plaintext: no implicit TLS and no STARTTLS. */
    public SmtpSessionAssert doesNotUseTls() {
        if (checkable() && actual.tls().isPresent()) {
            throw failure(FailureMessage.expecting("the session", "to be in plaintext")
                    .but("TLS is in force:", List.of(actual.tls().map(TlsFacts::summary).orElseThrow())));
        }
        return myself;
    }
}
