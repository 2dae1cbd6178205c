package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.hex;
import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class Md4Test {

    /** RFC 1320 appendix A.5, the test suite. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|31d6cfe0d16ae931b73c59d7e0c089c0",
        "a|bde52cb31de33e46245e05fbdbd6fb24",
        "abc|a448017aaf21d8525fc10ae87aa6729d",
        "message digest|d9130a8164549fe818874806e1c7014b",
        "abcdefghijklmnopqrstuvwxyz|d79e1c308aa5bbcdeea8ed63df412da9",
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789|043f8582f241db351ce627e153e7f0e4",
        "12345678901234567890123456789012345678901234567890123456789012345678901234567890"
                + "|e33b4ddc9c38f2199c3e7b164fcc0536",
    })
    void matchesTheRfc1320TestSuite(String input, String digest) {
        assertThat(hex(Md4.digest(utf8(input)))).isEqualTo(digest);
    }

    /** Lengths around the padding boundaries; expected values from OpenSSL's MD4 (legacy provider). */
    @ParameterizedTest
    @CsvSource({
        "55, c889c81dd86c4d2e025778944ea02881",
        "56, d5f9a9e9257077a5f08b0b92f348b0ad",
        "63, 7ea3da77432d44c323671097d1348fc8",
        "64, 52f5076fabd22680234a3fa9f9dc5732",
        "65, 330e377bf231f3cacfecc2c182fe7e5b",
        "119, e65dd227ccef97fa1d34d70189120f76",
        "120, b03ddbd470b47c013e0c7ab2ddd763db",
        "1000, 5f1bf26a8067c9159b91f1440f7c9e8a",
    })
    void padsCorrectlyAtBlockBoundaries(int length, String digest) {
        byte[] input = new byte[length];
        Arrays.fill(input, (byte) 'a');
        assertThat(hex(Md4.digest(input))).isEqualTo(digest);
    }

    /** [MS-NLMP] §4.2.2.1.2: NTOWFv1("Password") = MD4(UTF-16LE("Password")). */
    @Test
    void givesTheNtHashOfTheMsNlmpExamplePassword() {
        assertThat(hex(Md4.digest("Password".getBytes(StandardCharsets.UTF_16LE))))
                .isEqualTo("a4f49c406510bdcab6824ee7c30fd852");
    }

    @Test
    void leavesItsInputUntouched() {
        byte[] input = utf8("abc");
        Md4.digest(input);
        assertThat(input).isEqualTo(utf8("abc"));
    }
}
