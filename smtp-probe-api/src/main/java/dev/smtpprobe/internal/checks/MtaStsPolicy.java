package dev.smtpprobe.internal.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An MTA-STS policy file (RFC 8461 §3.2): {@code version: STSv1}, {@code mode} (enforce, testing or none), one or
 * more {@code mx} patterns and {@code max_age} in seconds, one {@code key: value} per line; unknown keys ignored.
 *
 * @param mode     the mode as written
 * @param mx       the MX patterns
 * @param maxAge   the max_age in seconds, when it was valid
 * @param problems what violates RFC 8461 §3.2 (empty when the policy is valid)
 * @param lfOnly   whether lines end in a bare LF rather than the CRLF of the ABNF
 */
record MtaStsPolicy(String mode, List<String> mx, Optional<Long> maxAge, List<String> problems, boolean lfOnly) {

    /** RFC 8461 §3.2: max_age is at most 31557600 (about a year). */
    static final long MAX_AGE_LIMIT = 31_557_600L;

    static MtaStsPolicy parse(String body) {
        var problems = new ArrayList<String>();
        var mx = new ArrayList<String>();
        String version = null;
        String mode = null;
        String maxAge = null;
        boolean lfOnly = body.contains("\n") && !body.contains("\r\n");
        for (String raw : body.split("\r?\n")) {
            String line = raw.strip();
            if (line.isEmpty()) {
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                problems.add("line \"" + line + "\" is not key: value");
                continue;
            }
            String key = line.substring(0, colon).strip();
            String value = line.substring(colon + 1).strip();
            switch (key) {
                case "version" -> version = version == null ? value : version;
                case "mode" -> mode = mode == null ? value : mode;
                case "max_age" -> maxAge = maxAge == null ? value : maxAge;
                case "mx" -> mx.add(value.toLowerCase(Locale.ROOT));
                default -> { } // RFC 8461 §3.2: unknown fields are ignored
            }
        }
        if (!"STSv1".equals(version)) {
            problems.add(version == null ? "no version field" : "version is " + version + ", not STSv1");
        }
        if (mode == null) {
            problems.add("no mode field");
        } else if (!List.of("enforce", "testing", "none").contains(mode)) {
            problems.add("mode " + mode + " is not enforce, testing or none");
        }
        Optional<Long> age = Optional.empty();
        if (maxAge == null) {
            problems.add("no max_age field");
        } else if (!maxAge.matches("[0-9]{1,10}") || Long.parseLong(maxAge) > MAX_AGE_LIMIT) {
            problems.add("max_age " + maxAge + " is not a number of seconds up to " + MAX_AGE_LIMIT);
        } else {
            age = Optional.of(Long.parseLong(maxAge));
        }
        if (mx.isEmpty() && !"none".equals(mode)) {
            problems.add("no mx field (required unless mode is none)");
        }
        for (String pattern : mx) {
            if (!pattern.matches("(\\*\\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+\\.?")) {
                problems.add("mx pattern \"" + pattern + "\" is not a host name or *.domain");
            }
        }
        return new MtaStsPolicy(mode == null ? "" : mode, List.copyOf(mx), age, List.copyOf(problems), lfOnly);
    }

    /**
     * The pattern {@code host} matches (RFC 8461 §4.1): equal ignoring case and a trailing dot, or {@code *.rest}
     * where the host is exactly one more label in front of {@code rest}.
     */
    Optional<String> patternFor(String host) {
        String h = bare(host);
        for (String pattern : mx) {
            String p = bare(pattern);
            if (p.startsWith("*.")) {
                String rest = p.substring(1); // ".example.com"
                if (h.endsWith(rest) && h.length() > rest.length() && h.indexOf('.') == h.length() - rest.length()) {
                    return Optional.of(pattern);
                }
            } else if (p.equals(h)) {
                return Optional.of(pattern);
            }
        }
        return Optional.empty();
    }

    private static String bare(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
