package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Direction;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The session's exchanges over a real connection: one per reply, in wire order, timed from the transcript's lines. */
@Timeout(20)
class ExchangesOnTheWireTest extends FakeServerTest {

    private Hello hello(Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 PIPELINING\r\n");
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    /** The time of the received line {@code line} (the last such line), as the transcript recorded it. */
    private static long receivedAt(Transcript transcript, String line) {
        List<TranscriptEntry> found = transcript.entries().stream()
                .filter(e -> e.direction() == Direction.RECEIVED && e.line().equals(line)).toList();
        return found.get(found.size() - 1).epochNanos();
    }

    @Test
    void aPipelinedBatchYieldsOneExchangePerReplyInOrderEachAtItsOwnReplyLine() {
        var hello = hello(s -> {
            s.expect("MAIL");
            s.expect("RCPT");
            s.expect("RCPT");
            s.expect("DATA");
            s.pause(Duration.ofMillis(300));
            s.send("250 2.1.0 mail ok\r\n250 2.1.5 rcpt ok\r\n550 5.1.1 no such user\r\n354 go\r\n");
            s.readData();
            s.send("250 2.0.0 queued as Q7\r\n");
        });
        var sent = hello.pipelined().mailFrom("a@b.test").rcptTo("x@fake.test").rcptTo("nobody@fake.test")
                .data("Subject: p\r\n\r\nhi\r\n");

        List<Exchange> exchanges = sent.session().exchanges();
        assertThat(exchanges).extracting(Exchange::step).containsExactly(Step.GREETING, Step.EHLO, Step.MAIL, Step.RCPT,
                Step.RCPT, Step.DATA, Step.DATA_CONTENT);
        assertThat(exchanges.subList(2, 6)).extracting(Exchange::command).containsExactly("MAIL FROM:<a@b.test>",
                "RCPT TO:<x@fake.test>", "RCPT TO:<nobody@fake.test>", "DATA");
        Transcript transcript = sent.transcript();
        assertThat(exchanges.get(3).repliedAt()).isEqualTo(receivedAt(transcript, "250 2.1.5 rcpt ok"));
        assertThat(exchanges.get(4).repliedAt()).isEqualTo(receivedAt(transcript, "550 5.1.1 no such user"));
        assertThat(exchanges.get(6).repliedAt()).isEqualTo(receivedAt(transcript, "250 2.0.0 queued as Q7"));
        assertThat(exchanges.subList(2, 6)).allSatisfy(e -> {
            assertThat(e.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(250)).isEqualTo(e.reply().elapsed());
        });
        assertThat(sent.transaction().recipients().get(1).reply()).isSameAs(exchanges.get(4).reply());
        assertThat(sent.exchange()).containsSame(exchanges.get(6));
    }

    @Test
    void anExchangeIsTimedFromTheWriteOfItsCommandToItsReply() {
        var hello = hello(s -> {
            s.expect("NOOP");
            s.pause(Duration.ofMillis(200));
            s.send("250 2.0.0 ok\r\n");
        });
        var noop = hello.noop();

        Exchange exchange = noop.exchange().orElseThrow();
        long commandWritten = noop.transcript().entries().stream()
                .filter(e -> e.direction() == Direction.SENT && e.line().equals("NOOP")).findFirst().orElseThrow().epochNanos();
        // sentAt is repliedAt minus the reply's elapsed time: the reply line is stamped a few microseconds before the
        // step's clock stops, and the command line just before the write whose end starts that clock
        assertThat(exchange.sentAt()).isBetween(commandWritten - 1_000_000, commandWritten + 50_000_000);
        assertThat(exchange.repliedAt()).isEqualTo(receivedAt(noop.transcript(), "250 2.0.0 ok"));
        assertThat(exchange.elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(150));
        assertThat(exchange.tls()).isFalse();
    }

    @Test
    void theAsyncPathOnTheEventLoopRecordsTheSameExchangesAtTheirReplyLines() throws Exception {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 PIPELINING\r\n");
            s.reply("NOOP", "250 2.0.0 noop ok\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
        var noop = client.connectAsync(server.host(), server.port()).thenCompose(s -> s.ehloAsync("client.test"))
                .thenCompose(h -> h.noopAsync()).get(10, java.util.concurrent.TimeUnit.SECONDS);

        List<Exchange> exchanges = noop.session().exchanges();
        assertThat(exchanges).extracting(Exchange::command).containsExactly("", "EHLO client.test", "NOOP");
        assertThat(exchanges.get(1).repliedAt()).isEqualTo(receivedAt(noop.transcript(), "250 PIPELINING"));
        assertThat(exchanges.get(2).repliedAt()).isEqualTo(receivedAt(noop.transcript(), "250 2.0.0 noop ok"));
        assertThat(noop.exchange()).containsSame(exchanges.get(2));
    }

    @Test
    void aFailuresTranscriptCarriesTheExchangesUpToIt() {
        var hello = hello(s -> {
            s.reply("MAIL", "250 2.1.0 ok\r\n");
            s.expect("RCPT");
            s.close();
        });
        var tx = hello.mailFrom("a@b.test");
        var lost = catchThrowableOfType(ConnectionLostException.class, () -> tx.rcptTo("x@fake.test"));

        assertThat(lost.transcript().exchanges()).extracting(Exchange::command)
                .containsExactly("", "EHLO client.test", "MAIL FROM:<a@b.test>");
    }
}
