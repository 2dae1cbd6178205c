package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The hand-written ehlo-line tokenizer (RFC 5321 §4.1.1.1): SP and HT separate the keyword and its parameters, runs
 * of them count as one, and they are skipped at both ends; keywords are case-insensitive.
 */
class EhloLineTokenizerTest {

    private static Capabilities caps(String... lines) {
        return Capabilities.fromEhlo(Reply.of(250, lines));
    }

    @Test
    void runsOfSpacesSeparateLikeOne() {
        assertThat(caps("mx.test", "AUTH   PLAIN    LOGIN").parameters("AUTH")).contains(List.of("PLAIN", "LOGIN"));
    }

    @Test
    void tabsSeparateLikeSpaces() {
        assertThat(caps("mx.test", "SIZE\t1000", "AUTH \t PLAIN\tLOGIN").extensions())
                .containsEntry("SIZE", List.of("1000")).containsEntry("AUTH", List.of("PLAIN", "LOGIN"));
    }

    @Test
    void leadingAndTrailingSeparatorsAreSkipped() {
        assertThat(caps("mx.test", "  PIPELINING  ", "\tSIZE 10 \t").extensions())
                .containsEntry("PIPELINING", List.of()).containsEntry("SIZE", List.of("10"));
    }

    @Test
    void aKeywordWithATrailingSpaceHasNoEmptyParameter() {
        assertThat(caps("mx.test", "AUTH ", "STARTTLS").parameters("AUTH")).contains(List.of());
    }

    @Test
    void aBlankLineOffersNothing() {
        assertThat(caps("mx.test", "   ", "", "\t", "8BITMIME").keywords()).containsExactly("8BITMIME");
    }

    @Test
    void keywordsAreCaseInsensitiveAndParametersKeepTheirCase() {
        var caps = caps("mx.test", "auth Plain xoauth2", "Size 5");
        assertThat(caps.parameters("AUTH")).contains(List.of("Plain", "xoauth2"));
        assertThat(caps.authMechanisms()).containsExactly("PLAIN", "XOAUTH2");
        assertThat(caps.size()).hasValue(5);
    }

    @Test
    void theObsoleteAuthEqualsFormIsFoldedIntoAuth() {
        var caps = caps("mx.test", "AUTH LOGIN PLAIN", "AUTH=LOGIN  CRAM-MD5\t");
        assertThat(caps.keywords()).containsExactly("AUTH");
        assertThat(caps.parameters("AUTH")).contains(List.of("LOGIN", "PLAIN", "CRAM-MD5"));
    }

    @Test
    void aBareAuthEqualsGivesAnEmptyMechanismAsTheServerWroteIt() {
        assertThat(caps("mx.test", "AUTH=").parameters("AUTH")).contains(List.of(""));
    }

    @Test
    void aVeryLongLineIsSplitIntoEveryWord() {
        var line = new StringBuilder("X-MANY");
        for (int i = 0; i < 20_000; i++) {
            line.append(i % 3 == 0 ? "\t" : "  ").append("p").append(i);
        }
        var params = caps("mx.test", line.toString()).parameters("X-MANY").orElseThrow();
        assertThat(params).hasSize(20_000).startsWith("p0", "p1").endsWith("p19999");
    }

    @Test
    void otherControlCharactersAreNotSeparators() {
        // RFC 5321 §4.1.1.1 separates ehlo-params with SP only (HT accepted as servers' C code does); a VT stays in the word
        assertThat(caps("mx.test", "X-A b\u000bc").parameters("X-A")).contains(List.of("b\u000bc"));
    }
}
