package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** Each {@link ServerCertificate} is accepted or refused by a verifying client (PKIX + host name) as its name says. */
class ServerCertificateTest {

    @Test
    void aClientTrustingTheCaAcceptsTheLeafForItsHost() throws Exception {
        assertThat(handshake(ServerCertificate.forHost("127.0.0.1"), ServerCertificate.forHost("127.0.0.1")))
                .as("a different CA is not trusted").isFalse();
        ServerCertificate cert = ServerCertificate.forHost("127.0.0.1");
        assertThat(handshake(cert, cert)).isTrue();
        assertThat(cert.certificate().getNotAfter().toInstant())
                .isAfter(java.time.Instant.now().plus(Duration.ofHours(23)));
    }

    @Test
    void anExpiredWrongHostOrSelfSignedCertificateIsRefused() throws Exception {
        ServerCertificate expired = ServerCertificate.expired("127.0.0.1");
        ServerCertificate wrongHost = ServerCertificate.wrongHost("127.0.0.1");
        ServerCertificate selfSigned = ServerCertificate.selfSigned("127.0.0.1");
        assertThat(handshake(expired, expired)).isFalse();
        assertThat(handshake(wrongHost, wrongHost)).isFalse();
        assertThat(handshake(selfSigned, ServerCertificate.forHost("127.0.0.1"))).isFalse();
        assertThat(handshake(selfSigned, selfSigned)).as("pinned").isTrue();
        assertThat(wrongHost.certificate().getSubjectX500Principal().getName())
                .isEqualTo("CN=" + ServerCertificate.WRONG_HOST);
    }

    /** Whether a client trusting {@code trusted}'s CA, checking host names, completes a handshake with {@code server}. */
    private static boolean handshake(ServerCertificate server, ServerCertificate trusted) throws Exception {
        try (var fake = FakeSmtpServer.builder().implicitTls(server.serverContext()).start()) {
            try (var client = new SocketClient(fake, trusted.clientContext())) {
                return client.reply().startsWith("220");
            } catch (SSLHandshakeException e) {
                return false;
            }
        }
    }

    @Test
    void wrongHostNeedsAnotherHost() {
        assertThatThrownBy(() -> ServerCertificate.wrongHost(ServerCertificate.WRONG_HOST))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
