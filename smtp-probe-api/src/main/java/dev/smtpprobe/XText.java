package dev.smtpprobe;

import java.nio.charset.StandardCharsets;

/** xtext (RFC 3461 §4): printable ASCII but {@code +} and {@code =} as is, every other byte as {@code +XX}. */
final class XText {

    private XText() {}

    static String encode(String text) {
        var out = new StringBuilder();
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= '!' && c <= '~' && c != '+' && c != '=') {
                out.append((char) c);
            } else {
                out.append('+').append(String.format("%02X", c));
            }
        }
        return out.toString();
    }
}
