package dev.smtpprobe.examples;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The argument of {@code MAIL FROM:} or {@code RCPT TO:} (RFC 5321 §4.1.2): the address between the angle
 * brackets and the ESMTP parameters after it.
 *
 * @param address    the address without its angle brackets; empty for the null reverse-path {@code <>}
 * @param parameters the ESMTP parameters as sent, e.g. {@code SIZE=1000}
 */
record SmtpPath(String address, List<String> parameters) {

    /** Copies the parameters. */
    SmtpPath {
        parameters = List.copyOf(parameters);
    }

    /**
     * Parses the text after the verb, e.g. {@code FROM:<a@b.test> SIZE=10} with keyword {@code FROM:}; empty
     * when it does not have that shape. A space after the colon is tolerated, as most servers do.
     */
    static Optional<SmtpPath> parse(String argument, String keyword) {
        if (!argument.toUpperCase(Locale.ROOT).startsWith(keyword)) {
            return Optional.empty();
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            return Optional.empty();
        }
        String after = rest.substring(close + 1);
        if (!after.isEmpty() && after.charAt(0) != ' ') {
            return Optional.empty();
        }
        List<String> parameters = after.isBlank() ? List.of() : List.of(after.trim().split(" +"));
        return Optional.of(new SmtpPath(rest.substring(1, close), parameters));
    }

    /** The value of a {@code KEY=value} parameter, keyword case-insensitive. */
    Optional<String> parameter(String key) {
        String prefix = key.toUpperCase(Locale.ROOT) + "=";
        return parameters.stream().filter(p -> p.toUpperCase(Locale.ROOT).startsWith(prefix))
                .map(p -> p.substring(prefix.length())).findFirst();
    }
}
