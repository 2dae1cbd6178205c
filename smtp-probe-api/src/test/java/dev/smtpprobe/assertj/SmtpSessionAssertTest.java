package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.SmtpSession;
import org.junit.jupiter.api.Test;

class SmtpSessionAssertTest {

    @Test
    void theReplyChecksApplyToTheGreeting() {
        assertThat(Conversations.session()).isPositive().hasCode(220).textContains("ESMTP");

        assertThatThrownBy(() -> assertThat(Conversations.session()).hasCode(554))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the greeting\n  to have the code 554")
                .hasMessageContaining("220 mx.contoso.test ESMTP Postfix")
                .hasMessageContaining("Session transcript:\n=== Trying mx.contoso.test:25...\n"
                        + "=== Connected to mx.contoso.test (192.0.2.25:25)\n<-  220 mx.contoso.test ESMTP Postfix");
    }

    @Test
    void greetingChecksTheGreetingFromAnyLaterPoint() {
        SmtpSession session = Conversations.session(Conversations.EHLO);
        session.ehlo("probe.example.test");

        assertThat(session).greeting().isPositive().hasNoEnhancedStatus();
        assertThatThrownBy(() -> assertThat(session).greeting().isTransientFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the greeting\n  to be a transient failure")
                .hasMessageContaining(" -> EHLO probe.example.test");
    }

    @Test
    void hasGreetingHostComparesTheFirstWord() {
        assertThat(Conversations.session()).hasGreetingHost("mx.contoso.test");

        assertThatThrownBy(() -> assertThat(Conversations.session()).hasGreetingHost("mail.contoso.test"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the greeting\n  to name the host mail.contoso.test (its first word)")
                .hasMessageContaining("but the server answered:\n  220 mx.contoso.test ESMTP Postfix");
    }

    @Test
    void usesTlsAfterStartTls() {
        SmtpSession session = Conversations.session(Conversations.EHLO, "220 2.0.0 Ready to start TLS");
        session.ehlo("probe.example.test").startTls();

        assertThat(session).usesTls();
        assertThatThrownBy(() -> assertThat(session).doesNotUseTls())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the session\n  to be in plaintext")
                .hasMessageContaining("but TLS is in force:\n  TLSv1.3 TLS_AES_128_GCM_SHA256")
                .hasMessageContaining("=== TLS started: TLSv1.3");
    }

    @Test
    void doesNotUseTlsInPlaintext() {
        SmtpSession session = Conversations.session();

        assertThat(session).doesNotUseTls();
        assertThatThrownBy(() -> assertThat(session).usesTls())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the session\n  to be protected by TLS (implicit, or STARTTLS: RFC 3207)")
                .hasMessageContaining("but it is in plaintext.")
                .hasMessageContaining("<-  220 mx.contoso.test ESMTP Postfix");
    }
}
