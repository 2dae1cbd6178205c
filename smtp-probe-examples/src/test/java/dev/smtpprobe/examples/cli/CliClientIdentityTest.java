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

/** {@code --xclient} and {@code --proxy}: what goes on the wire, and the usage errors that send nothing. */
class CliClientIdentityTest {

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

    @Test
    void xclientGoesAfterEhloWithEveryAttributeAndEhloFollowsTheNewGreeting() {
        String[] line = new String[1];
        CliRun run = against(s -> {
            s.send(FakeReplies.GREETING);
            s.reply("EHLO", "250-fake.test\r\n250 XCLIENT NAME ADDR\r\n");
            line[0] = s.expect("XCLIENT");
            s.send("220 fake.test ESMTP again\r\n");
            s.answerEachLine(new FakeReplies().responder());
        }, "--xclient", "ADDR=192.0.2.25", "--xclient", "name=spoofed example", "--quit-after", "rcpt");
        assertThat(run.exit()).as(run.all()).isEqualTo(0);
        assertThat(line[0]).isEqualTo("XCLIENT NAME=spoofed+20example ADDR=192.0.2.25");
        assertThat(server.receivedText()).contains("XCLIENT NAME=spoofed+20example ADDR=192.0.2.25\r\nEHLO client.test\r\nMAIL");
    }

    @Test
    void aRefusedXclientIs33() {
        CliRun run = against(s -> s.send(FakeReplies.GREETING).answerEachLine(new FakeReplies()
                .with("XCLIENT", "550 5.7.0 Error: insufficient authorization\r\n").responder()),
                "--xclient", "ADDR=192.0.2.25");
        assertThat(run.exit()).as(run.all()).isEqualTo(33);
        assertThat(server.receivedText()).doesNotContain("MAIL FROM");
    }

    @Test
    void proxyV1WritesTheHeaderBeforeTheGreeting() {
        String[] first = new String[1];
        CliRun run = against(s -> {
            first[0] = s.expect("PROXY");
            s.send(FakeReplies.GREETING);
            s.answerEachLine(new FakeReplies().responder());
        }, "--proxy", "v1", "--proxy-source", "192.0.2.25:4711", "--proxy-destination", "198.51.100.7:25",
                "--quit-after", "ehlo");
        assertThat(run.exit()).as(run.all()).isEqualTo(0);
        assertThat(first[0]).isEqualTo("PROXY TCP4 192.0.2.25 198.51.100.7 4711 25");
    }

    @Test
    void badClientIdentityOptionsAreUsageErrorsNamingTheOption() {
        assertThat(CliRun.run("--server", "127.0.0.1", "--to", "b@fake.test", "--xclient", "BOGUS=1").err()).contains("--xclient BOGUS=1");
        assertThat(CliRun.run("--server", "127.0.0.1", "--to", "b@fake.test", "--proxy", "v3", "--proxy-source", "192.0.2.1:1").err())
                .contains("--proxy v3");
        assertThat(CliRun.run("--server", "127.0.0.1", "--to", "b@fake.test", "--proxy", "v2").err()).contains("needs --proxy-source");
        assertThat(CliRun.run("--server", "127.0.0.1", "--to", "b@fake.test", "--proxy", "v2", "--proxy-source", "host.example:1").err())
                .contains("--proxy-source host.example:1");
        assertThat(CliRun.run("--server", "127.0.0.1", "--to", "b@fake.test", "--proxy", "v2", "--proxy-source", "host.example:1").exit())
                .isEqualTo(1);
    }
}
