package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PlainTest {

    @Test
    void initialResponseIsAuthzidNulUserNulPassword() {
        Plain plain = new Plain("", "tim", "tanstaaf");
        assertThat(plain.initialResponse()).hasValueSatisfying(r -> assertThat(r).isEqualTo(utf8("\0tim\0tanstaaf")));
    }

    @Test
    void authzidAndNonAsciiAreSentInUtf8() {
        Plain plain = new Plain("admin", "j\u00fcrgen", "p\u00e4ss");
        assertThat(plain.initialResponse().orElseThrow())
                .isEqualTo(new byte[] {'a', 'd', 'm', 'i', 'n', 0, 'j', (byte) 0xc3, (byte) 0xbc, 'r', 'g', 'e', 'n', 0,
                    'p', (byte) 0xc3, (byte) 0xa4, 's', 's'});
    }

    @Test
    void nameAndSecrecy() {
        Plain plain = new Plain("", "u", "p");
        assertThat(plain.name()).isEqualTo("PLAIN");
        assertThat(plain.revealsSecret()).isTrue();
    }

    @Test
    void anEmptyChallengeGetsTheMessageWhenTheInitialResponseWasNotSent() {
        Plain plain = new Plain("", "tim", "tanstaaf");
        assertThat(plain.respond(new byte[0]))
                .hasValueSatisfying(r -> assertThat(r).isEqualTo(utf8("\0tim\0tanstaaf")));
        assertThat(plain.respond(new byte[0])).isEmpty();
    }

    @Test
    void anEmptyChallengeAfterTheInitialResponseCancels() {
        Plain plain = new Plain("", "tim", "tanstaaf");
        plain.initialResponse();
        assertThat(plain.respond(new byte[0])).isEmpty();
    }

    @Test
    void aNonEmptyChallengeCancelsAndStaysCancelled() {
        Plain plain = new Plain("", "tim", "tanstaaf");
        assertThat(plain.respond(utf8("Password:"))).isEmpty();
        assertThat(plain.respond(new byte[0])).isEmpty();
        assertThat(plain.initialResponse()).isEmpty();
    }

    @Test
    void nulInsideAFieldIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new Plain("", "tim", "sec\0ret"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining("sec");
        assertThatThrownBy(() -> new Plain("", "a\0b", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Plain("a\0b", "u", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringDoesNotContainTheSecret() {
        Plain plain = new Plain("", "tim", "tanstaafSECRET");
        assertThat(plain.toString()).doesNotContain("tanstaafSECRET").doesNotContain("SECRET");
        plain.initialResponse();
        assertThat(plain.toString()).doesNotContain("SECRET");
    }

    @Test
    void eachCallReturnsAFreshCopy() {
        Plain plain = new Plain("", "tim", "pw");
        byte[] first = plain.initialResponse().orElseThrow();
        first[1] = 'X';
        assertThat(plain.initialResponse().orElseThrow()).isEqualTo(utf8("\0tim\0pw"));
    }
}
