package dev.smtpprobe.testing;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * One command a client sent to a {@link FakeSmtpServer} (RFC 5321 §4.1.1), as the server parsed it: the verb in
 * upper case, the rest of the line, the line itself, and for the content that followed it the bytes.
 *
 * <p>Two pseudo-commands carry message content: {@code "."} is the end of DATA content (RFC 5321 §4.1.1.4; its
 * {@link #content()} is the message with dot-stuffing undone and without the final {@code .CRLF}), and a
 * {@code BDAT} command (RFC 3030) carries its chunk in {@link #content()}. Every other command has empty content.
 *
 * @param verb     the first word of the line in upper case, e.g. {@code MAIL}; {@code "."} for the end of DATA
 * @param argument what follows the verb and one space, as sent (e.g. {@code FROM:<a@b.test> SIZE=10}); may be empty
 * @param line     the whole line as sent, without CRLF, decoded as UTF-8
 * @param content  the DATA message or BDAT chunk; empty for other commands (the accessor returns a copy)
 */
public record Command(String verb, String argument, String line, byte[] content) {

    /** Checks the parts and copies the content. */
    public Command {
        Objects.requireNonNull(verb, "verb");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(line, "line");
        content = content.clone();
    }

    /** Parses a command line (without CRLF): the verb is everything up to the first space. */
    public static Command parse(String line) {
        int space = line.indexOf(' ');
        String verb = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        return new Command(verb, space < 0 ? "" : line.substring(space + 1), line, new byte[0]);
    }

    /** This command with {@code bytes} as its content. */
    Command withContent(byte[] bytes) {
        return new Command(verb, argument, line, bytes);
    }

    /** A copy of the content bytes. */
    @Override
    public byte[] content() {
        return content.clone();
    }

    /** The content decoded as UTF-8. */
    public String contentText() {
        return new String(content, StandardCharsets.UTF_8);
    }

    /** Whether the verb is {@code verb}, ignoring case. */
    public boolean is(String verb) {
        return this.verb.equalsIgnoreCase(verb);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Command c && c.verb.equals(verb) && c.argument.equals(argument) && c.line.equals(line)
                && java.util.Arrays.equals(c.content, content);
    }

    @Override
    public int hashCode() {
        return Objects.hash(verb, argument, line, java.util.Arrays.hashCode(content));
    }

    @Override
    public String toString() {
        return content.length == 0 ? line : line + " (+" + content.length + " bytes)";
    }
}
