package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** The seed walkthrough, run the way {@code main} runs it, with its printed output checked. */
class SeedWalkthroughTest extends PrintedOutput {

    @Test
    void withoutArgumentsItWalksThroughTheSeedAgainstTheEmbeddedServer() {
        int exit = SeedWalkthrough.run(new String[0], out);

        assertThat(exit).as(output()).isZero();
        assertThat(output())
                .contains("Greeting: 220 myserver.contoso.com Microsoft ESMTP MAIL Service ready at ")
                .contains(" -> EHLO mail.alternatecontoso.test")
                .contains("<-  250-myserver.contoso.com Hello [127.0.0.1]")
                .contains("<-  250 2.1.0 Sender OK")
                .contains("    ^ 2.1.0: Success: Other address status")
                .contains("<-  250 2.1.5 Recipient OK")
                .contains("    ^ 2.1.5: Success: Destination address valid")
                .contains("<-  354 Start mail input; end with <CRLF>.<CRLF>")
                .contains("<-  550 5.7.1 Unable to relay")
                .contains("    ^ 5.7.1: Permanent Failure: Delivery not authorized, message refused")
                .contains("the good answer")
                .containsPattern("<-  250 2\\.6\\.0 <\\S+@myserver\\.contoso\\.com> \\[InternalId=1, Hostname=myserver]"
                        + " Queued mail for delivery\n    \\^ 2\\.6\\.0: .+\n    \\^ queue id: \\S+@myserver\\.contoso\\.com\n");
    }

    @Test
    void walkReportsTheQueueIdTheServerGave() {
        try (var server = EmbeddedExchangeServer.start()) {
            var result = SeedWalkthrough.walk(server.host(), server.port(), WalkthroughOptions.parse(), out);

            assertThat(result.exitCode()).isZero();
            assertThat(result.relayRefused()).isTrue();
            String queueId = result.queueId().orElseThrow();
            assertThat(server.messages()).singleElement().satisfies(m -> {
                assertThat(m.queueId()).isEqualTo(queueId);
                assertThat(m.text()).isEqualTo(SeedWalkthrough.MESSAGE);
            });
            assertThat(output()).contains("    ^ queue id: " + queueId).contains("queue id " + queueId);
        }
    }

    @Test
    void withHostItProbesThatServerWithTheGivenNames() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = SeedWalkthrough.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                    "--ehlo", "probe.example.test", "--from", "probe@example.test", "--to", "admin@contoso.test"}, out);

            assertThat(exit).as(output()).isZero();
            assertThat(output()).doesNotContain("embedded");
            assertThat(server.messages()).singleElement().satisfies(m -> {
                assertThat(m.helo()).isEqualTo("probe.example.test");
                assertThat(m.mailFrom()).isEqualTo("probe@example.test");
                assertThat(m.recipients()).containsExactly("admin@contoso.test");
            });
        }
    }

    @Test
    void aRefusedTestRecipientIsAFindingWithExitCode1() {
        int exit = SeedWalkthrough.run(new String[] {"--to", "someone@elsewhere.test"}, out);

        assertThat(exit).isEqualTo(1);
        assertThat(output()).contains("NOT queued").contains("no DATA sent");
    }

    @Test
    void aServerThatCannotBeReachedEndsWithExitCode3() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        int exit = SeedWalkthrough.run(new String[] {"--host", "127.0.0.1", "--port", String.valueOf(port)}, out);

        assertThat(exit).isEqualTo(3);
        assertThat(output()).contains("The conversation broke: ");
    }

    @Test
    void wrongArgumentsPrintTheUsageWithExitCode2() {
        assertThat(SeedWalkthrough.run(new String[] {"--port", "2525"}, out)).isEqualTo(2);
        assertThat(SeedWalkthrough.run(new String[] {"--host"}, out)).isEqualTo(2);
        assertThat(SeedWalkthrough.run(new String[] {"--port", "x", "--host", "h"}, out)).isEqualTo(2);
        assertThat(output()).contains("--port needs --host").contains("--host needs a value")
                .contains("--port must be a number").contains("usage: SeedWalkthrough");
    }

    @Test
    void helpPrintsTheUsage() {
        assertThat(SeedWalkthrough.run(new String[] {"--help"}, out)).isZero();
        assertThat(output()).startsWith("usage: SeedWalkthrough");
    }
}
