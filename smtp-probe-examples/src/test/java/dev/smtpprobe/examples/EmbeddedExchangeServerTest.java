package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The embedded Exchange-like server driven through the smtp-probe API: every answer comes back as a value. */
class EmbeddedExchangeServerTest {

    private static final String FROM = "someone@alternatecontoso.test";
    private static final String TO = "postmaster@contoso.test";

    private static EmbeddedExchangeServer server;
    private static ProbeClient client;
    private SmtpSession session;

    @BeforeAll
    static void start() {
        server = EmbeddedExchangeServer.start();
        client = Probe.client();
    }

    @AfterAll
    static void stop() {
        client.close();
        server.close();
    }

    @BeforeEach
    void connect() {
        session = client.connect(server.host(), server.port());
    }

    @AfterEach
    void disconnect() {
        session.close();
    }

    private Hello hello() {
        return session.ehlo("mail.alternatecontoso.test");
    }

    private static ReceivedMessage received(String queueId) {
        return server.messages().stream().filter(m -> m.queueId().equals(queueId)).findFirst().orElseThrow();
    }

    @Test
    void greetingNamesTheServerLikeExchange() {
        assertThat(session.greeting().code()).isEqualTo(220);
        assertThat(session.greetingHost()).isEqualTo("myserver.contoso.com");
        assertThat(session.greeting().text()).startsWith("myserver.contoso.com Microsoft ESMTP MAIL Service ready at ");
    }

    @Test
    void ehloCapabilitiesAreWhatTheServerHonours() {
        var caps = hello().capabilities();

        assertThat(caps.serverName()).isEqualTo("myserver.contoso.com");
        assertThat(caps.clientAddress()).contains("127.0.0.1");
        assertThat(caps.keywords()).containsExactly("SIZE", "PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME",
                "BINARYMIME", "CHUNKING");
        assertThat(caps.size()).hasValue(37_748_736L);
        assertThat(caps.supportsPipelining()).isTrue();
        assertThat(caps.supportsEnhancedStatusCodes()).isTrue();
        assertThat(caps.supportsChunking()).isTrue();
        assertThat(caps.supportsStartTls()).isFalse();
        assertThat(caps.authMechanisms()).isEmpty();
    }

    @Test
    void relayToAForeignDomainIsRefusedAsAReplyValue() {
        Reply reply = hello().mailFrom(FROM).rcptTo(SeedWalkthrough.RELAY_TEST_RECIPIENT).reply();

        assertThat(reply.code()).isEqualTo(550);
        assertThat(reply.isPermanentFailure()).isTrue();
        assertThat(reply.enhancedStatus()).contains(EnhancedStatus.parse("5.7.1"));
        assertThat(reply.message()).isEqualTo("Unable to relay");
    }

    @Test
    void acceptedMessageComesBackWithTheQueueIdTheServerKept() {
        var tx = hello().mailFrom(FROM);
        assertThat(tx.reply().toString()).isEqualTo("250 2.1.0 Sender OK");
        tx = tx.rcptTo(TO);
        assertThat(tx.reply().toString()).isEqualTo("250 2.1.5 Recipient OK");

        var sent = tx.data(SeedWalkthrough.MESSAGE);

        assertThat(sent.dataReply().toString()).isEqualTo("354 Start mail input; end with <CRLF>.<CRLF>");
        assertThat(sent.isAccepted()).isTrue();
        assertThat(sent.reply().enhancedStatus()).contains(EnhancedStatus.parse("2.6.0"));
        assertThat(sent.reply().text()).matches("2\\.6\\.0 <[^<>]+> \\[InternalId=\\d+, Hostname=myserver] Queued mail for delivery");
        assertThat(sent.queueId()).hasValueSatisfying(id -> assertThat(id).endsWith("@myserver.contoso.com"));
        ReceivedMessage message = received(sent.queueId().orElseThrow());
        assertThat(message.mailFrom()).isEqualTo(FROM);
        assertThat(message.recipients()).containsExactly(TO);
        assertThat(message.helo()).isEqualTo("mail.alternatecontoso.test");
        assertThat(message.text()).isEqualTo(SeedWalkthrough.MESSAGE);
    }

