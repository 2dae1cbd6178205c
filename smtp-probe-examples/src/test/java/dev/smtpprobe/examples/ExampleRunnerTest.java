package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectFailure;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Transcript;
import java.net.ConnectException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The harness every example's main shares: the exit codes and what is printed for each way a run ends. */
class ExampleRunnerTest extends PrintedOutput {

    private static final String USAGE = "usage: Demo [--host HOST] [--quiet]";
    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE, Set.of("--host"), Set.of("--quiet"));

    @Test
    void theScenarioGetsTheParsedArgumentsAndItsExitCodeIsReturned() {
        int code = RUNNER.run(new String[] {"--host", "mx.example.test", "--quiet"}, out,
                a -> a.value("--host").orElseThrow().equals("mx.example.test") && a.flag("--quiet") ? 7 : 0);

        assertThat(code).isEqualTo(7);
        assertThat(output()).isEmpty();
    }

    @Test
    void anUnknownArgumentIsExitCodeTwoWithTheUsageAndTheScenarioNeverRuns() {
        int code = RUNNER.run(new String[] {"--relay"}, out, a -> {
            throw new AssertionError("must not run");
        });

        assertThat(code).isEqualTo(ExampleRunner.WRONG_ARGUMENT);
        assertThat(output()).isEqualTo("unknown argument: --relay\n" + USAGE + "\n");
    }

    @Test
    void aWrongArgumentTheScenarioFindsItselfIsPrintedWithTheUsage() {
        int code = RUNNER.run(new String[0], out, a -> {
            throw new IllegalArgumentException("--host needs --user");
        });

        assertThat(code).isEqualTo(2);
        assertThat(output()).isEqualTo("--host needs --user\n" + USAGE + "\n");
    }

    @Test
    void anArgumentTheLibraryRefusedBeforeSendingIsExitCodeTwoWithoutTheUsage() {
        int code = RUNNER.run(new String[0], out, a -> {
            throw new InvalidArgumentException("recipient", 5, "CR", Transcript.EMPTY);
        });

        assertThat(code).isEqualTo(2);
        assertThat(output()).contains("recipient").doesNotContain(USAGE);
    }

    @Test
    void aCommandTheSessionsRulesKeptFromBeingSentIsExitCodeOneWithTheReasonNotABrokenConversation() {
        int code = RUNNER.run(new String[0], out, a -> {
            throw new NotSentException(NotSentException.Reason.SIZE_OVER_LIMIT, "SIZE=50000000 is over the server's"
                    + " limit of 37748736", Transcript.EMPTY);
        });

        assertThat(code).isEqualTo(ExampleRunner.NOT_SENT);
        assertThat(output()).startsWith("Not sent (SIZE_OVER_LIMIT): SIZE=50000000 is over the server's limit")
                .doesNotContain("The conversation broke", USAGE);
    }

    @Test
    void aBrokenConversationIsExitCodeThreeWithItsMessage() {
        int code = RUNNER.run(new String[0], out, a -> {
            throw new ConnectFailedException(ConnectFailure.REFUSED, "127.0.0.1", 2525,
                    new ConnectException("Connection refused"), Transcript.EMPTY);
        });

        assertThat(code).isEqualTo(ExampleRunner.BROKE);
        assertThat(output()).startsWith("The conversation broke: ").doesNotContain(USAGE);
    }
}
