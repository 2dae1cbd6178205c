package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded server's exact bytes, and the extensions it advertises being honoured (PIPELINING, CHUNKING). */
class EmbeddedExchangeServerWireTest {

    private static EmbeddedExchangeServer server;

    @BeforeAll
    static void start() {
        server = EmbeddedExchangeServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private RawSmtpClient greeted() throws Exception {
        var client = new RawSmtpClient(server.host(), server.port());
        assertThat(client.line()).matches("220 myserver\\.contoso\\.com Microsoft ESMTP MAIL Service ready at "
                + "\\w{3}, \\d{1,2} \\w{3} \\d{4} \\d{2}:\\d{2}:\\d{2} [+-]\\d{4}");
        return client;
    }

    @Test
    void ehloListsWhatTheServerHonoursInExchangeOrder() throws Exception {
        try (var client = greeted()) {
            client.write("EHLO mail.alternatecontoso.test\r\n");
            assertThat(client.reply()).containsExactly(
                    "250-myserver.contoso.com Hello [127.0.0.1]",
                    "250-SIZE 37748736",
                    "250-PIPELINING",
                    "250-ENHANCEDSTATUSCODES",
                    "250-8BITMIME",
                    "250-BINARYMIME",
                    "250 CHUNKING");
        }
    }

    @Test
    void pipelinedCommandsAreAnsweredInOrder() throws Exception {
        try (var client = greeted()) {
            client.write("EHLO a.test\r\nMAIL FROM:<a@a.test>\r\nRCPT TO:<x@elsewhere.test>\r\n"
                    + "RCPT TO:<postmaster@contoso.test>\r\nDATA\r\n");
            assertThat(client.reply()).hasSize(7);
            assertThat(client.line()).isEqualTo("250 2.1.0 Sender OK");
            assertThat(client.line()).isEqualTo("550 5.7.1 Unable to relay");
            assertThat(client.line()).isEqualTo("250 2.1.5 Recipient OK");
            assertThat(client.line()).isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>");
            client.write("Subject: pipelined\r\n\r\n.hi\r\n.\r\nNOOP\r\nQUIT\r\n");
            assertThat(client.line()).matches("250 2\\.6\\.0 <[^<>@ ]+@myserver\\.contoso\\.com> "
                    + "\\[InternalId=\\d+, Hostname=myserver] Queued mail for delivery");
            assertThat(client.line()).isEqualTo("250 2.0.0 OK");
            assertThat(client.line()).isEqualTo("221 2.0.0 Service closing transmission channel");
        }
    }

    @Test
    void bdatChunksMakeOneMessage() throws Exception {
        try (var client = greeted()) {
            client.write("EHLO a.test\r\n");
            client.reply();
            client.write("MAIL FROM:<a@a.test> BODY=BINARYMIME\r\n");
            assertThat(client.line()).isEqualTo("250 2.1.0 Sender OK");
            client.write("RCPT TO:<chunks@contoso.test>\r\n");
            assertThat(client.line()).isEqualTo("250 2.1.5 Recipient OK");
            client.write("DATA\r\n");
            assertThat(client.line()).startsWith("503 5.5.1 ");
            client.write("BDAT 25\r\nMessage-ID: <c1@a.test>\r\n");
            assertThat(client.line()).isEqualTo("250 2.0.0 25 octets received");
            client.write("BDAT 8 LAST\r\n\r\n.body.");
            assertThat(client.line())
                    .matches("250 2\\.6\\.0 <c1@a\\.test> \\[InternalId=\\d+, Hostname=myserver] Queued mail for delivery");
        }
        assertThat(server.messages()).anySatisfy(m -> {
            assertThat(m.queueId()).isEqualTo("c1@a.test");
            assertThat(m.text()).isEqualTo("Message-ID: <c1@a.test>\r\n\r\n.body.");
            assertThat(m.mailParameters()).containsExactly("BODY=BINARYMIME");
        });
    }

    @Test
    void declaredSizeOverTheLimitIsRefused() throws Exception {
        try (var client = greeted()) {
            client.write("EHLO a.test\r\nMAIL FROM:<a@a.test> SIZE=37748737\r\nMAIL FROM:<a@a.test> SMTPUTF8\r\n");
            client.reply();
            assertThat(client.line()).isEqualTo("552 5.3.4 Message size exceeds fixed maximum message size");
            assertThat(client.line()).isEqualTo("555 5.5.4 Unsupported option: SMTPUTF8");
        }
    }
}
