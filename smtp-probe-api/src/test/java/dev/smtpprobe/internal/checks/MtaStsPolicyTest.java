package dev.smtpprobe.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The MTA-STS policy file (RFC 8461 §3.2) and its mx patterns (§4.1). */
class MtaStsPolicyTest {

    @Test
    void aValidPolicyHasItsFieldsAndUnknownKeysAreIgnored() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\r\nmode: testing\r\nmx: MX1.Probe.test\r\n"
                + "extension: ignored\r\nmax_age: 86400\r\n");

        assertThat(p.problems()).isEmpty();
        assertThat(p.mode()).isEqualTo("testing");
        assertThat(p.mx()).containsExactly("mx1.probe.test");
        assertThat(p.maxAge()).contains(86400L);
        assertThat(p.lfOnly()).isFalse();
    }

    @Test
    void patternsMatchExactNamesAndWildcardsOfOneLabel() {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\nmode: enforce\nmx: mx1.probe.test\n"
                + "mx: *.probe.net\nmax_age: 1\n");

        assertThat(p.patternFor("MX1.probe.test.")).contains("mx1.probe.test");
        assertThat(p.patternFor("a.probe.net")).contains("*.probe.net");
        assertThat(p.patternFor("probe.net")).isEqualTo(Optional.empty());
        assertThat(p.patternFor("b.a.probe.net")).isEmpty();
        assertThat(p.patternFor("xprobe.net")).isEmpty();
        assertThat(p.patternFor("mx2.probe.test")).isEmpty();
    }

    @Test
    void maxAgeOverAYearAndAMissingVersionAreProblems() {
        MtaStsPolicy p = MtaStsPolicy.parse("mode: none\r\nmax_age: 31557601\r\n");

        assertThat(p.problems()).containsExactly("no version field",
                "max_age 31557601 is not a number of seconds up to 31557600");
    }

    @Test
    void modeNoneNeedsNoMxButAnInvalidPatternIsNamed() {
        assertThat(MtaStsPolicy.parse("version: STSv1\r\nmode: none\r\nmax_age: 0\r\n").problems()).isEmpty();
        assertThat(MtaStsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: *.*.probe.test\r\nmax_age: 0\r\n")
                .problems()).containsExactly("mx pattern \"*.*.probe.test\" is not a host name or *.domain");
    }

    @Test
    void theRecordsTagListWantsTheVersionFirst() {
        assertThat(TagList.parse("v=STSv1; id=abc;", "STSv1").error()).isEmpty();
        assertThat(TagList.parse("id=abc; v=STSv1", "STSv1").error()).contains("does not start with v=STSv1");
        assertThat(TagList.parse("v=STSv1;; id=abc", "STSv1").error()).isPresent();
        assertThat(TagList.parse("v=STSv1; id=abc", "STSv1").get("id")).contains("abc");
    }
}
