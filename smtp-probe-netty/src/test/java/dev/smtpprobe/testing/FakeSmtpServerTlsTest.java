package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link FakeSmtpServer}'s TLS steps against a plain JDK client: STARTTLS, implicit TLS, a client that rejects
 * the certificate, a client that never starts the handshake.
 */
class FakeSmtpServerTlsTest {

    private static final String HOST = "mx.smtp-probe.test";
    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final SSLContext CLIENT = TestCertificates.clientSslContextTrusting(TestCertificates.rootCa());

    @Test
    void startTlsUpgradesAndRecordsPlaintextAndTlsPartsApart() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        try (var server = FakeSmtpServer.start(s -> s
                .send("220 fake ESMTP\r\n")
                .reply("EHLO", "250-fake\r\n250 STARTTLS\r\n")
                .reply("STARTTLS", "220 go ahead\r\n")
                .startTls(identity.serverSslContext())
                .reply("EHLO", "250-fake greets you in TLS\r\n250 8BITMIME\r\n")
                .reply("QUIT", "221 bye\r\n"));
             Socket plain = connect(server)) {
            InputStream in = plain.getInputStream();
            OutputStream out = plain.getOutputStream();
            assertThat(readReply(in)).isEqualTo("220 fake ESMTP\r\n");
            write(out, "EHLO client.test\r\n");
            assertThat(readReply(in)).endsWith("250 STARTTLS\r\n");
            write(out, "STARTTLS\r\n");
            assertThat(readReply(in)).isEqualTo("220 go ahead\r\n");

            try (SSLSocket tls = upgrade(plain, server, CLIENT)) {
                tls.startHandshake();
                assertThat(tls.getSession().getPeerCertificates()[0]).isEqualTo(identity.certificate());
                write(tls.getOutputStream(), "EHLO client.test\r\n");
                assertThat(readReply(tls.getInputStream())).endsWith("250 8BITMIME\r\n");
                write(tls.getOutputStream(), "QUIT\r\n");
                assertThat(readReply(tls.getInputStream())).isEqualTo("221 bye\r\n");
            }
            server.awaitScript(WAIT);

            assertThat(server.receivedBeforeTls()).isEqualTo("EHLO client.test\r\nSTARTTLS\r\n");
            assertThat(server.receivedInTls()).isEqualTo("EHLO client.test\r\nQUIT\r\n");
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nSTARTTLS\r\nEHLO client.test\r\nQUIT\r\n");
            assertThat(server.tlsSni()).contains(HOST);
            assertThat(server.tlsProtocol()).contains("TLSv1.3");
            assertThat(server.tlsCipherSuite()).hasValueSatisfying(suite -> assertThat(suite).startsWith("TLS_"));
            assertThat(server.tlsHandshakeFailure()).isEmpty();
        }
    }

    @Test
    void tls12ClientGetsTheIntermediateAndBuildsTheChain() throws Exception {
        TestIdentity identity = TestCertificates.validChain(HOST);
        try (var server = FakeSmtpServer.start(s -> s
                .send("220 fake\r\n")
                .reply("STARTTLS", "220 go ahead\r\n")
                .startTls(identity.serverSslContext())
                .reply("NOOP", "250 ok\r\n"));
             Socket plain = connect(server)) {
            readReply(plain.getInputStream());
            write(plain.getOutputStream(), "STARTTLS\r\n");
            readReply(plain.getInputStream());
            try (SSLSocket tls = upgrade(plain, server, CLIENT)) {
                tls.setEnabledProtocols(new String[] {"TLSv1.2"});
                tls.startHandshake();
                assertThat(tls.getSession().getPeerCertificates()).hasSize(2);
                write(tls.getOutputStream(), "NOOP\r\n");
                assertThat(readReply(tls.getInputStream())).isEqualTo("250 ok\r\n");
            }
            server.awaitScript(WAIT);
            assertThat(server.tlsProtocol()).contains("TLSv1.2");
            assertThat(server.tlsCipherSuite()).hasValueSatisfying(suite -> assertThat(suite).contains("ECDSA"));
            assertThat(server.receivedInTls()).isEqualTo("NOOP\r\n");
        }
    }

    @Test
    void implicitTlsSpeaksTlsFromTheFirstByte() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        try (var server = FakeSmtpServer.startImplicitTls(identity.serverSslContext(), s -> s
                .send("220 fake ESMTP over TLS\r\n")
                .reply("EHLO", "250 fake\r\n")
                .reply("QUIT", "221 bye\r\n"));
             SSLSocket tls = (SSLSocket) CLIENT.getSocketFactory().createSocket(server.host(), server.port())) {
            tls.setSoTimeout((int) WAIT.toMillis());
            verifyHost(tls);
            assertThat(readReply(tls.getInputStream())).isEqualTo("220 fake ESMTP over TLS\r\n");
            write(tls.getOutputStream(), "EHLO client.test\r\n");
            assertThat(readReply(tls.getInputStream())).isEqualTo("250 fake\r\n");
            write(tls.getOutputStream(), "QUIT\r\n");
            assertThat(readReply(tls.getInputStream())).isEqualTo("221 bye\r\n");
            server.awaitScript(WAIT);

            assertThat(server.receivedBeforeTls()).isEmpty();
            assertThat(server.receivedInTls()).isEqualTo("EHLO client.test\r\nQUIT\r\n");
            assertThat(server.receivedText()).isEqualTo(server.receivedInTls());
            assertThat(server.tlsSni()).contains(HOST);
            assertThat(server.tlsProtocol()).contains("TLSv1.3");
        }
    }

    static Stream<Arguments> rejectedIdentities() {
        return Stream.of(
                Arguments.of("self-signed", (Supplier<TestIdentity>) () -> TestCertificates.selfSigned(HOST)),
                Arguments.of("expired", (Supplier<TestIdentity>) () -> TestCertificates.expired(HOST)),
                Arguments.of("wrong host", (Supplier<TestIdentity>) () -> TestCertificates.wrongHost(HOST)),
                Arguments.of("untrusted CA", (Supplier<TestIdentity>) () -> TestCertificates.untrustedCa(HOST)),
                Arguments.of("missing intermediate",
                        (Supplier<TestIdentity>) () -> TestCertificates.validChain(HOST).leafOnly()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rejectedIdentities")
    void clientThatRejectsTheCertificateEndsTheScriptQuietly(String name, Supplier<TestIdentity> identity)
            throws Exception {
        try (var server = FakeSmtpServer.start(s -> s
                .send("220 fake\r\n")
                .reply("STARTTLS", "220 go ahead\r\n")
                .startTls(identity.get().serverSslContext())
                .send("250 never sent: the script ends at the failed handshake\r\n"));
             Socket plain = connect(server)) {
            readReply(plain.getInputStream());
            write(plain.getOutputStream(), "STARTTLS\r\n");
            readReply(plain.getInputStream());
            try (SSLSocket tls = upgrade(plain, server, CLIENT)) {
                assertThatThrownBy(tls::startHandshake).isInstanceOf(SSLHandshakeException.class);
            }
            server.awaitScript(WAIT); // does not throw

            // the client's alert arrives as an SSLException, or, when the client has already closed, as a broken pipe
            assertThat(server.tlsHandshakeFailure()).hasValueSatisfying(failure -> assertThat(failure)
                    .isInstanceOfAny(SSLException.class, java.net.SocketException.class));
            assertThat(server.tlsProtocol()).isEmpty();
            assertThat(server.tlsSni()).as("seen in the ClientHello").contains(HOST);
            assertThat(server.receivedBeforeTls()).isEqualTo("STARTTLS\r\n");
            assertThat(server.receivedInTls()).isEmpty();
        }
    }

    @Test
    void clientThatNeverStartsTheHandshakeTimesOut() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        try (var server = FakeSmtpServer.start(s -> s
                .send("220 fake\r\n")
                .reply("STARTTLS", "220 go ahead\r\n")
                .startTls(identity.serverSslContext(), Duration.ofMillis(200)));
             Socket plain = connect(server)) {
            readReply(plain.getInputStream());
            write(plain.getOutputStream(), "STARTTLS\r\n");
            readReply(plain.getInputStream());
            long start = System.nanoTime();
            server.awaitScript(WAIT);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
            assertThat(server.tlsHandshakeFailure()).hasValueSatisfying(failure -> assertThat(failure)
                    .satisfiesAnyOf(t -> assertThat(t).isInstanceOf(SocketTimeoutException.class),
                            t -> assertThat(t).hasRootCauseInstanceOf(SocketTimeoutException.class)));
            byte[] rest = plain.getInputStream().readAllBytes(); // ends: the server hung up
            assertThat(rest.length == 0 || rest[0] == 21).as("nothing, or only a TLS alert record, before the hang-up").isTrue();
        }
    }

    @Test
    void plaintextPipelinedAfterStartTlsGoesToTheHandshakeAndFailsIt() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        try (var server = FakeSmtpServer.start(s -> s
                .send("220 fake\r\n")
                .reply("STARTTLS", "220 go ahead\r\n")
                .startTls(identity.serverSslContext()));
             Socket plain = connect(server)) {
            readReply(plain.getInputStream());
            write(plain.getOutputStream(), "STARTTLS\r\nEHLO injected.test\r\n");
            server.awaitScript(WAIT);
            assertThat(server.tlsHandshakeFailure()).containsInstanceOf(SSLException.class);
            assertThat(server.receivedBeforeTls()).isEqualTo("STARTTLS\r\n");
            assertThat(server.receivedInTls()).isEmpty();
        }
    }

    @Test
    void aFailedExpectationInsideTlsStillFailsTheScript() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        try (var server = FakeSmtpServer.startImplicitTls(identity.serverSslContext(), s -> s
                .send("220 fake\r\n")
                .expect("EHLO"));
             SSLSocket tls = (SSLSocket) CLIENT.getSocketFactory().createSocket(server.host(), server.port())) {
            tls.setSoTimeout((int) WAIT.toMillis());
            verifyHost(tls);
            readReply(tls.getInputStream());
            write(tls.getOutputStream(), "HELO client.test\r\n");
            assertThatThrownBy(() -> server.awaitScript(WAIT))
                    .isInstanceOf(AssertionError.class)
                    .hasMessageContaining("HELO client.test");
            assertThat(server.tlsHandshakeFailure()).isEmpty();
        }
    }

    @Test
    void startTlsTwiceIsAScriptError() throws Exception {
        TestIdentity identity = TestCertificates.valid(HOST);
        try (var server = FakeSmtpServer.startImplicitTls(identity.serverSslContext(), s -> s
                .startTls(identity.serverSslContext()));
             SSLSocket tls = (SSLSocket) CLIENT.getSocketFactory().createSocket(server.host(), server.port())) {
            verifyHost(tls);
            tls.startHandshake();
            assertThatThrownBy(() -> server.awaitScript(WAIT))
                    .hasRootCauseInstanceOf(IllegalStateException.class);
        }
    }

    // ---- a minimal blocking SMTP client

    private static Socket connect(FakeSmtpServer server) throws IOException {
        var socket = new Socket(server.host(), server.port());
        socket.setSoTimeout((int) WAIT.toMillis());
        return socket;
    }

    /** Layers TLS over {@code plain} with SNI {@link #HOST} and hostname verification, as an SMTP client should. */
    private static SSLSocket upgrade(Socket plain, FakeSmtpServer server, SSLContext context) throws IOException {
        var tls = (SSLSocket) context.getSocketFactory().createSocket(plain, HOST, server.port(), true);
        verifyHost(tls);
        return tls;
    }

    private static void verifyHost(SSLSocket tls) {
        var parameters = tls.getSSLParameters();
        parameters.setServerNames(List.of(new SNIHostName(HOST)));
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one reply, all its lines, byte by byte (so nothing after it is consumed from the stream). */
    private static String readReply(InputStream in) throws IOException {
        var reply = new StringBuilder();
        while (true) {
            var line = new ByteArrayOutputStream();
            int prev = -1;
            for (int b; ; prev = b) {
                b = in.read();
                if (b < 0) {
                    throw new IOException("closed after " + reply + line);
                }
                line.write(b);
                if (prev == '\r' && b == '\n') {
                    break;
                }
            }
            String text = line.toString(StandardCharsets.US_ASCII);
            reply.append(text);
            if (text.length() < 4 || text.charAt(3) != '-') {
                return reply.toString();
            }
        }
    }
}
