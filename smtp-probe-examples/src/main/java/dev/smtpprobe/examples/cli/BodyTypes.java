package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MailParameters;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The values of {@code --body-type}: the keywords of {@code BODY=} as written on the wire ({@code 7BIT},
 * {@code 8BITMIME}, RFC 6152; {@code BINARYMIME}, RFC 3030), read ignoring case.
 */
final class BodyTypes {

    private BodyTypes() {}

    /** The body type whose keyword is {@code text}, ignoring case. */
    static MailParameters.Body parse(String text) {
        for (MailParameters.Body body : MailParameters.Body.values()) {
            if (body.keyword().equals(text.toUpperCase(Locale.ROOT))) {
                return body;
            }
        }
        throw new IllegalArgumentException("unknown body type '" + text + "'; one of " + String.join(", ", keywords()));
    }

    private static Iterable<String> keywords() {
        return Arrays.stream(MailParameters.Body.values()).map(MailParameters.Body::keyword).toList();
    }

    /** picocli's converter for {@code --body-type}. */
    static final class Converter implements ITypeConverter<MailParameters.Body> {
        @Override
        public MailParameters.Body convert(String value) {
            try {
                return parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** The keywords for help and shell completion. */
    static final class Candidates implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return keywords().iterator();
        }
    }
}