    @Test
    void serverReceivesTheContentWithDotStuffingUndone() {
        String content = ".first line starts with a dot\r\n\r\n..two dots\r\n.\r\n. dot space\r\nlast line\r\n";

        var sent = hello().mailFrom(FROM).rcptTo(TO).data(content);

        assertThat(sent.isAccepted()).isTrue();
        assertThat(received(sent.queueId().orElseThrow()).text()).isEqualTo(content);
    }

    @Test
    void queueIdIsTheMessagesOwnMessageIdWhenItHasOne() {
        var sent = hello().mailFrom(FROM).rcptTo(TO)
                .data("Message-ID: <walkthrough-1@alternatecontoso.test>\r\nSubject: id\r\n\r\nbody\r\n");

        assertThat(sent.queueId()).contains("walkthrough-1@alternatecontoso.test");
    }

    @Test
    void rejectedRecipientDoesNotEndTheTransaction() {
        var tx = hello().mailFrom(FROM).rcptTo("stranger@external.test").rcptTo(TO);

        assertThat(tx.recipients()).extracting(RecipientReply::address, r -> r.reply().code())
                .containsExactly(org.assertj.core.groups.Tuple.tuple("stranger@external.test", 550),
                        org.assertj.core.groups.Tuple.tuple(TO, 250));
        assertThat(tx.acceptedRecipients()).containsExactly(TO);

        var sent = tx.data(SeedWalkthrough.MESSAGE);

        assertThat(sent.isAccepted()).isTrue();
        assertThat(received(sent.queueId().orElseThrow()).recipients()).containsExactly(TO);
    }

    @Test
    void vrfyNoopRsetHelpAndExpnAnswerAsValues() {
        var hello = hello();

        assertThat(hello.vrfy("postmaster").reply().toString()).isEqualTo("252 2.1.5 Cannot VRFY user");
        assertThat(hello.noop().reply().toString()).isEqualTo("250 2.0.0 OK");
        assertThat(hello.mailFrom(FROM).rset().reply().toString()).isEqualTo("250 2.0.0 Resetting");
        Reply help = hello.help().reply();
        assertThat(help.code()).isEqualTo(214);
        assertThat(help.lines()).containsExactly("2.0.0 This server supports the following commands:",
                "2.0.0 HELO EHLO RCPT DATA BDAT RSET MAIL QUIT HELP NOOP VRFY");
        Reply expn = hello.expn("staff").reply();
        assertThat(expn.isPermanentFailure()).isTrue();
        assertThat(expn.enhancedStatus()).contains(EnhancedStatus.parse("5.3.3"));
    }

    @Test
    void commandsOutOfSequenceAreRefusedAsValuesAndTheSessionGoesOn() {
        assertThat(session.command("MAIL FROM:<" + FROM + ">").reply().toString())
                .isEqualTo("503 5.5.2 Send hello first");
        var tx = hello().mailFrom(FROM);

        var refused = tx.data(SeedWalkthrough.MESSAGE);

        assertThat(refused.dataReply().toString()).isEqualTo("503 5.5.2 Need rcpt command");
        assertThat(refused.isAccepted()).isFalse();
        assertThat(refused.contentReply()).isEmpty();
        assertThat(session.rset().reply().code()).isEqualTo(250);
        assertThat(session.quit().reply().toString()).isEqualTo("221 2.0.0 Service closing transmission channel");
    }

    @Test
    void unknownVerbGetsExchangesReplyWithItsEnhancedStatus() {
        // On SubEthaSMTP this was its own "500 Error: command not implemented", without an enhanced status code.
        Reply reply = hello().command("XYZZY").reply();

        assertThat(reply.code()).isEqualTo(500);
        assertThat(reply.enhancedStatus().map(Object::toString)).hasValue("5.3.3");
        assertThat(List.of(reply.text())).containsExactly("5.3.3 Unrecognized command");
    }
}
