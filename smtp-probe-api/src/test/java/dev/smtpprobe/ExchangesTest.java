package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The session's structured exchanges: one per reply, with its step, the command as sent, timing and TLS. */
class ExchangesTest {

    private static final String GREETING = "220 mx.contoso.test ESMTP";
    private static final String EHLO = "250-mx.contoso.test\n250-STARTTLS\n250-CHUNKING\n250 AUTH PLAIN";

    @Test
    void everyReplyIsOneExchangeInWireOrderWithTheCommandAsSent() {
        var session = ScriptedSmtp.connect(GREETING, EHLO, "250 2.1.0 Ok", "250 2.1.5 Ok", "550 5.7.1 Relay denied",
                "354 go", "250 2.0.0 Ok: queued as Q1", "221 bye");
        var data = session.ehlo("probe.test").mailFrom("a@probe.test").rcptTo("p@contoso.test")
                .rcptTo("x@elsewhere.test").data("Subject: t\r\n\r\nhi\r\n");
        data.quit();

        List<Exchange> exchanges = session.exchanges();
        assertThat(exchanges).extracting(Exchange::step).containsExactly(Step.GREETING, Step.EHLO, Step.MAIL,
                Step.RCPT, Step.RCPT, Step.DATA, Step.DATA_CONTENT, Step.QUIT);
        assertThat(exchanges).extracting(Exchange::command).containsExactly("", "EHLO probe.test",
                "MAIL FROM:<a@probe.test>", "RCPT TO:<p@contoso.test>", "RCPT TO:<x@elsewhere.test>", "DATA", "", "QUIT");
        assertThat(exchanges).extracting(e -> e.reply().code()).containsExactly(220, 250, 250, 250, 550, 354, 250, 221);
        assertThat(data.transcript().exchanges()).isEqualTo(exchanges);
        assertThat(data.transcript().exchanges(Step.RCPT)).extracting(Exchange::command)
                .containsExactly("RCPT TO:<p@contoso.test>", "RCPT TO:<x@elsewhere.test>");
    }

    @Test
    void everyStageKnowsTheExchangeOfItsOwnReply() {
        var session = ScriptedSmtp.connect(GREETING, EHLO, "250 2.1.0 Ok", "550 5.7.1 Relay denied", "354 go",
                "554 5.6.0 no");
        var hello = session.ehlo("probe.test");
        var tx = hello.mailFrom("a@probe.test").rcptTo("x@elsewhere.test");
        var data = tx.data("Subject: t\r\n\r\nhi\r\n");

        assertThat(session.exchange()).get().extracting(Exchange::step).isEqualTo(Step.GREETING);
        assertThat(hello.exchange()).get().extracting(Exchange::command).isEqualTo("EHLO probe.test");
        assertThat(tx.exchange()).get().extracting(Exchange::command).isEqualTo("RCPT TO:<x@elsewhere.test>");
        assertThat(tx.exchange().orElseThrow().reply()).isSameAs(tx.reply());
        assertThat(data.exchange()).get().extracting(Exchange::step).isEqualTo(Step.DATA_CONTENT);
        assertThat(tx.session()).isSameAs(session); // and so every stage reaches session().exchanges()
    }

    @Test
    void theReplyTimeIsThatOfTheReplysLastLineInTheTranscriptAndTheElapsedTimeTheReplys() {
        var session = ScriptedSmtp.connect(GREETING, "250-mx.contoso.test\n250-SIZE 100\n250 8BITMIME");
        var hello = session.ehlo("probe.test");

        Exchange ehlo = hello.exchange().orElseThrow();
        TranscriptEntry last = hello.transcript().entries().stream()
                .filter(e -> e.direction() == Direction.RECEIVED && e.line().equals("250 8BITMIME")).findFirst().orElseThrow();
        assertThat(ehlo.repliedAt()).isEqualTo(last.epochNanos());
        assertThat(ehlo.elapsed()).isEqualTo(hello.reply().elapsed()).isEqualTo(Duration.ofMillis(3));
        assertThat(ehlo.sentAt()).isEqualTo(ehlo.repliedAt() - Duration.ofMillis(3).toNanos());
        assertThat(ehlo.repliedTime()).isEqualTo(last.time());
    }

