package dev.smtpprobe;

/**
 * The one escaping of server-controlled text for people: what {@link Reply#toString()}, {@link TranscriptEntry},
 * {@link Transcript#toString()}, every {@link ProbeException} message, the check reports and the command line use
 * before text reaches a terminal or a log. A terminal obeys control characters — ESC starts a sequence that clears
 * the screen or sets the window title, CR returns to the start of the line so that what follows overwrites it — so
 * a server must not be able to send them to the person reading.
 *
 * <p>RFC 5321 §4.2 {@code textstring} is HT, SP and printable US-ASCII; RFC 6531 §3.7.4 adds UTF-8 under SMTPUTF8.
 * {@link #text(CharSequence)} keeps HT, SP, printable ASCII (including the backslash) and every visible non-ASCII
 * character as it is, whether or not SMTPUTF8 was negotiated (a letter cannot move the cursor), and shows
 * everything else visibly:
 * <ul>
 *   <li>CR as {@code \r}, LF as {@code \n};</li>
 *   <li>the other C0 controls and DEL as {@code \xNN} ({@code \x1b} for ESC, {@code \x00} for NUL, {@code \x08}
 *       for BS, {@code \x7f} for DEL);</li>
 *   <li>non-ASCII code points that are not visible characters — C1 controls, format characters such as the
 *       bidirectional overrides (U+202E), line and paragraph separators, spaces other than SP, private-use,
 *       unassigned and lone surrogates — as <code>&#92;u{XXXX}</code>;</li>
 *   <li>with {@link #utf8(byte[])}, each byte that is not part of well-formed UTF-8 (RFC 3629) as {@code \xNN}.</li>
 * </ul>
 * The result never contains a control character other than HT, and escaping it again changes nothing, so a
 * printer may apply it to text that was already escaped. A backslash in the server's text is kept as it is: the
 * rendering is for reading, not for recovering the bytes, which {@link Reply#wire()} and
 * {@link TranscriptEntry#bytes()} give exactly.
 */
public final class Printable {

    private Printable() {}

    /** {@code text} with every character that is not HT, SP or visible shown as an escape (see the class). */
    public static String text(CharSequence text) {
        int n = text.length();
        int i = 0;
        while (i < n && plain(text.charAt(i))) {
            i++;
        }
        if (i == n) {
            return text.toString(); // the common case: printable ASCII
        }
        var out = new StringBuilder(n + 16).append(text, 0, i);
        while (i < n) {
            int cp = Character.codePointAt(text, i);
            append(out, cp);
            i += Character.charCount(cp);
        }
        return out.toString();
    }

    /**
     * {@code bytes} decoded as UTF-8 and escaped like {@link #text(CharSequence)}, with each byte that is not part
     * of a well-formed UTF-8 sequence (RFC 3629 §4: no overlong form, no surrogate, nothing above U+10FFFF) shown
     * as {@code \xNN} instead of being replaced by U+FFFD.
     */
    public static String utf8(byte[] bytes) {
        var out = new StringBuilder(bytes.length + 16);
        int i = 0;
        while (i < bytes.length) {
            int b = bytes[i] & 0xff;
            if (b < 0x80) {
                append(out, b);
                i++;
                continue;
            }
            int length = sequenceLength(bytes, i);
            if (length == 0) {
                hex(out, b);
                i++;
                continue;
            }
            int cp = b & (0x7f >> length);
            for (int k = 1; k < length; k++) {
                cp = (cp << 6) | (bytes[i + k] & 0x3f);
            }
            append(out, cp);
            i += length;
        }
        return out.toString();
    }

    /**
     * The exact bytes of an excerpt between double quotes, one escape per byte outside printable ASCII: {@code \r},
     * {@code \n}, {@code \t}, {@code \\}, {@code \"} and {@code \xNN} (non-ASCII bytes too, one by one), so that
     * the bytes can be read back from it. For protocol violations, where the bytes themselves are the news.
     */
    public static String quoted(byte[] bytes) {
        var out = new StringBuilder(bytes.length + 8).append('"');
        for (byte b : bytes) {
            int c = b & 0xff;
            switch (c) {
                case '\r' -> out.append("\\r");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\\' -> out.append("\\\\");
                case '"' -> out.append("\\\"");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        hex(out, c);
                    } else {
                        out.append((char) c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** HT, SP and printable ASCII: kept as they are. */
    private static boolean plain(char c) {
        return c >= 0x20 && c < 0x7f || c == '\t';
    }

    private static void append(StringBuilder out, int cp) {
        if (cp < 0x80) {
            if (plain((char) cp)) {
                out.append((char) cp);
            } else if (cp == '\r') {
                out.append("\\r");
            } else if (cp == '\n') {
                out.append("\\n");
            } else {
                hex(out, cp);
            }
        } else if (visible(cp)) {
            out.appendCodePoint(cp);
        } else {
            out.append("\\u{").append(String.format(java.util.Locale.ROOT, "%04X", cp)).append('}');
        }
    }

    /** A non-ASCII code point that a terminal draws as a character and that cannot pass for something else. */
    private static boolean visible(int cp) {
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.SPACE_SEPARATOR, Character.PRIVATE_USE, Character.SURROGATE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }

    private static void hex(StringBuilder out, int b) {
        out.append("\\x").append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
    }

    /** The length of the well-formed UTF-8 sequence starting at {@code i} (RFC 3629 §4), or 0 if there is none. */
    private static int sequenceLength(byte[] bytes, int i) {
        int b = bytes[i] & 0xff;
        int length;
        int min = 0x80;
        int max = 0xbf;
        if (b >= 0xc2 && b <= 0xdf) {
            length = 2;
        } else if (b >= 0xe0 && b <= 0xef) {
            length = 3;
            if (b == 0xe0) {
                min = 0xa0; // overlong
            } else if (b == 0xed) {
                max = 0x9f; // surrogates
            }
        } else if (b >= 0xf0 && b <= 0xf4) {
            length = 4;
            if (b == 0xf0) {
                min = 0x90; // overlong
            } else if (b == 0xf4) {
                max = 0x8f; // above U+10FFFF
            }
        } else {
            return 0;
        }
        if (i + length > bytes.length) {
            return 0;
        }
        int second = bytes[i + 1] & 0xff;
        if (second < min || second > max) {
            return 0;
        }
        for (int k = 2; k < length; k++) {
            int c = bytes[i + k] & 0xff;
            if (c < 0x80 || c > 0xbf) {
                return 0;
            }
        }
        return length;
    }
}
