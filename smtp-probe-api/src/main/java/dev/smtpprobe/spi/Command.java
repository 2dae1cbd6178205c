package dev.smtpprobe.spi;

import java.util.List;
import java.util.Objects;

/**
 * One command line, already validated by the API: the verb, its space-separated parameters, and the form the
 * transcript shows (secrets redacted). An empty verb means "send the single parameter as the whole line".
 *
 * @param verb    the SMTP verb ({@code EHLO}, {@code MAIL}, ...) or "" for a raw line
 * @param params  the parameters, written after the verb separated by single spaces
 * @param display the line for the transcript
 * @param utf8    true when the line must be written as UTF-8 (SMTPUTF8, RFC 6531), not one byte per char
 */
public record Command(String verb, List<String> params, String display, boolean utf8) {

    /** Copies the parameters. */
    public Command {
        Objects.requireNonNull(verb, "verb");
        params = List.copyOf(params);
        Objects.requireNonNull(display, "display");
    }

    /** An ASCII command line. */
    public Command(String verb, List<String> params, String display) {
        this(verb, params, display, false);
    }

    /** The line as it goes on the wire, without CRLF. */
    public String line() {
        return lineOf(verb, params);
    }

    /**
     * The line of a command with {@code verb} (empty for a raw line) and {@code params}, each separated by one space,
     * as {@link #line()} makes it: for a command's display, before the command is made.
     */
    public static String lineOf(String verb, List<String> params) {
        if (params.isEmpty()) {
            return verb;
        }
        if (verb.isEmpty() && params.size() == 1) {
            return params.get(0);
        }
        var line = new StringBuilder(verb);
        for (int i = 0; i < params.size(); i++) { // indexed, no joiner: one builder per line
            if (i > 0 || !verb.isEmpty()) {
                line.append(' ');
            }
            line.append(params.get(i));
        }
        return line.toString();
    }

    /** Whether this is the DATA command, after which the server expects content. */
    public boolean isData() {
        return verb.equals("DATA");
    }
}
