package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Hello;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Pipelining;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Reply;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** MAIL, the RCPTs and the first BDAT chunk in one PIPELINING batch (RFC 3030 §4.2, RFC 2920). */
@Timeout(20)
class PipelinedChunkingTest extends FakeServerTest {

    private Hello hello(String ehloReply, Pipelining pipelining, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", ehloReply);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .pipelining(pipelining).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    private Hello hello(Consumer<FakeSmtpServer.Script> script) {
        return hello(EsmtpExtensionsTest.ALL, Pipelining.WHEN_OFFERED, script);
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void mailRcptsAndTheWholeMessageAsBdatLastGoBeforeAnyReplyAndEachReplyIsMatched() {
        var hello = hello(s -> {
            s.expect("MAIL FROM:<a@b.test>");
            s.expect("RCPT TO:<x@fake.test>");
            s.expect("RCPT TO:<nobody@fake.test>");
            s.expect("BDAT 7 LAST"); // a client waiting for replies would never get here: nothing was answered yet
            assertThat(new String(s.readBytes(7), StandardCharsets.US_ASCII)).isEqualTo("hi\r\n.\r\n");
            s.send("250 2.1.0 ok\r\n250 2.1.5 ok\r\n550 5.1.1 no such user\r\n250 2.0.0 Ok: queued as CHUNK1\r\n");
            s.reply("NOOP", "250 ok\r\n");
        });
        var result = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("nobody@fake.test")
                .bdatLast(ascii("hi\r\n.\r\n")); // no dot-stuffing in BDAT
        var tx = result.transaction();
        assertThat(tx.isPipelined()).isTrue();
        assertThat(tx.mailReply().code()).isEqualTo(250);
        assertThat(tx.recipients()).extracting(r -> r.reply().code()).containsExactly(250, 550);
        assertThat(result.chunkReplies()).extracting(Reply::code).containsExactly(250);
        assertThat(result.queueId()).hasValue("CHUNK1");
        assertThat(result.isAccepted()).isTrue();
        assertThat(hello.session().transactions()).isEqualTo(1);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void onlyTheFirstChunkIsInTheBatchTheRestFollowEachReply() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("BDAT 4");
            s.readBytes(4);
            s.send("250 ok\r\n250 ok\r\n250 2.0.0 4 octets\r\n");
            s.expect("BDAT 4");
            s.readBytes(4);
            s.send("250 2.0.0 8 octets\r\n");
            s.expect("BDAT 2 LAST");
            s.readBytes(2);
            s.send("250 2.0.0 queued as CHUNK2\r\n");
        });
        var result = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").dataChunked(ascii("0123456789"), 4);
        assertThat(result.chunkReplies()).extracting(Reply::code).containsExactly(250, 250, 250);
        assertThat(result.queueId()).hasValue("CHUNK2");
        assertThat(server.receivedText()).contains("BDAT 4\r\n0123BDAT 4\r\n4567BDAT 2 LAST\r\n89");
    }

    @Test
    void aRefusedFirstChunkEndsTheTransactionWithoutTheOtherChunks() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("BDAT 4");
            s.readBytes(4);
            s.send("250 ok\r\n550 5.7.1 Unable to relay\r\n554 5.5.1 No valid recipients\r\n");
            s.reply("RSET", "250 reset\r\n");
        });
        var result = hello.pipelined().mailFrom("a@b.test").rcptTo("foreign@elsewhere.test")
                .dataChunked(ascii("0123456789"), 4);
        assertThat(result.reply().code()).isEqualTo(554);
        assertThat(result.isAccepted()).isFalse();
        assertThat(hello.session().transactions()).isZero();
        assertThat(hello.session().hasOpenTransaction()).isTrue();
        assertThat(hello.rset().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("4567");
    }

    @Test
    void withoutPipeliningOfferedTheCommandsAndChunksGoOneByOne() {
        var hello = hello("250-fake.test\r\n250 CHUNKING\r\n", Pipelining.WHEN_OFFERED, s -> {
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.expect("BDAT 3 LAST");
            s.readBytes(3);
            s.send("250 queued as SEQ1\r\n");
        });
        var batch = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test");
        assertThat(batch.willPipeline()).isFalse();
        var result = batch.bdatLast(ascii("abc"));
        assertThat(result.transaction().isPipelined()).isFalse();
        assertThat(result.queueId()).hasValue("SEQ1");
    }

    @Test
    void anEmptyMessageIsOneEmptyBdatLastInTheBatch() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("BDAT 0 LAST");
            s.send("250 ok\r\n250 ok\r\n250 queued as EMPTY\r\n");
        });
        var result = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").bdatLast(new byte[0]);
        assertThat(result.queueId()).hasValue("EMPTY");
    }

    @Test
    void aTransactionTheSessionRulesRefuseSendsNothingOfIt() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("HELO", "250 fake.test\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3)))
                .pipelining(Pipelining.ALWAYS).tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).build()).build());
        var hello = client.connect(server.host(), server.port()).helo("client.test"); // HELO: sent as told, no TLS
        assertThatThrownBy(() -> hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").bdatLast(ascii("x")))
                .isInstanceOfSatisfying(NotSentException.class,
                        e -> assertThat(e.reason()).isEqualTo(NotSentException.Reason.TLS_REQUIRED));
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("MAIL").doesNotContain("BDAT");
    }

    @Test
    void aBatchWithoutRecipientIsRefusedBeforeAnythingIsSent() {
        var hello = hello(s -> s.reply("NOOP", "250 ok\r\n"));
        assertThatThrownBy(() -> hello.pipelined().mailFrom("a@b.test").bdatLast(ascii("x")))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").dataChunked(ascii("x"), 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("MAIL");
    }
}
