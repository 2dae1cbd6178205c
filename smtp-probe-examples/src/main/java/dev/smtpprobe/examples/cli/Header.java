package dev.smtpprobe.examples.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * One message header of {@code --header "Name: value"} (RFC 5322 §2.2): a name of printable ASCII without colon or
 * space, and a value without CR, LF or NUL (a line break would let one option smuggle in more headers or end the
 * header section).
 *
 * @param name  the field name, e.g. {@code Subject}
 * @param value the field body, trimmed
 */
public record Header(String name, String value) {

    /** Checks the name and the value. */
    public Header {
        if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
            throw new IllegalArgumentException("'" + name + "' is not a header name (printable ASCII, no space or colon)");
        }
        if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
            throw new IllegalArgumentException("the value of header " + name + " holds CR, LF or NUL");
        }
    }

    /**
     * Parses {@code Name: value}.
     *
     * @throws IllegalArgumentException when there is no colon, or the name or value is not allowed
     */
    public static Header parse(String text) {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + text + "' is not a header: write \"Name: value\"");
        }
        return new Header(text.substring(0, colon).trim(), text.substring(colon + 1).trim());
    }

    /** Whether this header has {@code other}'s name (names are case-insensitive). */
    public boolean sameName(String other) {
        return name.toLowerCase(Locale.ROOT).equals(other.toLowerCase(Locale.ROOT));
    }

    /** The header line as written in the message. */
    @Override
    public String toString() {
        return name + ": " + value;
    }

    /** picocli's converter for {@code --header}. */
    static final class Converter implements ITypeConverter<Header> {
        @Override
        public Header convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
