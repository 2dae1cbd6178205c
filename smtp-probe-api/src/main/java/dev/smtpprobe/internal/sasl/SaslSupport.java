package dev.smtpprobe.internal.sasl;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Small byte helpers shared by the mechanisms. */
final class SaslSupport {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private SaslSupport() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] utf16le(String s) {
        return s.getBytes(StandardCharsets.UTF_16LE);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static String requireText(String value, String what) {
        return Objects.requireNonNull(value, what);
    }

    /**
     * HMAC ({@code HmacMD5}, {@code HmacSHA256}, ...) of the concatenated parts. An empty key is valid in HMAC
     * (RFC 2104 pads the key with zeros to the block size) but {@link SecretKeySpec} refuses it; a single zero
     * byte pads to the very same block, so it stands in for the empty key.
     */
    static byte[] hmac(String algorithm, byte[] key, byte[]... parts) {
        Mac mac = mac(algorithm, key);
        for (byte[] part : parts) {
            mac.update(part);
        }
        return mac.doFinal();
    }

    /** An initialized {@link Mac}; see {@link #hmac} for the empty key. */
    static Mac mac(String algorithm, byte[] key) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(key.length == 0 ? new byte[1] : key, algorithm));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    static byte[] digest(String algorithm, byte[] data) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is required of every Java platform", e);
        }
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }
}
