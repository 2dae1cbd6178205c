package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code --prdr} and {@code --protocol LMTP}: what goes on the wire, and every reply to the message judged. */
class CliPrdrAndLmtpTest {

    private FakeSmtpServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private CliRun against(Consumer<FakeSmtpServer.Script> script, String... args) {
        server = FakeSmtpServer.start(script);
        var all = new ArrayList<>(List.of("--server", server.host(), "--port", String.valueOf(server.port()),
                "--ehlo", "client.test", "--from", "a@client.test", "--to", "x@fake.test,y@fake.test", "--timeout", "5s"));
        all.addAll(Arrays.asList(args));
        CliRun run = CliRun.run(all.toArray(new String[0]));
        server.awaitScript(Duration.ofSeconds(10));
        return run;
    }

    private static void envelope(FakeSmtpServer.Script s, String greetingVerb, String capabilities, String mail) {
        s.send("220 fake.test ESMTP\r\n");
        s.reply(greetingVerb + " client.test", "250-fake.test\r\n" + capabilities);
        s.reply(mail, "250 OK\r\n");
        s.reply("RCPT TO:<x@fake.test>", "250 Accepted\r\n");
        s.reply("RCPT TO:<y@fake.test>", "250 Accepted\r\n");
        s.reply("DATA", "354 go\r\n");
        s.readData();
    }

    /** QUIT gets 221, anything else (the CLI's RSET) 250, until the client closes. */
    private static void afterTheMessage(FakeSmtpServer.Script s) {
        s.answerEachLine(line -> line.toUpperCase(java.util.Locale.ROOT).startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n");
    }

    @Test
    void prdrSendsTheParameterAndReadsEveryReplyToTheMessage() {
        CliRun run = against(s -> {
            envelope(s, "EHLO", "250 PRDR\r\n", "MAIL FROM:<a@client.test> PRDR");
            s.send("353 PRDR content analysis beginning\r\n250 PRDR R=<x@fake.test> acceptance\r\n"
                    + "250 PRDR R=<y@fake.test> acceptance\r\n250 OK id=1vQbXy-000Abc-2k\r\n");
            afterTheMessage(s);
        }, "--prdr");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.all()).contains("353 PRDR content analysis beginning", "250 OK id=1vQbXy-000Abc-2k");
    }

    @Test
    void prdrWithARecipientRefusedAfterTheMessageIsARefusedMessage() {
        CliRun run = against(s -> {
            envelope(s, "EHLO", "250 PRDR\r\n", "MAIL FROM:<a@client.test> PRDR");
            s.send("353 PRDR content analysis beginning\r\n250 PRDR R=<x@fake.test> acceptance\r\n"
                    + "550 PRDR R=<y@fake.test> refusal\r\n250 OK id=1vQbXy-000Abc-2k\r\n");
            afterTheMessage(s);
        }, "--prdr");
        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCode.DATA_END.code());
        assertThat(run.all()).contains("550 PRDR R=<y@fake.test> refusal");
    }

    @Test
    void prdrNotOfferedIsSentAsToldWithANote() {
        CliRun run = against(s -> {
            envelope(s, "EHLO", "250 PIPELINING\r\n", "MAIL FROM:<a@client.test> PRDR");
            s.send("250 OK queued\r\n");
            afterTheMessage(s);
        }, "--prdr");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.all()).contains("does not offer PRDR");
    }

    @Test
    void lmtpGreetsWithLhloAndJudgesEachRecipientsReply() {
        CliRun run = against(s -> {
            envelope(s, "LHLO", "250 PIPELINING\r\n", "MAIL FROM:<a@client.test>");
            s.send("250 2.0.0 <x@fake.test> Saved\r\n452 4.2.2 <y@fake.test> Mailbox full\r\n");
            afterTheMessage(s);
        }, "--protocol", "lmtp");
        assertThat(run.exit()).as(run.all()).isEqualTo(ExitCode.DATA_END.code());
        assertThat(run.all()).contains("LHLO client.test", "452 4.2.2 <y@fake.test> Mailbox full").doesNotContain("EHLO");
    }

    @Test
    void lmtpWithEveryRecipientAcceptedSucceeds() {
        CliRun run = against(s -> {
            envelope(s, "LHLO", "250 PIPELINING\r\n", "MAIL FROM:<a@client.test>");
            s.send("250 2.0.0 <x@fake.test> Saved\r\n250 2.0.0 <y@fake.test> Saved\r\n");
            afterTheMessage(s);
        }, "--protocol", "LMTP");
        assertThat(run.exit()).as(run.all()).isZero();
    }

    @Test
    void helpListsTheOptions() {
        assertThat(CliRun.run("--help").out()).contains("--prdr", "--protocol=SMTP|LMTP");
    }
}
