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
 * A server that sends terminal control sequences (clear screen, window title, BS, DEL, NUL, a bare CR that would
 * overwrite the line) gets them printed escaped, on standard output and in the failure lines on standard error.
 */
class CliServerControlCharactersTest {

    /** ESC [2J clears the screen, ESC ]0;...BEL retitles the window; BS, DEL, NUL; é in Latin-1 is not UTF-8. */
    private static final String GREETING = "220 \u001b[2J\u001b]0;owned\u0007fake.test\b\u007f\u0000 ESMTP caf\u00e9\r\n";

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
                "--ehlo", "client.test", "--from", "a@client.test", "--to", "b@fake.test", "--timeout", "5s"));
        all.addAll(Arrays.asList(args));
        CliRun run = CliRun.run(all.toArray(new String[0]));
        server.awaitScript(Duration.ofSeconds(10));
        return run;
    }

    /** Nothing a terminal obeys: no C0 control but the line breaks, no DEL, no C1 control. */
    private static void assertNoControlCharacter(String printed) {
        assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c < 0xa0))
                .as("control characters printed in:%n%s", printed).isEmpty();
    }

    @Test
    void aHostileGreetingAndRefusalArePrintedEscaped() {
        FakeReplies replies = new FakeReplies()
                .with("EHLO", "250-fake.test\u001b[31m\r\n250 ENHANCEDSTATUSCODES\r\n")
                .with("RCPT", "550 5.7.1 \u001b]0;pwned\u0007 no relay\b\b\b\b\b\b\b\b250 2.1.5 Ok\r\n");
        CliRun run = against(s -> s.send(GREETING).answerEachLine(replies.responder()));

        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains("<-  220 \\x1b[2J\\x1b]0;owned\\x07fake.test\\x08\\x7f\\x00 ESMTP caf\\xe9\n",
                "<-  250-fake.test\\x1b[31m\n", "<-  550 5.7.1 \\x1b]0;pwned\\x07 no relay\\x08\\x08\\x08\\x08\\x08\\x08\\x08\\x08250 2.1.5 Ok\n");
        assertThat(run.err()).contains("*** no recipient was accepted: b@fake.test 550 5.7.1 \\x1b]0;pwned\\x07 no relay\\x08");
        assertNoControlCharacter(run.all());
    }

    @Test
    void withShowTimeTooNothingRawReachesTheTerminal() {
        CliRun run = against(s -> s.send(GREETING).answerEachLine(new FakeReplies().responder()), "--show-time",
                "--quit-after", "ehlo");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("s <-  220 \\\\x1b\\[2J\\\\x1b]0;owned\\\\x07fake\\.test");
        assertNoControlCharacter(run.all());
    }

    @Test
    void aBareCrInTheFragmentKeptAtACloseCannotForgeAClientLine() {
        CliRun run = against(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.send("250-fake.test\r\n250-x\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==");
            s.close();
        });

        assertThat(run.exit()).as(run.all()).isNotZero();
        assertThat(run.out()).contains("<-  250-x\\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==\n");
        assertThat(run.all().lines()).noneMatch(line -> line.startsWith(" ~> AUTH"));
        assertNoControlCharacter(run.all());
    }

    @Test
    void anArgumentEchoedInAUsageErrorIsPrintedEscaped() {
        CliRun run = CliRun.run("--relay\u001b]0;owned\u0007", "--to", "a@b.test\u001b[2J");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("--relay\\x1b]0;owned\\x07");
        assertNoControlCharacter(run.all());
    }
}
