package dev.smtpprobe.internal.sasl;

/**
 * MD4 (RFC 1320), written here because the JDK's default providers have none and NTLM's NT hash needs it. MD4 is
 * broken as a general hash; it is used only inside NTOWF ([MS-NLMP] §3.3.1), where the protocol fixes it.
 */
final class Md4 {

    private Md4() {}

    /** The 16-byte MD4 digest of {@code message}. */
    static byte[] digest(byte[] message) {
        // Padding (RFC 1320 §3.1, §3.2): a 1 bit, zeros to 56 mod 64 bytes, then the bit length, little-endian.
        long bitLength = (long) message.length * 8;
        int padded = ((message.length + 8) / 64 + 1) * 64;
        byte[] block = new byte[padded];
        System.arraycopy(message, 0, block, 0, message.length);
        block[message.length] = (byte) 0x80;
        for (int i = 0; i < 8; i++) {
            block[padded - 8 + i] = (byte) (bitLength >>> (8 * i));
        }

        int a = 0x67452301;
        int b = 0xefcdab89;
        int c = 0x98badcfe;
        int d = 0x10325476;
        int[] x = new int[16];
        for (int offset = 0; offset < padded; offset += 64) {
            for (int i = 0; i < 16; i++) {
                int p = offset + 4 * i;
                x[i] = (block[p] & 0xff) | (block[p + 1] & 0xff) << 8 | (block[p + 2] & 0xff) << 16
                        | (block[p + 3] & 0xff) << 24;
            }
            int aa = a;
            int bb = b;
            int cc = c;
            int dd = d;

            // Round 1: F(x,y,z) = xy v (not x)z, words in order, shifts 3 7 11 19.
            for (int i = 0; i < 16; i += 4) {
                a = Integer.rotateLeft(a + f(b, c, d) + x[i], 3);
                d = Integer.rotateLeft(d + f(a, b, c) + x[i + 1], 7);
                c = Integer.rotateLeft(c + f(d, a, b) + x[i + 2], 11);
                b = Integer.rotateLeft(b + f(c, d, a) + x[i + 3], 19);
            }
            // Round 2: G(x,y,z) = xy v xz v yz, plus 0x5A827999, words by column, shifts 3 5 9 13.
            for (int i = 0; i < 4; i++) {
                a = Integer.rotateLeft(a + g(b, c, d) + x[i] + 0x5a827999, 3);
                d = Integer.rotateLeft(d + g(a, b, c) + x[i + 4] + 0x5a827999, 5);
                c = Integer.rotateLeft(c + g(d, a, b) + x[i + 8] + 0x5a827999, 9);
                b = Integer.rotateLeft(b + g(c, d, a) + x[i + 12] + 0x5a827999, 13);
            }
            // Round 3: H(x,y,z) = x xor y xor z, plus 0x6ED9EBA1, words in bit-reversed order, shifts 3 9 11 15.
            int[] order = {0, 2, 1, 3};
            for (int i : order) {
                a = Integer.rotateLeft(a + h(b, c, d) + x[i] + 0x6ed9eba1, 3);
                d = Integer.rotateLeft(d + h(a, b, c) + x[i + 8] + 0x6ed9eba1, 9);
                c = Integer.rotateLeft(c + h(d, a, b) + x[i + 4] + 0x6ed9eba1, 11);
                b = Integer.rotateLeft(b + h(c, d, a) + x[i + 12] + 0x6ed9eba1, 15);
            }
            a += aa;
            b += bb;
            c += cc;
            d += dd;
        }
        byte[] out = new byte[16];
        int[] words = {a, b, c, d};
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                out[4 * i + j] = (byte) (words[i] >>> (8 * j));
            }
        }
        return out;
    }

    private static int f(int x, int y, int z) {
        return (x & y) | (~x & z);
    }

    private static int g(int x, int y, int z) {
        return (x & y) | (x & z) | (y & z);
    }

    private static int h(int x, int y, int z) {
        return x ^ y ^ z;
    }
}
