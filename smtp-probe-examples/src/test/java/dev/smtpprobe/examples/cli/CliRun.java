package dev.smtpprobe.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;

/**
 * One in-process run of the command line through picocli's {@code CommandLine.execute}, as {@code main} runs it but
 * with the output captured and the environment, standard input, clock and password prompt given.
 *
 * @param exit the exit code
 * @param out  what was printed on standard output
 * @param err  what was printed on standard error
 */
record CliRun(int exit, String out, String err) {

    /** The clock of every in-process run: the Date header is {@code Sun, 29 Nov 2026 10:00:00 +0000}. */
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);

    /** Runs with no environment, empty input and no one to ask for a password. */
    static CliRun run(String... args) {
        return run(Map.of(), Optional.empty(), args);
    }

    /** Runs with this environment; {@code typed} is what the password prompt gets, if anything. */
    static CliRun run(Map<String, String> env, Optional<String> typed, String... args) {
        var out = new StringWriter();
        var err = new StringWriter();
        var cli = new SmtpProbeCli(env::get, () -> new ByteArrayInputStream("body from stdin\n".getBytes(StandardCharsets.UTF_8)),
                CLOCK, prompt -> typed.map(String::toCharArray));
        var commandLine = SmtpProbeCli.commandLine(cli);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }

    /** Standard output and error together, for assertion messages and "never printed" checks. */
    String all() {
        return out + err;
    }
}
