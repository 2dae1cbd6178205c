package dev.smtpprobe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ArgumentsTest {

    @Test
    void plainAsciiArgumentPasses() {
        assertThat(Arguments.check("<alice@example.test>", false)).isEmpty();
        assertThat(Arguments.check("SIZE=1000", false)).isEmpty();
        assertThat(Arguments.check("", false)).isEmpty();
    }

    @Test
    void crIsRefusedWithItsIndex() {
        assertThat(Arguments.check("ab\rc", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(2);
            assertThat(p.why()).contains("CR");
        });
    }

    @Test
    void lfIsRefusedWithItsIndex() {
        assertThat(Arguments.check("<a@b.test>\nRCPT TO:<victim@x.test>", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(10);
            assertThat(p.why()).contains("LF");
        });
    }

    @Test
    void nulIsRefusedWithItsIndex() {
        assertThat(Arguments.check("a\0", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(1);
            assertThat(p.why()).contains("NUL");
        });
    }

    @Test
    void crlfInjectionIsRefusedAtTheCr() {
        assertThat(Arguments.check("x\r\nDATA", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(1));
    }

    @Test
    void theFirstOffendingCharacterIsReported() {
        assertThat(Arguments.check("ab\nc\rd", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(2));
        assertThat(Arguments.check("a b\n", false)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(1));
    }

    @Test
    void nonAsciiIsRefusedWithItsCodePoint() {
        assertThat(Arguments.check("caf\u00e9", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(3);
            assertThat(p.why()).contains("U+00E9");
        });
    }

    @Test
    void charWhoseLowByteIsCrIsRefused() {
        // U+010D (č) is 0x0D once cast to a byte, as an ASCII encoder that truncates would write it (CVE-2025-7962)
        assertThat((byte) '\u010d').isEqualTo((byte) '\r');
        assertThat(Arguments.check("\u010dlovek@example.test", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isZero();
            assertThat(p.why()).contains("U+010D");
        });
    }

    @Test
    void charWhoseLowByteIsLfIsRefused() {
        // U+560A (嘊) is 0x0A once cast to a byte
        assertThat((byte) '\u560a').isEqualTo((byte) '\n');
        assertThat(Arguments.check("a\u560aRCPT TO:<victim@x.test>", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(1);
            assertThat(p.why()).contains("U+560A");
        });
    }

    @Test
    void charWhoseLowByteIsNulOrSpaceIsRefused() {
        assertThat(Arguments.check("a\u0100", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(1));
        assertThat(Arguments.check("a\u0120b", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(1));
    }

    @Test
    void firstNonAsciiCharIsRefused() {
        assertThat(Arguments.check("\u0080", true)).isPresent();
        assertThat(Arguments.check("\u007f", true)).isEmpty();
    }

    @Test
    void surrogatePairIsRefused() {
        assertThat(Arguments.check("a\uD83D\uDE00", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(1));
    }

    @Test
    void spaceIsRefusedOnlyWhenNotAllowed() {
        assertThat(Arguments.check("a b", false)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(1);
            assertThat(p.why()).contains("space");
        });
        assertThat(Arguments.check("a b", true)).isEmpty();
    }

    @Test
    void tabAndTheOtherWordSeparatorsAreRefusedWhereASpaceIs() {
        // servers split words on any whitespace (isspace): "EHLO a\tb" would give EHLO two arguments
        for (String ws : List.of("\t", "\u000b", "\f")) {
            assertThat(Arguments.check("a" + ws + "b", false)).hasValueSatisfying(p -> {
                assertThat(p.index()).isEqualTo(1);
                assertThat(p.why()).contains("split");
            });
            assertThat(Arguments.check("a" + ws + "b", true)).isEmpty();
        }
    }

    @Test
    void printableAsciiPasses() {
        var printable = new StringBuilder();
        for (char c = 0x21; c < 0x7f; c++) {
            printable.append(c);
        }
        assertThat(Arguments.check(printable.toString(), false)).isEmpty();
    }

    // --- fuzz: check() refuses exactly the chars it must, and reports the first ---

    private static boolean forbidden(char c, boolean spaceAllowed) {
        return c == '\r' || c == '\n' || c == 0 || c > 0x7f
                || ((c == ' ' || c == '\t' || c == 0x0b || c == 0x0c) && !spaceAllowed);
    }

    private static int firstForbidden(String s, boolean spaceAllowed) {
        for (int i = 0; i < s.length(); i++) {
            if (forbidden(s.charAt(i), spaceAllowed)) {
                return i;
            }
        }
        return -1;
    }

    private static char randomChar(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> (char) random.nextInt(0x20);                 // control chars, CR, LF, NUL among them
            case 1 -> (char) (0x20 + random.nextInt(0x60));         // printable ASCII, space, DEL
            case 2 -> (char) (0x80 + random.nextInt(0x180));        // Latin-1 and Latin Extended (U+010D)
            case 3 -> (char) (((random.nextInt(0xff) + 1) << 8) | "\r\n\0 ".charAt(random.nextInt(4))); // low byte CR/LF/NUL/SP
            case 4 -> (char) random.nextInt(0x10000);               // anything, surrogates included
            default -> (char) ('a' + random.nextInt(26));
        };
    }

    @Test
    void checkRefusesExactlyCrLfNulNonAsciiAndDisallowedSpaceAtTheirFirstIndex() {
        var random = new Random(7962);
        for (int run = 0; run < 20_000; run++) {
            var value = new StringBuilder();
            int length = random.nextInt(12);
            for (int i = 0; i < length; i++) {
                // mostly harmless chars, so that passing values are common too
                value.append(random.nextInt(4) == 0 ? randomChar(random) : (char) ('a' + random.nextInt(26)));
            }
            String s = value.toString();
            boolean spaceAllowed = random.nextBoolean();

            int expectedIndex = firstForbidden(s, spaceAllowed);
            var problem = Arguments.check(s, spaceAllowed);
            String as = "value " + s.chars().mapToObj(c -> String.format("U+%04X", c)).toList() + ", spaceAllowed " + spaceAllowed;
            if (expectedIndex < 0) {
                assertThat(problem).as(as).isEmpty();
                // what passes can be written as US-ASCII without loss and carries no line break
                byte[] ascii = s.getBytes(StandardCharsets.US_ASCII);
                assertThat(new String(ascii, StandardCharsets.US_ASCII)).as(as).isEqualTo(s);
            } else {
                assertThat(problem).as(as).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(expectedIndex));
            }
        }
    }
}
