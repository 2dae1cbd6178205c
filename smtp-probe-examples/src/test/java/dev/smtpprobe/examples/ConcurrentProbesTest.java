package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectFailure;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Many async probes on one client, bounded, summarised; times are printed but never asserted. */
class ConcurrentProbesTest extends PrintedOutput {

    @Test
    void withoutArgumentsFiftyProbesOfTheEmbeddedServerAllSucceed() {
        assertThat(ConcurrentProbes.run(new String[0], out)).as(output()).isZero();

        assertThat(output())
                .containsPattern("50 probes of 127\\.0\\.0\\.1:\\d+ on one ProbeClient, at most 8 at once \\([1-8] reached\\)")
                .contains("  recipient accepted: 50", "  refused:            0", "  broke:              0")
                .containsPattern("(?m)^step +p50 +max$")
                .containsPattern("(?m)^RCPT +\\d+\\.\\d ms +\\d+\\.\\d ms$")
                .containsPattern("(?m)^whole +\\d+\\.\\d ms +\\d+\\.\\d ms$");
    }

    @Test
    void everyProbeHoldsTheWholeConversationAndNoMoreThanTheLimitAreOpen() {
        try (var server = EmbeddedExchangeServer.start()) {
            var summary = ConcurrentProbes.probeAll(server.host(), server.port(), "postmaster@contoso.test", 30, 4);

            assertThat(summary.outcomes()).hasSize(30).allSatisfy(o -> {
                assertThat(o.failure()).isNull();
                assertThat(o.steps().all()).extracting(r -> r.code()).containsExactly(220, 250, 250, 250, 221);
            });
            assertThat(summary.mostOpen()).isBetween(1, 4);
            // completions run on the client's I/O threads (or, for a step already complete, on the caller's)
            assertThat(summary.callbackThreads()).isBetween(1, ConcurrentProbes.IO_THREADS + 1);
            assertThat(server.messages()).isEmpty(); // RCPT, then QUIT: a probe never sends a message
        }
    }

    @Test
    void aRefusedRecipientIsCountedAsRefusedNotBroken() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = ConcurrentProbes.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--sessions", "5", "--concurrency", "2", "--to", "foreign@external.test"}, out);

            assertThat(exit).isEqualTo(1);
        }
        assertThat(output()).contains("  recipient accepted: 0", "  refused:            5",
                "    5 x 550 5.7.1 Unable to relay", "  broke:              0");
    }

    @Test
    void probesOfAPortWhereNothingListensBreakWithTheReason() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var summary = ConcurrentProbes.probeAll("127.0.0.1", closedPort, "postmaster@contoso.test", 3, 2);

        assertThat(summary.broke()).isEqualTo(3);
        assertThat(summary.outcomes()).allSatisfy(o -> assertThat(o.cause())
                .isInstanceOfSatisfying(ConnectFailedException.class, e -> assertThat(e.reason()).isEqualTo(ConnectFailure.REFUSED)));
        summary.print(out);
        assertThat(output()).contains("  broke:              3", "    3 x ConnectFailedException: ").doesNotContain("step");
    }

    @Test
    void aWrongCountPrintsUsage() {
        assertThat(ConcurrentProbes.run(new String[] {"--sessions", "0"}, out)).isEqualTo(2);
        assertThat(output()).contains("--sessions must be a number from 1 to 999999, not 0", ConcurrentProbes.USAGE);
    }
}
