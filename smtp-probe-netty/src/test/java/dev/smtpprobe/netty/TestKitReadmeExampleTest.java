package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.Response;
import dev.smtpprobe.testing.ServerCertificate;
import dev.smtpprobe.testing.SmtpServer;
import dev.smtpprobe.testing.TestServersExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The README's example of the test kit (section "Testing your code: smtp-probe-testing"), run for real. */
@ExtendWith(TestServersExtension.class)
class TestKitReadmeExampleTest {

    @Test
    void theMessageArrivesOverStartTlsAfterAuth(
            @SmtpServer(startTls = true, users = "alice:s3cret") FakeSmtpServer server, ServerCertificate cert) {
        var options = ProbeOptions.builder()
                .tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).trustStore(cert.trustStore()).build())
                .build();
        try (var client = Probe.client(options);
             var session = client.connect(server.host(), server.port())) {
            var hello = session.ehlo("client.test"); // STARTTLS, then EHLO again inside TLS
            var auth = hello.authPlain("alice", "s3cret");
            assertThat(auth.isSuccess()).isTrue();
            var sent = auth.mailFrom("alice@client.test").rcptTo("bob@fake.test")
                    .data("Subject: hi\r\n\r\nhello\r\n");
            assertThat(sent.reply().code()).isEqualTo(250);
        }
        var recorded = server.session(0);
        assertThat(recorded.tls()).isTrue();
        assertThat(recorded.authenticatedUser()).contains("alice");
        assertThat(recorded.messages().get(0).text()).isEqualTo("Subject: hi\r\n\r\nhello\r\n");
    }

    @Test
    void aRefusedRecipientIsAReplyNotAnException() {
        try (var server = FakeSmtpServer.builder().on("RCPT", Response.of("550 5.7.1 Unable to relay")).start();
             var client = Probe.client();
             var session = client.connect(server.host(), server.port())) {
            var tx = session.ehlo("client.test").mailFrom("a@client.test").rcptTo("x@elsewhere.test");
            assertThat(tx.reply().isPermanentFailure()).isTrue();
        }
    }
}
