package dev.smtpprobe.internal.sasl;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/** Test helpers. */
final class TestBytes {

    private TestBytes() {}

    static byte[] unhex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
