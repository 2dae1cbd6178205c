package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * One run of the shaded jar ({@code target/smtp-probe-cli.jar}, built in the package phase) as its own process:
 * {@code java -jar smtp-probe-cli.jar ...}, the way a user runs it.
 *
 * @param exit the process exit code
 * @param out  standard output
 * @param err  standard error
 */
record CliProcess(int exit, String out, String err) {

    /**
     * Steps aside (a skipped test) when surefire runs an *IT in the test phase, before the jar is built: a pattern like
     * {@code -Dtest='Cli*'} hands the ITs to surefire too. Failsafe, which runs them after package, always runs them.
     */
    static void assumeIntegrationPhase() {
        Assumptions.assumeFalse("unit".equals(System.getProperty("smtp-probe.cli.phase")),
                "an integration test of the packaged jar: failsafe runs it after the package phase");
    }

    /** Runs the jar with {@code args}, no extra environment and empty standard input. */
    static CliProcess run(String... args) {
        return run(Map.of(), "", args);
    }

    /** Runs the jar with {@code args}, these extra environment variables and this standard input. */
    static CliProcess run(Map<String, String> env, String stdin, String... args) {
        String jar = System.getProperty("smtp-probe.cli.jar");
        assertThat(jar).as("system property smtp-probe.cli.jar (set by failsafe: run with mvn verify)").isNotNull();
        assertThat(Path.of(jar)).as("the shaded jar").exists();
        var command = new ArrayList<String>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(jar);
        command.addAll(Arrays.asList(args));
        try {
            Path out = Files.createTempFile("cli-out", ".txt");
            Path err = Files.createTempFile("cli-err", ".txt");
            try {
                var builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
                builder.environment().putAll(env);
                Process p = builder.start();
                try (OutputStream in = p.getOutputStream()) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
                if (!p.waitFor(120, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new AssertionError("the command line did not end in 120 s: " + command);
                }
                return new CliProcess(p.exitValue(), Files.readString(out), Files.readString(err));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new AssertionError("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Both streams, for assertion messages and "never printed" checks. */
    String all() {
        return out + err;
    }
}
