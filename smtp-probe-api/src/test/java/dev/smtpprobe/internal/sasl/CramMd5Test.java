package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.text;
import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CramMd5Test {

    private static final String RFC2195_CHALLENGE = "<1896.697170952@postoffice.reston.mci.net>";

    /** RFC 2195 §2, the example exchange. */
    @Test
    void matchesTheRfc2195Example() {
        CramMd5 cram = new CramMd5("tim", "tanstaaftanstaaf");
        assertThat(cram.initialResponse()).isEmpty();
        assertThat(cram.respond(utf8(RFC2195_CHALLENGE)))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo("tim b913a602c7eda7a495b4e6e7334d3890"));
    }

    /** Expected digest computed independently with Python's hmac module. */
    @Test
    void anEmptyPasswordStillGivesTheHmac() {
        assertThat(new CramMd5("tim", "").respond(utf8(RFC2195_CHALLENGE)))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo("tim a00b54b824afa19ec2de0f73cb2a04c2"));
    }

    @Test
    void doesNotRevealTheSecret() {
        CramMd5 cram = new CramMd5("tim", "pw");
        assertThat(cram.name()).isEqualTo("CRAM-MD5");
        assertThat(cram.revealsSecret()).isFalse();
    }

    @Test
    void aSecondChallengeCancels() {
        CramMd5 cram = new CramMd5("tim", "tanstaaftanstaaf");
        assertThat(cram.respond(utf8(RFC2195_CHALLENGE))).isPresent();
        assertThat(cram.respond(utf8(RFC2195_CHALLENGE))).isEmpty();
    }

    @Test
    void anEmptyChallengeCancels() {
        CramMd5 cram = new CramMd5("tim", "tanstaaftanstaaf");
        assertThat(cram.respond(new byte[0])).isEmpty();
        assertThat(cram.respond(utf8(RFC2195_CHALLENGE))).as("stays cancelled").isEmpty();
    }

    @Test
    void binaryChallengeBytesAreHashedAsSent() {
        assertThat(new CramMd5("tim", "pw").respond(new byte[] {(byte) 0xff, 0, (byte) 0x80}))
                .hasValueSatisfying(r -> assertThat(text(r)).matches("tim [0-9a-f]{32}"));
    }

    @Test
    void toStringDoesNotContainTheSecret() {
        CramMd5 cram = new CramMd5("tim", "tanstaafSECRET");
        cram.respond(utf8(RFC2195_CHALLENGE));
        assertThat(cram.toString()).doesNotContain("SECRET");
    }
}
