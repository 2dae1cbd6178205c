package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Hello;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** PRDR (draft-hall-prdr-00) on the wire, with Exim's wording: 353, a reply per recipient, the final reply. */
@Timeout(20)
class PrdrTest extends FakeServerTest {

    static final String EHLO = "250-exim.fake.test Hello\r\n250-PIPELINING\r\n250-CHUNKING\r\n250 PRDR\r\n";

    private Hello hello(Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 exim.fake.test ESMTP Exim 4.97\r\n");
            s.reply("EHLO", EHLO);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3))).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    /** The exchange up to the end of the message, for two recipients both accepted at RCPT. */
    private static void envelope(FakeSmtpServer.Script s, String mail) {
        s.reply(mail, "250 OK\r\n");
        s.reply("RCPT TO:<x@fake.test>", "250 Accepted\r\n");
        s.reply("RCPT TO:<y@fake.test>", "250 Accepted\r\n");
    }

    @Test
    void rawPrdrParameterReadsThe353EachRecipientsReplyAndTheFinalReply() {
        // issue 14 item 5: the 353 was the result (isAccepted false) and the next command died on
        // "a reply no command asked for: 250 PRDR R=<...> acceptance"
        var hello = hello(s -> {
            envelope(s, "MAIL FROM:<a@b.test> PRDR");
            s.reply("DATA", "354 Enter message, ending with \".\" on a line by itself\r\n");
            s.readData();
            s.send("353 PRDR content analysis beginning\r\n250 PRDR R=<x@fake.test> acceptance\r\n"
                    + "250 PRDR R=<y@fake.test> acceptance\r\n250 OK id=1vQbXy-000Abc-2k\r\n");
            s.reply("NOOP", "250 OK after\r\n");
        });
        var result = hello.mailFrom("a@b.test", "PRDR").rcptTo("x@fake.test").rcptTo("y@fake.test").data("hi");
        assertThat(result.intermediateReply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(353));
        assertThat(result.recipientReplies()).extracting(r -> r.address() + " " + r.reply().code())
                .containsExactly("x@fake.test 250", "y@fake.test 250");
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.reply().code()).isEqualTo(250);
        assertThat(result.queueId()).hasValue("1vQbXy-000Abc-2k");
        assertThat(result.contentReplies()).extracting(Reply::code).containsExactly(353, 250, 250, 250);
        assertThat(hello.noop().reply().text()).isEqualTo("OK after");
    }

    @Test
    void aRecipientRefusedAfterTheContentIsNotAnAcceptedMessage() {
        var hello = hello(s -> {
            envelope(s, "MAIL FROM:<a@b.test> PRDR");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("353 PRDR content analysis beginning\r\n250 PRDR R=<x@fake.test> acceptance\r\n"
                    + "550 PRDR R=<y@fake.test> refusal\r\n250 OK id=1vQbXy-000Abc-2k\r\n");
            s.reply("RSET", "250 Reset OK\r\n");
        });
        var result = hello.mailFrom("a@b.test", MailParameters.builder().prdr().build()).rcptTo("x@fake.test")
                .rcptTo("y@fake.test").data("hi");
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.acceptedRecipients()).containsExactly("x@fake.test");
        assertThat(result.recipientReplies().get(1).reply().text()).contains("refusal");
        assertThat(hello.rset().reply().code()).isEqualTo(250);
    }

    @Test
    void aServerThatDeclinesPrdrWithOneReplyGivesOneReplyForAll() {
        var hello = hello(s -> {
            envelope(s, "MAIL FROM:<a@b.test> PRDR");
            s.reply("DATA", "354 go\r\n");
            s.readData();
            s.send("250 OK id=1vQbXy-000Abc-2k\r\n");
            s.reply("NOOP", "250 OK\r\n");
        });
        var result = hello.mailFrom("a@b.test", MailParameters.builder().prdr().build()).rcptTo("x@fake.test")
                .rcptTo("y@fake.test").data("hi");
        assertThat(result.intermediateReply()).isEmpty();
        assertThat(result.recipientReplies()).isEmpty();
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.acceptedRecipients()).containsExactly("x@fake.test", "y@fake.test");
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void bdatLastWithPrdrReadsEveryReply() {
        var hello = hello(s -> {
            envelope(s, "MAIL FROM:<a@b.test> PRDR");
            s.expect("BDAT 2 LAST");
            s.readBytes(2);
            s.send("353 PRDR content analysis beginning\r\n250 PRDR R=<x@fake.test> acceptance\r\n"
                    + "250 PRDR R=<y@fake.test> acceptance\r\n250 OK id=1vQbXy-000Abc-2k\r\n");
            s.reply("NOOP", "250 OK\r\n");
        });
        var result = hello.mailFrom("a@b.test", MailParameters.builder().prdr().build()).rcptTo("x@fake.test")
                .rcptTo("y@fake.test").bdatLast("hi".getBytes(StandardCharsets.US_ASCII));
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.recipientReplies()).hasSize(2);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void typedPrdrIsWrittenAfterTheOtherTypedParametersAndOfferedIsRead() {
        var hello = hello(s -> s.reply("MAIL FROM:<a@b.test> SIZE=10 PRDR", "250 OK\r\n"));
        assertThat(hello.capabilities().supportsPrdr()).isTrue();
        var params = MailParameters.builder().size(10).prdr().build();
        assertThat(params.prdr()).isTrue();
        assertThat(hello.mailFrom("a@b.test", params).reply().code()).isEqualTo(250);
        assertThat(MailParameters.NONE.prdr()).isFalse();
    }
}