    @Test
    void aReplyWhoseLinesTheTransportDidNotRecordSinceTheCommandIsTimedWhenItIsHandedOver() throws InterruptedException {
        var recorder = new dev.smtpprobe.spi.TranscriptRecorder(e -> { });
        recorder.received("250 an older reply");
        long older = recorder.snapshot().entries().get(0).epochNanos();
        Thread.sleep(20);

        Exchange exchange = recorder.exchanged(Step.NOOP, "NOOP", new Reply(250, List.of("ok"), Duration.ofMillis(1)), false);

        assertThat(exchange.repliedAt()).isGreaterThan(older + Duration.ofMillis(15).toNanos());
        assertThat(exchange.elapsed()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void anAuthLineAndASecretTheServerEchoesAreRedactedInTheExchange() {
        String response = java.util.Base64.getEncoder().encodeToString("\0probe\0s3cret-passw0rd".getBytes(StandardCharsets.UTF_8));
        var options = ProbeOptions.builder().allowPlaintextAuthentication(true).build();
        var session = ScriptedSmtp.connect(options, GREETING, EHLO, "535 5.7.8 bad credentials for " + response);
        var auth = session.ehlo("probe.test").authPlain("probe", "s3cret-passw0rd");

        Exchange exchange = auth.exchange().orElseThrow();
        assertThat(exchange.command()).isEqualTo("AUTH PLAIN <redacted>");
        assertThat(exchange.reply().text()).isEqualTo("5.7.8 bad credentials for <redacted>");
        assertThat(session.exchanges().toString()).doesNotContain(response).doesNotContain("s3cret-passw0rd");
    }

    @Test
    void aHandWrittenAuthLineIsRedactedInItsExchangeAsInTheTranscript() {
        var session = ScriptedSmtp.connect(GREETING, EHLO, "334 ", "235 2.7.0 ok");
        var hello = session.ehlo("probe.test");
        hello.command("AUTH PLAIN");
        hello.command("AHByb2JlAHMzY3JldC1wYXNzdzByZA==");

        assertThat(session.exchanges()).extracting(Exchange::step).endsWith(Step.COMMAND, Step.COMMAND);
        assertThat(session.exchanges()).extracting(Exchange::command).endsWith("AUTH PLAIN", "<redacted>");
    }

    @Test
    void stattlsIsAnExchangeInPlaintextAndWhatFollowsIsInTls() {
        var session = ScriptedSmtp.connect(GREETING, EHLO, "220 2.0.0 go ahead", EHLO);
        session.ehlo("probe.test").startTls().ehlo("probe.test");

        assertThat(session.exchanges()).extracting(Exchange::step).containsExactly(Step.GREETING, Step.EHLO,
                Step.STARTTLS, Step.EHLO);
        assertThat(session.exchanges()).extracting(Exchange::tls).containsExactly(false, false, false, true);
    }

    @Test
    void eachBdatChunkIsAnExchangeNamingItsLine() {
        var session = ScriptedSmtp.connect(GREETING, EHLO, "250 2.1.0 Ok", "250 2.1.5 Ok", "250 2.0.0 chunk",
                "250 2.0.0 queued as Q2");
        var tx = session.ehlo("probe.test").mailFrom("a@probe.test").rcptTo("p@contoso.test");
        var done = tx.bdat(new byte[10]).bdatLast(new byte[5]);

        assertThat(session.exchanges(/* all */)).extracting(Exchange::command).endsWith("BDAT 10", "BDAT 5 LAST");
        assertThat(done.exchange()).get().extracting(Exchange::command).isEqualTo("BDAT 5 LAST");
    }

    @Test
    void theQuitThatCloseSendsIsAnExchangeToo() {
        var session = ScriptedSmtp.connect(GREETING, "221 2.0.0 bye");
        session.close();

        assertThat(session.exchanges()).extracting(Exchange::command).containsExactly("", "QUIT");
    }

    @Test
    void theExchangesAreBoundedLikeTheTranscriptAndTheDroppedOnesAreCounted() {
        var options = ProbeOptions.builder().transcriptMaxLines(40).build();
        String[] replies = new String[200];
        java.util.Arrays.fill(replies, "250 2.0.0 Ok");
        var session = ScriptedSmtp.connect(options, GREETING, replies);
        for (int i = 0; i < 200; i++) {
            session.noop();
        }

        List<Exchange> exchanges = session.exchanges();
        assertThat(exchanges).hasSizeLessThanOrEqualTo(40).isNotEmpty();
        assertThat(exchanges).extracting(Exchange::step).containsOnly(Step.NOOP); // the oldest, the greeting, went first
        Transcript transcript = session.transcript();
        assertThat(transcript.entries().get(0).line()).contains("dropped the oldest")
                .contains(" exchanges; a TranscriptListener sees every line");
        long dropped = Long.parseLong(transcript.entries().get(0).line().replaceAll(".*the oldest (\\d+) exchanges.*", "$1"));
        assertThat(dropped + exchanges.size()).isEqualTo(201);
    }

    @Test
    void anExchangeReadsOnOneLineWithTheServersControlCharactersEscaped() {
        var exchange = new Exchange(Step.RCPT, "RCPT TO:<a@b.test>", Reply.of(550, "5.7.1 no\u001b[2J", "second"),
                1_000, 2_000, true);

        assertThat(exchange).hasToString(" ~> RCPT TO:<a@b.test>  <~ 550-5.7.1 no\\x1b[2J / 550 second");
        assertThat(exchange.elapsed()).isEqualTo(Duration.ofNanos(1_000));
    }
}
