package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The seed walkthrough's Exchange-like server as a profile of {@link FakeSmtpServer}. */
class ExchangeProfileTest {

    @Test
    void theSeedServerRefusesRelayAndQueuesWithExchangesReply() throws Exception {
        try (var server = ExchangeProfile.seed().start(); var client = new SocketClient(server)) {
            assertThat(client.reply()).matches("220 myserver\\.contoso\\.com Microsoft ESMTP MAIL Service ready at .+");
            assertThat(client.command("MAIL FROM:<a@b.test>")).isEqualTo("503 5.5.2 Send hello first");
            assertThat(client.command("EHLO b.test")).startsWith("250-myserver.contoso.com Hello [127.0.0.1]\r\n"
                    + "250-SIZE 37748736\r\n250-PIPELINING").endsWith("250 CHUNKING");
            assertThat(client.command("MAIL FROM:<a@b.test>")).isEqualTo("250 2.1.0 Sender OK");
            assertThat(client.command("RCPT TO:<x@elsewhere.test>")).isEqualTo(ExchangeProfile.UNABLE_TO_RELAY);
            assertThat(client.command("DATA")).isEqualTo("503 5.5.2 Need rcpt command");
            assertThat(client.command("RCPT TO:<postmaster@contoso.test>")).isEqualTo("250 2.1.5 Recipient OK");
            assertThat(client.command("DATA")).isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>");
            assertThat(client.command("Message-ID: <m1@b.test>\r\n\r\nhi\r\n."))
                    .matches("250 2\\.6\\.0 <m1@b\\.test> \\[InternalId=1, Hostname=myserver] Queued mail for delivery");
            assertThat(client.command("XYZZY")).isEqualTo("500 5.3.3 Unrecognized command");
        }
    }

    @Test
    void theQueuedMessageCarriesItsIds() throws Exception {
        try (var server = ExchangeProfile.seed().withMailboxes("alice@contoso.test").start();
             var client = new SocketClient(server)) {
            client.reply();
            client.command("EHLO b.test");
            client.command("MAIL FROM:<a@b.test>");
            assertThat(client.command("RCPT TO:<bob@contoso.test>")).isEqualTo(ExchangeProfile.RECIPIENT_NOT_FOUND);
            client.command("RCPT TO:<alice@contoso.test>");
            client.command("DATA");
            client.command("Message-ID: <m2@b.test>\r\n\r\nhi\r\n.");
            ReceivedMessage message = server.sessions().get(0).messages().get(0);
            assertThat(ExchangeProfile.queueId(message)).hasValue("m2@b.test");
            assertThat(ExchangeProfile.internalId(message)).isEqualTo(1);
            assertThat(message.helo()).isEqualTo("b.test");
            assertThat(message.recipients()).containsExactly("alice@contoso.test");
        }
    }
}
