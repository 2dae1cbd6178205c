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

/**
 * A run that stops inside a mail transaction — MAIL accepted, the message not answered — ends it politely with RSET
 * before QUIT (RFC 5321 section 4.1.1.5; issue 14 item 10), as the library's checks do; a run that stops outside one
 * sends no RSET. What the server received is the proof.
 */
class CliTransactionEndTest {

    private FakeSmtpServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private CliRun against(FakeReplies replies, String... args) {
        return against(s -> s.send(FakeReplies.GREETING).answerEachLine(replies.responder()), args);
    }

    private CliRun against(Consumer<FakeSmtpServer.Script> script, String... args) {
        server = FakeSmtpServer.start(script);
        var all = new ArrayList<>(List.of("--server", server.host(), "--port", String.valueOf(server.port()),
                "--ehlo", "client.test", "--from", "a@client.test", "--timeout", "5s"));
        all.addAll(Arrays.asList(args));
        if (!all.contains("--to")) {
            all.addAll(List.of("--to", "b@fake.test"));
        }
        CliRun run = CliRun.run(all.toArray(new String[0]));
        server.awaitScript(Duration.ofSeconds(10));
        return run;
    }

    private static final java.util.Set<String> VERBS = java.util.Set.of("EHLO", "MAIL", "RCPT", "DATA", "BDAT", "RSET",
            "QUIT");

    /** The commands the server received, by verb, in order (the message content holds none of these words). */
    private List<String> verbs() {
        return Arrays.stream(server.receivedText().split("\r\n")).map(line -> line.split("[ :]", 2)[0])
                .filter(VERBS::contains).toList();
    }

    @Test
    void quitAfterRcptSendsRsetBeforeQuit() {
        CliRun run = against(new FakeReplies(), "--quit-after", "rcpt");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(verbs()).containsExactly("EHLO", "MAIL", "RCPT", "RSET", "QUIT");
        assertThat(run.out()).contains(" -> RSET\n<-  250 2.0.0 Ok\n", " -> QUIT");
    }

    @Test
    void quitAfterMailSendsRsetBeforeQuit() {
        CliRun run = against(new FakeReplies(), "--quit-after", "mail");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(verbs()).containsExactly("EHLO", "MAIL", "RSET", "QUIT");
    }

    @Test
    void noAcceptedRecipientEndsTheTransactionWithRset() {
        CliRun run = against(new FakeReplies().with("RCPT", "550 5.1.1 User unknown\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(verbs()).containsExactly("EHLO", "MAIL", "RCPT", "RSET", "QUIT");
    }

    @Test
    void aRefusedDataLeavesTheTransactionOpenSoRsetEndsIt() {
        CliRun run = against(new FakeReplies().with("DATA", "554 5.5.1 Error: no valid recipients\r\n"));
        assertThat(run.exit()).as(run.all()).isEqualTo(25);
        assertThat(verbs()).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "RSET", "QUIT");
    }

    @Test
    void aPipelinedTransactionWithNoRecipientIsEndedWithRset() {
        CliRun run = against(new FakeReplies().with("RCPT", "550 5.1.1 User unknown\r\n")
                .with("DATA", "554 5.5.1 Error: no valid recipients\r\n"), "--pipeline");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(verbs()).containsExactly("EHLO", "MAIL", "RCPT", "DATA", "RSET", "QUIT");
    }

    @Test
    void aRecipientTheLibraryRefusesToSendAfterMailIsFollowedByRset() {
        CliRun run = against(new FakeReplies(), "--to", "b@fake.test,bad address@fake.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(verbs()).containsExactly("EHLO", "MAIL", "RCPT", "RSET", "QUIT");
    }

    @Test
    void noRsetWhenNoTransactionIsOpen() {
        assertThat(against(new FakeReplies()).exit()).isZero();
        assertThat(verbs()).as("the message was accepted").containsExactly("EHLO", "MAIL", "RCPT", "DATA", "QUIT");
        server.close();

        assertThat(against(new FakeReplies().with(".", "554 5.7.1 spam\r\n")).exit()).isEqualTo(26);
        assertThat(verbs()).as("the message was refused: the transaction is over").containsExactly("EHLO", "MAIL",
                "RCPT", "DATA", "QUIT");
        server.close();

        assertThat(against(new FakeReplies().with("MAIL", "553 5.1.8 no\r\n")).exit()).isEqualTo(23);
        assertThat(verbs()).as("MAIL refused: no transaction").containsExactly("EHLO", "MAIL", "QUIT");
        server.close();

        assertThat(against(new FakeReplies(), "--quit-after", "ehlo").exit()).isZero();
        assertThat(verbs()).containsExactly("EHLO", "QUIT");
    }
}
