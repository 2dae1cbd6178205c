package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void seedConversation() {
        try (var server = FakeSmtpServer.start(s -> {
                    s.send("220 fake.test ESMTP\r\n");
                    s.reply("EHLO", "250-fake.test Hello [127.0.0.1]\r\n250-SIZE 1000\r\n250 PIPELINING\r\n");
                    s.reply("MAIL FROM:<a@b.test>", "250 2.1.0 Sender OK\r\n");
                    s.reply("RCPT TO:<x@elsewhere.test>", "550 5.7.1 Unable to relay\r\n");
                    s.reply("RCPT TO:<p@fake.test>", "250 2.1.5 Recipient OK\r\n");
                    s.reply("DATA", "354 go\r\n");
                    s.readData();
                    s.send("250 2.0.0 Ok: queued as ABC123\r\n");
                    s.reply("QUIT", "221 bye\r\n");
                    s.close();
                });
                ProbeClient client = Probe.client();
                var session = client.connect(server.host(), server.port())) {
            assertThat(session.greeting().code()).isEqualTo(220);
            var hello = session.ehlo("client.test");
            assertThat(hello.capabilities().size()).hasValue(1000);
            var tx = hello.mailFrom("a@b.test").rcptTo("x@elsewhere.test");
            assertThat(tx.reply().code()).isEqualTo(550);
            assertThat(tx.reply().enhancedStatus().map(Object::toString)).hasValue("5.7.1");
            tx = tx.rcptTo("p@fake.test");
            var sent = tx.data("Subject: hi\n\n.dot\nend");
            assertThat(sent.queueId()).hasValue("ABC123");
            session.close();
            server.awaitScript(Duration.ofSeconds(5));
            assertThat(server.receivedText()).contains("\r\n..dot\r\nend\r\n.\r\nQUIT\r\n");
            System.out.println(session.transcript());
        }
    }
}
