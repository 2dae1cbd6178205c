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
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c > 0x7f) {
                return Optional.of(new Problem(i, String.format("non-ASCII character U+%04X (SMTPUTF8 is not in use)", (int) c)));
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
