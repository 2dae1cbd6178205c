package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.PostfixInstance;
import java.time.Duration;
import java.util.function.BiFunction;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** AUTH against Postfix with Dovecot SASL over STARTTLS (users made by scripts/postfix-test.sh). */
class PostfixAuthIT {

    private static final String USER = "probeuser";
    private static final String PASSWORD = "probepass";

    private static ProbeClient client;

    @BeforeAll
    static void start() {
        PostfixInstance.start();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).trustStore(PostfixInstance.trustStore())
                        .serverName("mx.probe.test").build())
                .build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static void assertMechanism(BiFunction<Hello, String, AuthResult> auth) {
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            Hello hello = session.ehlo("client.probe.test");
            AuthResult ok = auth.apply(hello, PASSWORD);
            assertThat(ok.isSuccess()).as(ok.transcript().toString()).isTrue();
            assertThat(ok.reply().enhancedStatus()).hasValue(EnhancedStatus.parse("2.7.0"));
            assertThat(ok.transcript().toString()).doesNotContain(PASSWORD);
            // authenticated: relaying is allowed now
            assertThat(ok.mailFrom("probeuser@probe.test").rcptTo("someone@external.test").reply().code()).isEqualTo(250);
        }
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            AuthResult bad = auth.apply(session.ehlo("client.probe.test"), "wrong-password");
            assertThat(bad.isSuccess()).isFalse();
            assertThat(bad.reply().code()).isEqualTo(535);
            assertThat(bad.reply().enhancedStatus()).hasValue(EnhancedStatus.parse("5.7.8"));
        }
    }

    @Test
    void plainSucceedsAndFailsAsAValue() {
        assertMechanism((h, p) -> h.authPlain(USER, p));
    }

    @Test
    void loginShowsTheDecodedPrompts() {
        assertMechanism((h, p) -> h.authLogin(USER, p));
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var result = session.ehlo("client.probe.test").authLogin(USER, PASSWORD);
            assertThat(result.exchanges()).extracting(e -> e.decoded()).containsExactly("Username:", "Password:");
        }
    }

    @Test
    void cramMd5() {
        assertMechanism((h, p) -> h.authCramMd5(USER, p));
    }

    @Test
    void scramSha256() {
        assertMechanism((h, p) -> h.authScramSha256(USER, p));
    }

    @Test
    void automaticChoiceTakesTheStrongestOfferedMechanism() {
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var result = session.ehlo("client.probe.test").auth(USER, PASSWORD);
            assertThat(result.mechanism()).isEqualTo("SCRAM-SHA-256");
            assertThat(result.isSuccess()).isTrue();
        }
    }

    @Test
    void plaintextAuthIsRefusedBeforeSendingWhenTlsIsNotInUse() {
        try (var plainClient = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
                SmtpSession session = plainClient.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            Hello hello = session.ehlo("client.probe.test");
            var e = catchThrowableOfType(NotSentException.class, () -> hello.authPlain(USER, PASSWORD));
            assertThat(e.reason()).isEqualTo(NotSentException.Reason.PLAINTEXT_AUTH);
            assertThat(session.transcript().sent()).noneMatch(l -> l.startsWith("AUTH"));
        }
    }
}
