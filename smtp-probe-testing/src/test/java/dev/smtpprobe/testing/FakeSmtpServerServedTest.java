package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The served conversation of {@link FakeSmtpServer#builder()}, driven by a plain socket. */
class FakeSmtpServerServedTest {

    @Test
    void aWellBehavedServerRecordsTheExactBytesTheCommandsAndTheMessage() throws Exception {
        try (var server = FakeSmtpServer.builder().start(); var client = new SocketClient(server)) {
            assertThat(client.reply()).isEqualTo("220 fake.smtp-probe.test ESMTP");
            assertThat(client.command("EHLO me.test")).startsWith("250-fake.smtp-probe.test\r\n250-PIPELINING")
                    .doesNotContain("CHUNKING", "SMTPUTF8", "STARTTLS", "AUTH");
            assertThat(client.command("MAIL FROM:<a@me.test> SIZE=20")).isEqualTo("250 2.1.0 Ok");
            assertThat(client.command("RCPT TO:<b@you.test>")).isEqualTo("250 2.1.5 Ok");
            assertThat(client.command("DATA")).startsWith("354");
            assertThat(client.command("Subject: x\r\n\r\n..dot\r\n.")).startsWith("250 2.0.0 Ok: queued as ");
            assertThat(client.command("QUIT")).isEqualTo("221 2.0.0 Bye");

            RecordedSession session = server.session(0);
            assertThat(session.text()).isEqualTo("EHLO me.test\r\nMAIL FROM:<a@me.test> SIZE=20\r\n"
                    + "RCPT TO:<b@you.test>\r\nDATA\r\nSubject: x\r\n\r\n..dot\r\n.\r\nQUIT\r\n");
            assertThat(session.verbs()).containsExactly("EHLO", "MAIL", "RCPT", "DATA", ".", "QUIT");
            ReceivedMessage message = session.messages().get(0);
            assertThat(message.mailFrom()).isEqualTo("a@me.test");
            assertThat(message.mailParameters()).containsExactly("SIZE=20");
            assertThat(message.recipients()).containsExactly("b@you.test");
            assertThat(message.text()).as("dot-stuffing undone").isEqualTo("Subject: x\r\n\r\n.dot\r\n");
            assertThat(session.ended()).isTrue();
        }
    }

    @Test
    void onRulesThenQueuedResponsesThenTheHandlerDecideBeforeTheDefaults() throws Exception {
        try (var server = FakeSmtpServer.builder()
                .on("RCPT", c -> c.argument().contains("@elsewhere.test") ? Response.of("550 5.7.1 Unable to relay") : null)
                .enqueue(Response.of("250 queued-one"))
                .handler(c -> c.is("NOOP") ? Response.of("250 from the handler") : null)
                .start(); var client = new SocketClient(server)) {
            client.reply();
            assertThat(client.command("NOOP")).isEqualTo("250 queued-one");
            assertThat(client.command("NOOP")).isEqualTo("250 from the handler");
            assertThat(client.command("EHLO me.test")).startsWith("250-");
            client.command("MAIL FROM:<>");
            assertThat(client.command("RCPT TO:<x@elsewhere.test>")).isEqualTo("550 5.7.1 Unable to relay");
            assertThat(client.command("DATA")).as("the refused recipient was not added")
                    .isEqualTo("554 5.5.1 Error: no valid recipients");
        }
    }

    @Test
    void aReplyCutShortDropsTheConnectionMidReply() throws Exception {
        try (var server = FakeSmtpServer.builder().on("EHLO", Response.of("250-a\r\n250 b").droppedAfter(8)).start();
             var client = new SocketClient(server)) {
            client.reply();
            assertThat(client.command("EHLO me.test")).isEqualTo("250-a\r\n2");
            assertThat(client.reply()).isNull();
        }
    }

    @Test
    void aDelayedReplyComesLateAndAStalledOneNever() throws Exception {
        try (var server = FakeSmtpServer.builder().on("NOOP", Response.of("250 late").delayedBy(Duration.ofMillis(300)))
                .on("RSET", Response.stall()).start(); var client = new SocketClient(server)) {
            client.reply();
            long start = System.nanoTime();
            assertThat(client.command("NOOP")).isEqualTo("250 late");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(280));
            client.timeout(Duration.ofMillis(500));
            client.send("RSET\r\nNOOP\r\n");
            org.assertj.core.api.Assertions.assertThatThrownBy(client::reply)
                    .isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void theServerClosesOnceTheClientHasSentTheGivenNumberOfBytes() throws Exception {
        try (var server = FakeSmtpServer.builder().closeAfterReceiving(10).start();
             var client = new SocketClient(server)) {
            client.reply();
            client.send("NOOP\r\nNOOP\r\nNOOP\r\n");
            assertThat(client.reply()).isEqualTo("250 2.0.0 Ok");
            assertThat(server.session(0).text()).isEqualTo("NOOP\r\nNOOP");
        }
    }

    @Test
    void aGreetingCanRefuseAndClose() throws Exception {
        try (var server = FakeSmtpServer.builder().greeting(Response.of("554 5.3.2 No service").thenClose()).start();
             var client = new SocketClient(server)) {
            assertThat(client.reply()).isEqualTo("554 5.3.2 No service");
            assertThat(client.reply()).isNull();
        }
    }

    @Test
    void withoutPipeliningAPipelinedCommandIsRefused() throws Exception {
        try (var server = FakeSmtpServer.builder().pipelining(false).start(); var client = new SocketClient(server)) {
            client.reply();
            assertThat(client.command("EHLO me.test")).doesNotContain("PIPELINING");
            client.send("MAIL FROM:<a@me.test>\r\nRCPT TO:<b@you.test>\r\n");
            Thread.sleep(100); // both lines are in the server's buffer before it reads the first
            assertThat(client.reply()).isEqualTo("503 5.5.0 Improper use of SMTP command pipelining");
        }
    }

    @Test
    void chunkingServesBdatAndKeepsTheChunks() throws Exception {
        try (var server = FakeSmtpServer.builder().chunking(true).start(); var client = new SocketClient(server)) {
            client.reply();
            assertThat(client.command("EHLO me.test")).contains("CHUNKING");
            client.command("MAIL FROM:<a@me.test>");
            client.command("RCPT TO:<b@you.test>");
            assertThat(client.send("BDAT 5\r\nHello").reply()).isEqualTo("250 2.0.0 Ok: 5 octets received");
            assertThat(client.send("BDAT 3 LAST\r\n!\r\n").reply()).startsWith("250 2.0.0 Ok: queued as");
            RecordedSession session = server.sessions().get(0);
            assertThat(session.messages()).singleElement().extracting(ReceivedMessage::text).isEqualTo("Hello!\r\n");
            assertThat(session.commands().get(3).contentText()).isEqualTo("Hello");
        }
    }

    @Test
    void smtputf8OnlyWhenSwitchedOn() throws Exception {
        for (boolean on : new boolean[] {false, true}) {
            try (var server = FakeSmtpServer.builder().smtputf8(on).start(); var client = new SocketClient(server)) {
                client.reply();
                assertThat(client.command("EHLO me.test").contains("SMTPUTF8")).isEqualTo(on);
                assertThat(client.command("MAIL FROM:<jörg@me.test> SMTPUTF8"))
                        .isEqualTo(on ? "250 2.1.0 Ok" : "555 5.5.4 Unsupported option: SMTPUTF8");
            }
        }
    }

    @Test
    void startTlsWithAGeneratedCertificateThatTheClientTrusts() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost("127.0.0.1");
        try (var server = FakeSmtpServer.builder().startTls(cert.serverContext()).user("alice", "s3cret").start();
             var client = new SocketClient(server)) {
            client.reply();
            String before = client.command("EHLO me.test");
            assertThat(before).contains("STARTTLS").doesNotContain("AUTH");
            assertThat(client.command("STARTTLS")).isEqualTo("220 2.0.0 Ready to start TLS");
            client.startTls(cert.clientContext());
            assertThat(client.command("EHLO me.test")).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
            String plain = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + plain)).isEqualTo("235 2.7.0 Authentication successful");
            client.command("QUIT");
            RecordedSession session = server.session(0);
            assertThat(session.tls()).isTrue();
            assertThat(session.textBeforeTls()).isEqualTo("EHLO me.test\r\nSTARTTLS\r\n");
            assertThat(session.textInTls()).startsWith("EHLO me.test\r\nAUTH PLAIN ");
            assertThat(session.authenticatedUser()).contains("alice");
        }
    }

    @Test
    void authLoginWithAWrongPasswordIsRefused() throws Exception {
        try (var server = FakeSmtpServer.builder().user("alice", "s3cret").start();
             var client = new SocketClient(server)) {
            client.reply();
            client.command("EHLO me.test");
            assertThat(client.command("AUTH LOGIN")).isEqualTo("334 VXNlcm5hbWU6");
            assertThat(client.command(b64("alice"))).isEqualTo("334 UGFzc3dvcmQ6");
            assertThat(client.command(b64("wrong"))).isEqualTo("535 5.7.8 Error: authentication failed");
            client.command("QUIT");
            assertThat(server.session(0).authenticatedUser()).isEmpty();
        }
    }

    @Test
    void implicitTlsSpeaksTlsFromTheFirstByte() throws Exception {
        ServerCertificate cert = ServerCertificate.forHost("127.0.0.1");
        try (var server = FakeSmtpServer.builder().implicitTls(cert.serverContext()).start();
             var client = new SocketClient(server, cert.clientContext())) {
            assertThat(client.reply()).startsWith("220 ");
            assertThat(client.command("QUIT")).startsWith("221");
            assertThat(server.session(0).tls()).isTrue();
        }
    }

    @Test
    void everyConnectionIsServedAndRecordedApart() throws Exception {
        try (var server = FakeSmtpServer.builder().start()) {
            for (int i = 0; i < 3; i++) {
                try (var client = new SocketClient(server)) {
                    client.reply();
                    client.command("NOOP " + i);
                    client.command("QUIT");
                }
            }
            assertThat(server.session(2).commands().get(0).line()).isEqualTo("NOOP 2");
            assertThat(server.sessions()).hasSize(3);
        }
    }

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
