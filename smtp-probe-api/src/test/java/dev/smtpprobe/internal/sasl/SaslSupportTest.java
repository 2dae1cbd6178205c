package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SaslSupportTest {

    /** HMAC with an empty key (RFC 2104), which SecretKeySpec alone refuses; values from Python's hmac module. */
    @Test
    void hmacAcceptsAnEmptyKey() {
        assertThat(hex(SaslSupport.hmac("HmacMD5", new byte[0], new byte[0])))
                .isEqualTo("74e6f7298a9c2d168935f58c001bad88");
        assertThat(hex(SaslSupport.hmac("HmacSHA256", new byte[0], new byte[0])))
                .isEqualTo("b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad");
    }

    @Test
    void hexIsLowercase() {
        assertThat(SaslSupport.hex(new byte[] {0, (byte) 0xab, 0x7f, (byte) 0xff})).isEqualTo("00ab7fff");
    }

    @Test
    void hmacOfPartsEqualsHmacOfTheirConcatenation() {
        byte[] key = TestBytes.utf8("key");
        assertThat(SaslSupport.hmac("HmacSHA256", key, TestBytes.utf8("ab"), TestBytes.utf8("cd")))
                .isEqualTo(SaslSupport.hmac("HmacSHA256", key, TestBytes.utf8("abcd")));
    }
}
