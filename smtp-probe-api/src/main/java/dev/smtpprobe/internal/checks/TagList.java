package dev.smtpprobe.internal.checks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code key=value; key=value} text of the MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) TXT records: fields
 * separated by {@code ;} with optional blanks around, the version field first.
 *
 * @param fields the fields in order (a repeated key keeps its first value)
 * @param error  what makes the text malformed, if anything
 */
record TagList(Map<String, String> fields, Optional<String> error) {

    /** Parses {@code text}; the first field must be {@code v=<version>}. */
    static TagList parse(String text, String version) {
        var fields = new LinkedHashMap<String, String>();
        String[] parts = text.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                if (i == parts.length - 1) {
                    continue; // a trailing ';' is allowed
                }
                return new TagList(fields, Optional.of("empty field in \"" + text + "\""));
            }
            int eq = part.indexOf('=');
            if (eq <= 0) {
                return new TagList(fields, Optional.of("field \"" + part + "\" is not key=value"));
            }
            String key = part.substring(0, eq);
            if (!key.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")) {
                return new TagList(fields, Optional.of("field name \"" + key + "\" is not allowed"));
            }
            fields.putIfAbsent(key, part.substring(eq + 1));
        }
        if (!text.startsWith("v=" + version) || !version.equals(fields.get("v"))) {
            return new TagList(fields, Optional.of("does not start with v=" + version));
        }
        return new TagList(fields, Optional.empty());
    }

    /** The value of {@code key}. */
    Optional<String> get(String key) {
        return Optional.ofNullable(fields.get(key));
    }
}
