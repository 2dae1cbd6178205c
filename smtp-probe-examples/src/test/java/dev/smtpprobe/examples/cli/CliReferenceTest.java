package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The command line's reference, {@code docs/cli.md}, names every option the command has (each of its names, in
 * the Options section's tables) and every exit code (a row of the exit code table), so that it cannot fall behind
 * the code: an option added without its line in the reference fails here.
 */
class CliReferenceTest {

    private static String section(String text, String heading, String next) {
        int start = text.indexOf("\n## " + heading + "\n");
        int end = text.indexOf("\n## " + next, start + 1);
        assertThat(start).as("the section " + heading).isNotNegative();
        assertThat(end).as("the section after " + heading).isGreaterThan(start);
        return text.substring(start, end);
    }

    @Test
    void theReferenceNamesEveryOptionAndEveryExitCode() throws IOException {
        String reference = Files.readString(Path.of("docs/cli.md"));
        String options = section(reference, "Options", "Exit codes");
        var spec = SmtpProbeCli.commandLine(new SmtpProbeCli()).getCommandSpec();
        for (OptionSpec option : spec.options()) {
            for (String name : option.names()) {
                assertThat(options).as("docs/cli.md, Options: %s", name).containsPattern("`" + name + "[` ]");
            }
        }
        String codes = section(reference, "Exit codes", "`--mx`");
        for (ExitCode code : ExitCode.values()) {
            assertThat(codes).as("docs/cli.md, Exit codes: %s", code).contains("\n| " + code.code() + " | ");
        }
    }
}
