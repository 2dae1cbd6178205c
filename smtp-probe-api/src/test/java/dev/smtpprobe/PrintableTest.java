package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The one escaping of server text for people: controls visible, textstring and visible UTF-8 kept, idempotent. */
class PrintableTest {

    private static byte[] bytes(int... values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }

    @Test
    void textstringIsKeptAsItIs() {
        String textstring = "250 2.0.0 Ok:\tqueued as 4XyZ12 ~!{}[]\\ \"quoted\"";
        assertThat(Printable.text(textstring)).isEqualTo(textstring);
        assertThat(Printable.utf8(textstring.getBytes(StandardCharsets.US_ASCII))).isEqualTo(textstring);
    }

    @Test
    void terminalControlsAreShownAsEscapes() {
        String hostile = "220 \u001b[2J\u001b]0;owned\u0007mx\bX\u007fY\u0000Z";
        assertThat(Printable.text(hostile))
                .isEqualTo("220 \\x1b[2J\\x1b]0;owned\\x07mx\\x08X\\x7fY\\x00Z");
    }

    @Test
    void aBareCrOrLfCannotStartAForgedLine() {
        String forged = "250 ok\r ~> AUTH PLAIN AGFsaWNl\n<-  235 fine";
        String shown = Printable.text(forged);
        assertThat(shown).isEqualTo("250 ok\\r ~> AUTH PLAIN AGFsaWNl\\n<-  235 fine").doesNotContain("\r", "\n");
    }

    @Test
    void visibleUtf8IsKeptAndInvisibleCodePointsAreEscaped() {
        assertThat(Printable.text("250 Grüße, 日本")).isEqualTo("250 Grüße, 日本");
        // C1 CSI, right-to-left override, zero-width space, line separator, no-break space, private use
        assertThat(Printable.text("a\u009bb\u202ec\u200bd\u2028e\u00a0f\ue000"))
                .isEqualTo("a\\u{009B}b\\u{202E}c\\u{200B}d\\u{2028}e\\u{00A0}f\\u{E000}");
        assertThat(Printable.text("x\ud800y")).isEqualTo("x\\u{D800}y"); // a lone surrogate
    }

    @Test
    void invalidUtf8BytesAreShownOneByOneAndValidSequencesDecoded() {
        // é, a lone continuation byte, 0xFF, a truncated 3-byte sequence, then "ok"
        assertThat(Printable.utf8(bytes('a', 0xc3, 0xa9, 0x80, 0xff, 0xe2, 0x82, 'o', 'k')))
                .isEqualTo("aé\\x80\\xff\\xe2\\x82ok");
    }

    @Test
    void overlongFormsSurrogatesAndCodePointsAboveTheRangeAreNotUtf8() {
        assertThat(Printable.utf8(bytes(0xc0, 0xaf))).isEqualTo("\\xc0\\xaf");                // overlong '/'
        assertThat(Printable.utf8(bytes(0xe0, 0x80, 0xaf))).isEqualTo("\\xe0\\x80\\xaf");     // overlong
        assertThat(Printable.utf8(bytes(0xed, 0xa0, 0x80))).isEqualTo("\\xed\\xa0\\x80");     // U+D800
        assertThat(Printable.utf8(bytes(0xf4, 0x90, 0x80, 0x80))).isEqualTo("\\xf4\\x90\\x80\\x80"); // > U+10FFFF
        assertThat(Printable.utf8(bytes(0xf0, 0x9f, 0x98, 0x80))).isEqualTo("\ud83d\ude00");  // U+1F600 is fine
    }

    @Test
    void utf8EscapesControlsEncodedAsUtf8Too() {
        assertThat(Printable.utf8("a\u009bb\u001b".getBytes(StandardCharsets.UTF_8))).isEqualTo("a\\u{009B}b\\x1b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"220 \u001b[2J ok", "a\r\nb", "tab\there", "\u202e\u0000", "plain", "x\\x1b y"})
    void escapingTwiceChangesNothing(String s) {
        String once = Printable.text(s);
        assertThat(Printable.text(once)).isEqualTo(once);
        assertThat(once.chars().filter(c -> c < 0x20 && c != '\t' || c == 0x7f)).isEmpty();
    }

    @Test
    void quotedShowsEveryByteSoThatTheBytesCanBeReadBack() {
        assertThat(Printable.quoted(bytes('a', 0xc3, 0xa9, '\r', '\n', '\t', '\\', '"', 0x1b)))
                .isEqualTo("\"a\\xc3\\xa9\\r\\n\\t\\\\\\\"\\x1b\"");
        assertThat(ProtocolViolationException.printable(bytes(0x1b))).isEqualTo(Printable.quoted(bytes(0x1b)));
    }
}
