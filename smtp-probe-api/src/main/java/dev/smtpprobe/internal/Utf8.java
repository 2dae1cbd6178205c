package dev.smtpprobe.internal;

/**
 * Sizes in UTF-8 without encoding: the one place the transcript's byte accounting (its {@code maxBytes} limit,
 * RFC 3629 encoding lengths) counts them.
 */
public final class Utf8 {

    private Utf8() {}

    /**
     * The length of {@code text}'s UTF-8 encoding as {@link String#getBytes} with UTF-8 makes it: one octet below
     * U+0080, two below U+0800, four for a surrogate pair, three otherwise; a lone surrogate becomes the one
     * {@code ?} the encoder writes for it.
     */
    public static int length(String text) {
        int n = text.length();
        int length = n;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (c >= 0x80) {
                if (c < 0x800) {
                    length += 1;
                } else if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(text.charAt(i + 1))) {
                    length += 2; // four octets for the pair's two chars
                    i++;
                } else if (!Character.isSurrogate(c)) {
                    length += 2;
                } // a lone surrogate: one octet, as counted
            }
        }
        return length;
    }

    /** Whether every octet of {@code bytes[from, to)} is below 0x80 (US-ASCII: its UTF-8 decoding has as many chars). */
    public static boolean isAscii(byte[] bytes, int from, int to) {
        int bits = 0;
        for (int i = from; i < to; i++) {
            bits |= bytes[i]; // no branch per octet: a negative one sets the sign bit
        }
        return bits >= 0;
    }

    /** True when {@code bytes} are {@code line}'s characters, each ASCII: then they are its UTF-8 encoding. */
    public static boolean isAsciiOf(byte[] bytes, String line) {
        if (bytes.length != line.length()) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] < 0 || bytes[i] != line.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
