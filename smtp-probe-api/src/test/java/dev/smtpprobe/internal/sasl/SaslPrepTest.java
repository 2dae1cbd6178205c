package dev.smtpprobe.internal.sasl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SaslPrepTest {

    /** RFC 4013 §3, the examples. */
    @Test
    void matchesTheRfc4013Examples() {
        assertThat(SaslPrep.prepare("I\u00adX", "x")).isEqualTo("IX");          // soft hyphen mapped to nothing
        assertThat(SaslPrep.prepare("user", "x")).isEqualTo("user");           // no transformation
        assertThat(SaslPrep.prepare("USER", "x")).isEqualTo("USER");           // case preserved
        assertThat(SaslPrep.prepare("\u00aa", "x")).isEqualTo("a");            // NFKC
        assertThat(SaslPrep.prepare("\u2168", "x")).isEqualTo("IX");           // NFKC
        assertThatThrownBy(() -> SaslPrep.prepare("\u0007", "x"))              // prohibited character
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SaslPrep.prepare("\u0627\u0031", "x"))        // bidirectional check
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void printableAsciiIsUnchanged() {
        String ascii = " !\"#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[\\]^_`abcxyz{|}~";
        assertThat(SaslPrep.prepare(ascii, "x")).isSameAs(ascii);
        assertThat(SaslPrep.prepare("", "x")).isEmpty();
    }

    @Test
    void nonAsciiSpacesBecomeSpace() {
        assertThat(SaslPrep.prepare("a\u00a0b\u2003c\u3000d\u202fe", "x")).isEqualTo("a b c d e");
    }

    @Test
    void commonlyMappedToNothingCharactersAreRemoved() {
        assertThat(SaslPrep.prepare("p\u00ada\u200cs\u200ds\ufeff\u2060\ufe0f", "x")).isEqualTo("pass");
    }

    @Test
    void prohibitedCharactersAreRefusedWithoutEchoingTheValue() {
        for (String bad : new String[] {"ab\tc", "x\u007f", "x\u0085", "x\ue000", "x\ufffe", "x\ud800", "x\u2028",
            "x\u202e", "x\udb40\udc01", "x\u2ff0", "x\ufffd"}) {
            assertThatThrownBy(() -> SaslPrep.prepare(bad, "password"))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("password")
                    .hasMessageNotContaining(bad);
        }
    }

    @Test
    void rightToLeftTextIsAcceptedWhenItIsConsistent() {
        assertThat(SaslPrep.prepare("\u05d0\u05d1\u05d2", "x")).isEqualTo("\u05d0\u05d1\u05d2");
        assertThat(SaslPrep.prepare("\u0627\u0031\u0628", "x")).isEqualTo("\u0627\u0031\u0628");
        assertThatThrownBy(() -> SaslPrep.prepare("\u05d0a\u05d1", "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unassignedCodePointsAreAllowedAsInAQueryString() {
        assertThat(SaslPrep.prepare("a\u0378b", "x")).isEqualTo("a\u0378b");
    }
}
