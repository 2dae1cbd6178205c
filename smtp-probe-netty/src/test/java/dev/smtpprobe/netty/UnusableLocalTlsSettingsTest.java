package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsFailure;
import dev.smtpprobe.TlsFailureCause;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.TestCertificates;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * TLS settings that cannot make a handshake with any server (a protocol the JDK disables, TLS 1.3 with only TLS 1.2
 * suites, an unknown protocol name) fail at once with {@link TlsFailedException} naming the local problem, for
 * STARTTLS (blocking and async) and implicit TLS; the default timeouts here would make a hang last minutes.
 */
@Timeout(5)
class UnusableLocalTlsSettingsTest extends FakeServerTest {

    private static final String HOST = "localhost";
    private static final Duration AT_ONCE = Duration.ofMillis(1500);

    private ProbeOptions options(TlsOptions.Builder tls) {
        return ProbeOptions.builder().tls(tls.trustStore(TestCertificates.trustStoreWith(TestCertificates.rootCa())).build())
                .build(); // default timeouts: minutes
    }

    private void startTlsServer() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 STARTTLS\r\n");
            s.reply("STARTTLS", "220 go\r\n");
            s.startTls(TestCertificates.valid(HOST).serverSslContext());
            s.readUntilClosed();
        });
    }

    private static void assertLocalConfiguration(TlsFailedException e, String... named) {
        assertThat(e.failure()).isEqualTo(TlsFailure.HANDSHAKE);
        assertThat(e.handshakeCause()).hasValue(TlsFailureCause.LOCAL_CONFIGURATION);
        assertThat(e.getMessage()).contains("the client's TLS settings").contains(named);
    }

    @Test
    void asyncStartTlsWithADisabledProtocolFailsAtOnce() throws Exception {
        startTlsServer();
        client = Probe.client(options(TlsOptions.builder().protocols("TLSv1")));
        var hello = client.connect(HOST, server.port()).ehlo("client.test");

        var failure = catchThrowable(() -> hello.startTlsAsync().get(AT_ONCE.toMillis(), TimeUnit.MILLISECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class);
        var e = (TlsFailedException) failure.getCause();
        assertLocalConfiguration(e, "[TLSv1]", "jdk.tls.disabledAlgorithms");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(hello.session().isOpen()).isFalse();
        server.awaitScript(Duration.ofSeconds(3)); // the client closed without a ClientHello
        assertThat(server.tlsHandshakeFailure()).isPresent();
    }

    @Test
    void blockingRequiredStartTlsWithTls13AndOnlyATls12SuiteFailsAtOnce() {
        startTlsServer();
        client = Probe.client(options(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).protocols("TLSv1.3")
                .cipherSuites("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")));
        var session = client.connect(HOST, server.port());
        long start = System.nanoTime();

        var e = catchThrowableOfType(TlsFailedException.class, () -> session.ehlo("client.test"));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
        assertLocalConfiguration(e, "TLSv1.3 needs a TLS 1.3 cipher suite");
        assertThat(session.isOpen()).isFalse();
        assertThat(server.receivedBeforeTls()).isEqualTo("EHLO client.test\r\nSTARTTLS\r\n");
    }

    @Test
    void implicitTlsWithADisabledProtocolIsATlsFailureNotALostConnection() {
        server = FakeSmtpServer.startImplicitTls(TestCertificates.valid(HOST).serverSslContext(), s -> {
            s.send("220 fake.test ESMTPS\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(options(TlsOptions.builder().mode(TlsMode.IMPLICIT).protocols("TLSv1")));
        long start = System.nanoTime();

        var e = catchThrowableOfType(TlsFailedException.class, () -> client.connect(HOST, server.port()));

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(AT_ONCE);
        assertLocalConfiguration(e, "[TLSv1]");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
    }

    @Test
    void implicitTlsWithAnUnknownProtocolFailsBeforeConnecting() {
        server = FakeSmtpServer.startImplicitTls(TestCertificates.valid(HOST).serverSslContext(), s -> s.readUntilClosed());
        client = Probe.client(options(TlsOptions.builder().mode(TlsMode.IMPLICIT).protocols("TLSv9")));

        var e = catchThrowableOfType(TlsFailedException.class, () -> client.connect(HOST, server.port()));

        assertLocalConfiguration(e, "TLSv9");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.NEVER_OPENED);
        assertThat(e.transcript().toString()).doesNotContain("Connected to");
    }
}
