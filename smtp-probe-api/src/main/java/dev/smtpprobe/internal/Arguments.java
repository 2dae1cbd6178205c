package dev.smtpprobe.internal;

import java.util.Optional;

/**
 * Checks a caller's argument before it becomes part of a command line (RFC 5321 §2.3.8, §4.1.1). Netty's encoder
 * writes each char as one byte ({@code (byte) c}), so U+010D would become CR: the check runs on exactly the
 * bytes that would be written and refuses CR, LF and NUL there, and any char outside US-ASCII before that.
 */
public final class Arguments {

    /** Why and where an argument is refused. */
    public record Problem(int index, String why) {}

    private Arguments() {}

    /** The problem with {@code value} as part of a command line, if any; spaces allowed when {@code spaceAllowed}. */
    public static Optional<Problem> check(String value, boolean spaceAllowed) {
        return check(value, spaceAllowed, false);
    }

    /**
     * The same check for a line written as UTF-8 when {@code utf8} (SMTPUTF8, RFC 6531): non-ASCII is allowed but
     * must be well-formed (no lone surrogate), and UTF-8 never encodes a non-ASCII char with a CR, LF or NUL byte,
     * so the ASCII checks below cover the encoded bytes too.
     */
    public static Optional<Problem> check(String value, boolean spaceAllowed, boolean utf8) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (utf8 && Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length()
                        && Character.isLowSurrogate(value.charAt(i + 1));
                if (!paired) {
                    return Optional.of(new Problem(i, "a lone surrogate cannot be encoded as UTF-8"));
                }
                i++;
                continue;
            }
            if (c > 0x7f && !utf8) {
                return Optional.of(new Problem(i, String.format("non-ASCII character U+%04X (SMTPUTF8 is not in use)", (int) c)));
            }
            if (c > 0x7f) {
                continue; // UTF-8: multi-byte sequences hold no byte below 0x80
            }
            byte encoded = (byte) c; // what the ASCII encoder writes
            switch (encoded) {
                case '\r' -> { return Optional.of(new Problem(i, "CR (\\r) would end the command line")); }
                case '\n' -> { return Optional.of(new Problem(i, "LF (\\n) would end the command line")); }
                case 0 -> { return Optional.of(new Problem(i, "NUL (\\0) is not allowed in SMTP commands")); }
                case ' ' -> {
                    if (!spaceAllowed) {
                        return Optional.of(new Problem(i, "a space would split it into two parameters"));
                    }
                }
                default -> { }
            }
        }
        return Optional.empty();
    }
}
