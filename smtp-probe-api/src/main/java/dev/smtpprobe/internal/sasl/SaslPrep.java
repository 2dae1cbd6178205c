package dev.smtpprobe.internal.sasl;

import java.text.Normalizer;

/**
 * SASLprep (RFC 4013, a profile of stringprep, RFC 3454) as SCRAM uses it for user names and passwords (RFC 5802
 * §2.2: "query" strings, so unassigned code points are allowed).
 *
 * <p>What is implemented:
 * <ol>
 *   <li>Mapping: the non-ASCII spaces of table C.1.2 become U+0020; the "commonly mapped to nothing" characters of
 *       table B.1 are removed. (U+200B is in both tables; like common implementations we apply C.1.2 first.)</li>
 *   <li>Normalization: Unicode NFKC through {@link Normalizer}.</li>
 *   <li>Prohibited output: tables C.1.2, C.2.1, C.2.2, C.3, C.4, C.5, C.6, C.7, C.8 and C.9 are refused.</li>
 *   <li>Bidirectional text (RFC 3454 §6): a string with a right-to-left character (R or AL) must not contain a
 *       left-to-right one (L) and must start and end with a right-to-left one.</li>
 * </ol>
 *
 * <p>The subset's limits: the tables are those of RFC 3454 but normalization and bidi classes come from the JDK's
 * Unicode version, not Unicode 3.2; for the code points assigned since, results may differ from a strict
 * implementation. A printable ASCII string is always returned unchanged.
 */
final class SaslPrep {

    private SaslPrep() {}

    /**
     * The prepared string.
     *
     * @param what what the value is ("user name", "password"), for the error message; the value itself is never
     *     put in a message, as it may be a secret
     * @throws IllegalArgumentException if the string contains a character SASLprep prohibits
     */
    static String prepare(String value, String what) {
        if (isPrintableAscii(value)) {
            return value;
        }
        StringBuilder mapped = new StringBuilder(value.length());
        value.codePoints().forEach(cp -> {
            if (isNonAsciiSpace(cp)) {
                mapped.append(' ');
            } else if (!isMappedToNothing(cp)) {
                mapped.appendCodePoint(cp);
            }
        });
        String normalized = Normalizer.normalize(mapped, Normalizer.Form.NFKC);
        // A lone surrogate survives codePoints() as itself: C.5 catches it below.
        normalized.codePoints().forEach(cp -> {
            if (isProhibited(cp)) {
                throw new IllegalArgumentException("SASLprep: the " + what + " contains a prohibited character");
            }
        });
        checkBidi(normalized, what);
        return normalized;
    }

    private static boolean isPrintableAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** RFC 3454 table C.1.2. */
    static boolean isNonAsciiSpace(int cp) {
        return cp == 0x00a0 || cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200b) || cp == 0x202f || cp == 0x205f
                || cp == 0x3000;
    }

    /** RFC 3454 table B.1. */
    static boolean isMappedToNothing(int cp) {
        return cp == 0x00ad || cp == 0x034f || cp == 0x1806 || (cp >= 0x180b && cp <= 0x180d)
                || (cp >= 0x200b && cp <= 0x200d) || cp == 0x2060 || (cp >= 0xfe00 && cp <= 0xfe0f)
                || cp == 0xfeff;
    }

    private static boolean isProhibited(int cp) {
        return isNonAsciiSpace(cp)
                // C.2.1 ASCII control characters
                || cp <= 0x1f || cp == 0x7f
                // C.2.2 non-ASCII control characters
                || (cp >= 0x80 && cp <= 0x9f) || cp == 0x06dd || cp == 0x070f || cp == 0x180e || cp == 0x200c
                || cp == 0x200d || cp == 0x2028 || cp == 0x2029 || (cp >= 0x2060 && cp <= 0x2063)
                || (cp >= 0x206a && cp <= 0x206f) || cp == 0xfeff || (cp >= 0xfff9 && cp <= 0xfffc)
                || (cp >= 0x1d173 && cp <= 0x1d17a)
                // C.3 private use
                || (cp >= 0xe000 && cp <= 0xf8ff) || (cp >= 0xf0000 && cp <= 0xffffd)
                || (cp >= 0x100000 && cp <= 0x10fffd)
                // C.4 non-character code points
                || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe
                // C.5 surrogate codes
                || (cp >= 0xd800 && cp <= 0xdfff)
                // C.6 inappropriate for plain text
                || (cp >= 0xfff9 && cp <= 0xfffd)
                // C.7 inappropriate for canonical representation
                || (cp >= 0x2ff0 && cp <= 0x2ffb)
                // C.8 change display properties or deprecated
                || cp == 0x0340 || cp == 0x0341 || cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e)
                // C.9 tagging characters
                || cp == 0xe0001 || (cp >= 0xe0020 && cp <= 0xe007f);
    }

    private static void checkBidi(String s, String what) {
        boolean hasRtl = false;
        boolean hasLtr = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            hasRtl |= isRtl(cp);
            hasLtr |= Character.getDirectionality(cp) == Character.DIRECTIONALITY_LEFT_TO_RIGHT;
            i += Character.charCount(cp);
        }
        if (!hasRtl) {
            return;
        }
        if (hasLtr || !isRtl(s.codePointAt(0)) || !isRtl(s.codePointBefore(s.length()))) {
            throw new IllegalArgumentException("SASLprep: the " + what + " mixes right-to-left and other text in a"
                    + " way RFC 3454 section 6 prohibits");
        }
    }

    private static boolean isRtl(int cp) {
        byte d = Character.getDirectionality(cp);
        return d == Character.DIRECTIONALITY_RIGHT_TO_LEFT || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC;
    }
}
