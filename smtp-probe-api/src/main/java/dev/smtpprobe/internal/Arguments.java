package dev.smtpprobe.internal;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Checks a caller's argument before it becomes part of a command line (RFC 5321 §2.3.8, §4.1.1). Netty's encoder
 * writes each char as one byte ({@code (byte) c}), so U+010D would become CR: the check runs on exactly the
 * bytes that would be written and refuses CR, LF and NUL there, and any char outside US-ASCII before that.
 *
 * <p>Three levels: {@link #check} for free-form arguments (EHLO name, VRFY, raw command lines), {@link #address}
 * for the reverse-path and forward-path of MAIL and RCPT (RFC 5321 §4.1.2 Mailbox, RFC 6531 §3.3 under
 * SMTPUTF8), {@link #parameter} for one ESMTP parameter ({@code esmtp-keyword ["=" esmtp-value]}, RFC 5321
 * §4.1.2, with xtext for ENVID, ORCPT and AUTH, RFC 3461 §4, RFC 4954 §5). Every problem names the offending
 * character, escaped, and its index.
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
     * so the ASCII checks below cover the encoded bytes too. Where spaces are not allowed, neither are the other
     * characters a server splits words on (HT, VT, FF).
     */
    public static Optional<Problem> check(String value, boolean spaceAllowed, boolean utf8) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            Optional<Problem> encoding = encoding(value, i, utf8);
            if (encoding.isPresent()) {
                return encoding;
            }
            if (Character.isHighSurrogate(c)) {
                i++; // a well-formed pair (checked above)
                continue;
            }
            if (c > 0x7f) {
                continue; // UTF-8: multi-byte sequences hold no byte below 0x80
            }
            byte encoded = (byte) c; // what the ASCII encoder writes
            switch (encoded) {
                case '\r' -> { return Optional.of(new Problem(i, "CR (\\r) would end the command line")); }
                case '\n' -> { return Optional.of(new Problem(i, "LF (\\n) would end the command line")); }
                case 0 -> { return Optional.of(new Problem(i, "NUL (\\0) is not allowed in SMTP commands")); }
                case ' ', '\t', 0x0b, 0x0c -> {
                    if (!spaceAllowed) {
                        return Optional.of(new Problem(i, describe(c) + " would split it into two parameters"));
                    }
                }
                default -> { }
            }
        }
        return Optional.empty();
    }

    /**
     * The problem with {@code address} as the path of MAIL FROM or RCPT TO (written between {@code <} and
     * {@code >}), if any. What is refused is what could make the address more than one path or the line more than
     * one command: CR, LF, NUL, HT and every other control anywhere (C1 controls too under SMTPUTF8); {@code <},
     * {@code >} and SP outside a quoted local part; a quoted local part that is not well formed (RFC 5321
     * §4.1.2 Quoted-string); any character outside the RFC 5321 alphabet of its part (atext and {@code .} in a
     * local part, letters, digits, {@code -} and {@code .} in a domain, dcontent in an address literal; UTF-8 in
     * local part and domain under SMTPUTF8, RFC 6531 §3.3); a second {@code @} outside quotes; non-ASCII without
     * SMTPUTF8; under SMTPUTF8 a non-ASCII space (U+00A0, U+3000, ...) outside a quoted local part, as SP.
     *
     * <p>Sent as told, because a probe tests how servers judge them and none changes the shape of the command: the
     * empty address ({@code <>}, the null reverse-path, also for RCPT), an address without domain
     * ({@code Postmaster}, RFC 5321 §4.1.1.3, or any {@code user}) or with an empty one ({@code user@}), the
     * arrangement of dots in a local part ({@code first..last}, as some carriers' addresses have) and of labels in
     * a domain, the length limits of RFC 5321 §4.5.3.1 (the command line limit still applies), and a source route
     * ({@code @relay:user@example.test}, RFC 5321 §4.1.2 A-d-l, which clients SHOULD NOT send; an address literal
     * is allowed there too, as relay tests send {@code @[192.0.2.1]:user@example.test}).
     */
    public static Optional<Problem> address(String address, boolean utf8) {
        int n = address.length();
        int i = 0;
        if (n > 0 && address.charAt(0) == '@') {
            // A-d-l ":" : "@" domain *("," "@" domain) ":"
            while (true) {
                if (i >= n || address.charAt(i) != '@') {
                    return Optional.of(at(address, i, "a source route is @domain *(,@domain) followed by ':'"
                            + " (RFC 5321 §4.1.2 A-d-l)"));
                }
                int start = ++i;
                if (i < n && address.charAt(i) == '[') { // a relay test's @[192.0.2.1]: an address literal
                    int close = address.indexOf(']', i);
                    var bad = addressLiteral(address.substring(0, close < 0 ? n : close + 1), i);
                    if (bad.isPresent()) {
                        return bad;
                    }
                    i = close + 1;
                    if (i < n && ",:".indexOf(address.charAt(i)) < 0) {
                        return Optional.of(at(address, i, "only ',' or ':' may follow a source route's domain"));
                    }
                } else {
                    var bad = domain(address, i, utf8, ",:");
                    if (bad.isPresent()) {
                        return bad;
                    }
                    i = end(address, i, ",:");
                }
                if (i == start) {
                    return Optional.of(at(address, i, "a source route needs a domain after '@'"));
                }
                if (i >= n) {
                    return Optional.of(new Problem(n - 1, "a source route must end with ':' before the mailbox"
                            + " (RFC 5321 §4.1.2 A-d-l)"));
                }
                if (address.charAt(i++) == ':') {
                    break;
                }
            }
        }
        int localStart = i;
        if (i < n && address.charAt(i) == '"') {
            var quoted = quotedLocalPart(address, i, utf8);
            if (quoted.problem != null) {
                return Optional.of(quoted.problem);
            }
            i = quoted.end;
            if (i < n && address.charAt(i) != '@') {
                return Optional.of(at(address, i, "only '@' may follow a quoted local part (RFC 5321 §4.1.2)"));
            }
        } else {
            for (; i < n && address.charAt(i) != '@'; i++) {
                var bad = encoding(address, i, utf8);
                if (bad.isPresent()) {
                    return bad;
                }
                char c = address.charAt(i);
                if (unicodeSpace(c)) {
                    return Optional.of(at(address, i, UNICODE_SPACE));
                }
                if (c > 0x7f) {
                    if (Character.isHighSurrogate(c)) {
                        i++;
                    }
                    continue; // atext =/ UTF8-non-ascii (RFC 6531 §3.3)
                }
                if (!atext(c) && c != '.') {
                    return Optional.of(at(address, i, outsideQuotes(c, "a local part", "atext or '.'")));
                }
            }
            if (i == localStart && n > 0) {
                return Optional.of(at(address, i, "the local part is empty (RFC 5321 §4.1.2)"));
            }
        }
        if (i >= n) {
            return Optional.empty(); // no domain: <>, <Postmaster>, <user>; sent as told
        }
        i++; // '@'
        if (i < n && address.charAt(i) == '[') {
            return addressLiteral(address, i);
        }
        var bad = domain(address, i, utf8, "");
        if (bad.isPresent()) {
            return bad;
        }
        return Optional.empty();
    }

    /**
     * The problem with one ESMTP parameter of MAIL or RCPT, if any: {@code esmtp-keyword ["=" esmtp-value]}
     * (RFC 5321 §4.1.2): a keyword of letters, digits and {@code -} starting with a letter or digit; a value of at
     * least one character of {@code %d33-60 / %d62-126} (no {@code =}, SP, HT or control: a parameter is one
     * token), UTF-8 allowed under SMTPUTF8 (RFC 6531 §3.3); ENVID, AUTH (but {@code <>}) and an
     * {@code rfc822;} ORCPT must be xtext (RFC 3461 §4, RFC 4954 §5): {@code +} only as {@code +XX} with upper-case
     * hex digits, no non-ASCII.
     */
    public static Optional<Problem> parameter(String parameter, boolean utf8) {
        int n = parameter.length();
        if (n == 0) {
            return Optional.of(new Problem(-1, "empty: an ESMTP parameter is keyword[=value] (RFC 5321 §4.1.2)"));
        }
        int i = 0;
        for (; i < n && parameter.charAt(i) != '='; i++) {
            char c = parameter.charAt(i);
            boolean ok = c < 0x80 && (Character.isLetterOrDigit(c) || (c == '-' && i > 0));
            if (!ok) {
                int index = i;
                return Optional.of(encoding(parameter, i, utf8).orElseGet(() -> at(parameter, index, keywordWhy(c))));
            }
        }
        if (i == 0) {
            return Optional.of(new Problem(0, "'=' (U+003D) with no keyword before it (RFC 5321 §4.1.2 esmtp-keyword)"));
        }
        if (i == n) {
            return Optional.empty();
        }
        String keyword = parameter.substring(0, i);
        int valueStart = ++i;
        if (valueStart == n) {
            return Optional.of(new Problem(valueStart - 1, "'=' (U+003D) with no value after it (RFC 5321 §4.1.2:"
                    + " esmtp-value is at least one character)"));
        }
        for (; i < n; i++) {
            var bad = encoding(parameter, i, utf8);
            if (bad.isPresent()) {
                return bad;
            }
            char c = parameter.charAt(i);
            if (unicodeSpace(c)) {
                return Optional.of(at(parameter, i, UNICODE_SPACE));
            }
            if (c > 0x7f) {
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
                continue; // esmtp-value =/ UTF8-non-ascii (RFC 6531 §3.3)
            }
            if (c == '=') {
                return Optional.of(at(parameter, i, "a second '=' in one parameter (RFC 5321 §4.1.2: esmtp-value"
                        + " excludes '='; encode it, e.g. as xtext +3D)"));
            }
            if (c <= ' ' || c == 0x7f) {
                return Optional.of(at(parameter, i, c == ' ' || c == '\t'
                        ? "would split it into two parameters (RFC 5321 §4.1.2: a parameter is one token)"
                        : "a control character cannot be part of an ESMTP parameter"));
            }
        }
        String value = parameter.substring(valueStart);
        if (keyword.equalsIgnoreCase("ENVID")) {
            return xtext(parameter, valueStart, "ENVID (RFC 3461 §4.4)");
        }
        if (keyword.equalsIgnoreCase("AUTH") && !value.equals("<>")) {
            return xtext(parameter, valueStart, "AUTH (RFC 4954 §5)");
        }
        if (keyword.equalsIgnoreCase("ORCPT") && value.regionMatches(true, 0, "rfc822;", 0, 7)) {
            return xtext(parameter, valueStart + 7, "ORCPT's rfc822 address (RFC 3461 §4.2)");
        }
        return Optional.empty();
    }

    /** How many octets {@code line} takes on the wire: its chars as ASCII, or its UTF-8 encoding when {@code utf8}. */
    public static int octets(String line, boolean utf8) {
        return utf8 ? line.getBytes(StandardCharsets.UTF_8).length : line.length();
    }

    /**
     * A character named for a message, never raw when it could disturb a terminal: {@code CR (\r)}, {@code SP},
     * {@code '>' (U+003E)}, {@code control U+001B}, {@code U+00E9}.
     */
    public static String describe(int c) {
        return switch (c) {
            case '\r' -> "CR (\\r)";
            case '\n' -> "LF (\\n)";
            case '\t' -> "HT (\\t)";
            case 0 -> "NUL (\\0)";
            case ' ' -> "SP (space)";
            case 0x0b -> "VT (\\v)";
            case 0x0c -> "FF (\\f)";
            default -> {
                if (Character.getType(c) == Character.CONTROL) {
                    yield String.format("control U+%04X", c);
                }
                yield c < 0x80 ? String.format("'%c' (U+%04X)", (char) c, c) : String.format("U+%04X", c);
            }
        };
    }

    // --- the pieces ---

    private record Quoted(int end, Problem problem) {}

    /** DQUOTE *(qtextSMTP / quoted-pairSMTP) DQUOTE from {@code start}; UTF-8 in qtext under SMTPUTF8. */
    private static Quoted quotedLocalPart(String s, int start, boolean utf8) {
        for (int i = start + 1; i < s.length(); i++) {
            var bad = encoding(s, i, utf8);
            if (bad.isPresent()) {
                return new Quoted(i, bad.get());
            }
            char c = s.charAt(i);
            if (c > 0x7f) {
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
                continue; // qtextSMTP =/ UTF8-non-ascii (RFC 6531 §3.3)
            }
            if (c < ' ' || c == 0x7f) {
                return new Quoted(i, at(s, i, "a control character is not allowed even in a quoted local part"
                        + " (RFC 5321 §4.1.2 qtextSMTP)"));
            }
            if (c == '"') {
                return new Quoted(i + 1, null);
            }
            if (c == '\\') {
                if (i + 1 >= s.length()) {
                    return new Quoted(i, new Problem(i, "'\\' (U+005C) at the end: quoted-pairSMTP needs a character"
                            + " after it and the closing '\"' is missing"));
                }
                char next = s.charAt(i + 1);
                if (next < ' ' || next > '~') {
                    return new Quoted(i + 1, at(s, i + 1, "cannot be quoted with '\\' (RFC 5321 §4.1.2"
                            + " quoted-pairSMTP is '\\' and %d32-126)"));
                }
                i++;
            }
        }
        return new Quoted(s.length(), new Problem(start, "'\"' (U+0022) opens a quoted local part that is never"
                + " closed (RFC 5321 §4.1.2 Quoted-string)"));
    }

    /** A domain from {@code start} up to the end or one of {@code stops}: letters, digits, '-', '.', UTF-8 (U-label). */
    private static Optional<Problem> domain(String s, int start, boolean utf8, String stops) {
        for (int i = start; i < s.length() && stops.indexOf(s.charAt(i)) < 0; i++) {
            var bad = encoding(s, i, utf8);
            if (bad.isPresent()) {
                return bad;
            }
            char c = s.charAt(i);
            if (unicodeSpace(c)) {
                return Optional.of(at(s, i, UNICODE_SPACE));
            }
            if (c > 0x7f) {
                if (Character.isHighSurrogate(c)) {
                    i++;
                }
                continue; // sub-domain =/ U-label (RFC 6531 §3.3)
            }
            if (!(Character.isLetterOrDigit(c) || c == '-' || c == '.')) {
                return Optional.of(at(s, i, c == '@' ? "a second '@' outside a quoted local part (RFC 5321 §4.1.2)"
                        : outsideQuotes(c, "a domain", "letters, digits, '-' and '.'")));
            }
        }
        return Optional.empty();
    }

    private static int end(String s, int start, String stops) {
        int i = start;
        while (i < s.length() && stops.indexOf(s.charAt(i)) < 0) {
            i++;
        }
        return i;
    }

    /** "[" 1*dcontent "]" at the end of the address (RFC 5321 §4.1.3; dcontent is %d33-90 / %d94-126). */
    private static Optional<Problem> addressLiteral(String s, int open) {
        int i = open + 1;
        for (; i < s.length() && s.charAt(i) != ']'; i++) {
            char c = s.charAt(i);
            boolean dcontent = (c >= 33 && c <= 90) || (c >= 94 && c <= 126);
            if (!dcontent) {
                int index = i;
                var bad = c < 0x80 ? encoding(s, i, false) : Optional.<Problem>empty();
                return Optional.of(bad.orElseGet(() -> at(s, index, outsideQuotes(c, "an address literal",
                        "printable ASCII but '[', '\\' and ']'"))));
            }
        }
        if (i >= s.length()) {
            return Optional.of(new Problem(open, "'[' (U+005B) opens an address literal that is never closed with ']'"));
        }
        if (i == open + 1) {
            return Optional.of(new Problem(i, "an empty address literal '[]'"));
        }
        if (i + 1 < s.length()) {
            return Optional.of(at(s, i + 1, "nothing may follow the address literal's ']'"));
        }
        return Optional.empty();
    }

    /** +XX with upper-case hex, every other char %d33-126 but '+' and '=' (RFC 3461 §4). */
    private static Optional<Problem> xtext(String s, int start, String what) {
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7e) {
                return Optional.of(at(s, i, "is not xtext: " + what + " carries non-ASCII only as +XX (RFC 3461 §4)"));
            }
            if (c == '+') {
                if (i + 2 >= s.length() || !hex(s.charAt(i + 1)) || !hex(s.charAt(i + 2))) {
                    return Optional.of(at(s, i, "is not xtext: in " + what + " '+' must start +XX with two"
                            + " upper-case hex digits (RFC 3461 §4)"));
                }
                i += 2;
            }
        }
        return Optional.empty();
    }

    private static final String UNICODE_SPACE = "is a space in disguise (Unicode space separator): outside a quoted"
            + " local part it is refused as SP is, so that people and UTF-8 aware servers never read two words";

    /** A non-ASCII space (U+00A0, U+2000-U+200A, U+2028, U+3000, ...), which SMTPUTF8 would otherwise let through. */
    private static boolean unicodeSpace(char c) {
        return c > 0x7f && (Character.isSpaceChar(c) || Character.isWhitespace(c));
    }

    private static boolean hex(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F');
    }

    /**
     * What the encoder cannot write at {@code i}: non-ASCII without SMTPUTF8, a lone surrogate, a CR, LF or NUL,
     * and (for a path or a parameter) any other control, C1 controls included.
     */
    private static Optional<Problem> encoding(String s, int i, boolean utf8) {
        char c = s.charAt(i);
        if (c > 0x7f && !utf8) {
            return Optional.of(new Problem(i, String.format("non-ASCII character U+%04X (SMTPUTF8 is not in use)", (int) c)));
        }
        if (Character.isSurrogate(c)) {
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (!paired) {
                return Optional.of(new Problem(i, "a lone surrogate cannot be encoded as UTF-8"));
            }
            return Optional.empty();
        }
        return switch (c) {
            case '\r' -> Optional.of(new Problem(i, "CR (\\r) would end the command line"));
            case '\n' -> Optional.of(new Problem(i, "LF (\\n) would end the command line"));
            case 0 -> Optional.of(new Problem(i, "NUL (\\0) is not allowed in SMTP commands"));
            default -> c >= 0x80 && c <= 0x9f
                    ? Optional.of(new Problem(i, describe(c) + ": a control character is not allowed here"))
                    : Optional.empty();
        };
    }

    private static Problem at(String s, int i, String why) {
        if (i >= s.length()) {
            return new Problem(i, why);
        }
        return new Problem(i, describe(s.codePointAt(i)) + " " + why);
    }

    private static String outsideQuotes(char c, String part, String allowed) {
        return switch (c) {
            case '<', '>' -> "outside a quoted local part: an address can never carry a parameter or end the path"
                    + " early";
            case ' ', '\t' -> "outside a quoted local part would split the command into more parameters";
            default -> c < ' ' || c == 0x7f ? "a control character is not allowed in an address"
                    : "is not allowed in " + part + " (RFC 5321 §4.1.2: " + allowed + ")";
        };
    }

    private static String keywordWhy(char c) {
        return c == ' ' || c == '\t' ? "would split it into two parameters (RFC 5321 §4.1.2: a parameter is one token)"
                : c < ' ' || c == 0x7f ? "a control character cannot be part of an ESMTP parameter"
                : "is not allowed in an esmtp-keyword (letters, digits and '-' after the first, RFC 5321 §4.1.2)";
    }

    /** RFC 5321 §4.1.2 atext (RFC 5322 §3.2.3): letters, digits and {@code !#$%&'*+-/=?^_`{|}~}. */
    private static boolean atext(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "!#$%&'*+-/=?^_`{|}~".indexOf(c) >= 0;
    }
}
