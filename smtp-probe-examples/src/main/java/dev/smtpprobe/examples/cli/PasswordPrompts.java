package dev.smtpprobe.examples.cli;

import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The password prompt of {@link SmtpProbeCli#main}: on the console without echo; without a console (input piped
 * in), the prompt on standard error and one line read from standard input, so that standard output carries only the
 * transcript or the JSON document.
 */
final class PasswordPrompts {

    private PasswordPrompts() {}

    /** The prompt on this console, or on {@code err} and {@code stdin} when there is none. */
    static PlanBuilder.PasswordPrompt of(Supplier<Console> console, Supplier<InputStream> stdin, PrintStream err) {
        return prompt -> {
            Console c = console.get();
            if (c != null) {
                return Optional.ofNullable(c.readPassword("%s", prompt));
            }
            err.print(prompt);
            err.flush();
            return readLine(stdin.get()).map(String::toCharArray);
        };
    }

    /** One line of UTF-8 without its CR LF, read byte by byte so that nothing after it is consumed; empty at EOF. */
    static Optional<String> readLine(InputStream in) {
        var line = new ByteArrayOutputStream();
        try {
            int b;
            while ((b = in.read()) != -1 && b != '\n') {
                line.write(b);
            }
            if (b == -1 && line.size() == 0) {
                return Optional.empty();
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String text = line.toString(StandardCharsets.UTF_8);
        return Optional.of(text.endsWith("\r") ? text.substring(0, text.length() - 1) : text);
    }
}
