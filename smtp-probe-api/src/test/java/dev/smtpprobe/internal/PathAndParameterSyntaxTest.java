package dev.smtpprobe.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * RFC 5321 §4.1.2 paths and ESMTP parameters (issue 11 item 2): an address can never carry a parameter, a
 * parameter is one token; what cannot change the command's shape is left to the server.
 */
class PathAndParameterSyntaxTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "", "alice@example.test", "Postmaster", "postmaster", "user", "user@", "first.last@example.test",
            "first..last@docomo.test", ".dot@x.test", "a!#$%&'*+-/=?^_`{|}~@x.test", "a@sub-domain.x.test",
            "\"a b\"@x.test", "\"a>b<c\"@x.test", "\"a\\\"b\"@x.test", "\"\"@x.test", "\"a\\\\b\"@x.test",
            "a@[192.0.2.1]", "a@[IPv6:2001:db8::1]", "@relay.test:a@x.test", "@r1.test,@r2.test:a@x.test",
            "@[192.0.2.1]:a@x.test", "@[IPv6:::1],@r.test:a@x.test", "a%b.test@[192.0.2.1]", "b.test!a@[192.0.2.1]",
            "a@x.test.", "a@-odd-.test"})
    void addressesThatCannotChangeTheCommandAreSentAsTold(String address) {
        assertThat(Arguments.address(address, false)).as(address).isEmpty();
    }

    @ParameterizedTest(name = "{0} refused at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "a@x.test> AUTH=<> SIZE=1 | 8  | '>' (U+003E)",
            "<a@x.test               | 0  | '<' (U+003C)",
            "a b@x.test              | 1  | SP (space)",
            "a@x.test SIZE=1         | 8  | SP (space)",
            "a\tb@x.test             | 1  | HT (\\t)",
            "a@x\u001b[2J.test       | 3  | control U+001B",
            "a@x.test\u007f          | 8  | control U+007F",
            "\"a b@x.test            | 0  | never closed",
            "a\"b c\"@x.test         | 1  | '\"' (U+0022)",
            "\"a\"b@x.test           | 3  | only '@' may follow",
            "\"a\tb\"@x.test         | 2  | control",
            "a@b@x.test              | 3  | second '@'",
            "a(comment)@x.test       | 1  | '(' (U+0028)",
            "a@x_y.test              | 3  | '_' (U+005F)",
            "a@[192.0.2.1            | 2  | never closed",
            "a@[192.0.2.1]x          | 13 | nothing may follow",
            "a@[1\\2]                | 4  | '\\' (U+005C)",
            "@relay.test             | 10 | must end with ':'",
            "@relay.test:            | 12 | local part is empty",
            "@x.test                 | 6  | must end with ':'",
            "@[192.0.2.1] :a@x.test  | 12 | only ',' or ':'",
            "@[192.0.2.1:a@x.test    | 1  | never closed",
            "caf\u00e9@x.test        | 3  | U+00E9 (SMTPUTF8 is not in use)"})
    void addressCharactersThatCouldSplitThePathAreRefusedByNameAndPosition(String address, int index, String named) {
        assertThat(Arguments.address(address, false)).as(address).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(index);
            assertThat(p.why()).contains(named);
        });
    }

    @Test
    void crAndLfInsideAQuotedLocalPartAreStillRefused() {
        assertThat(Arguments.address("\"a\r\nRCPT TO:<evil@x.test>\"@x.test", false))
                .hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(2));
        assertThat(Arguments.address("\"a\\\n\"@x.test", false))
                .hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(3));
    }

    @Test
    void smtpUtf8AllowsUtf8InLocalPartQuotedStringAndDomain() {
        assertThat(Arguments.address("用户@例子.测试", true)).isEmpty();
        assertThat(Arguments.address("\"jörg k\"@bücher.test", true)).isEmpty();
        assertThat(Arguments.address("a\uD83D\uDE00@x.test", true)).isEmpty();
        assertThat(Arguments.address("用户@例子.测试", false)).hasValueSatisfying(p -> assertThat(p.index()).isZero());
        // but never a C1 control (U+009B is a terminal's CSI), a lone surrogate, or non-ASCII in an address literal
        assertThat(Arguments.address("a\u009b2J@x.test", true)).hasValueSatisfying(p -> assertThat(p.why()).contains("U+009B"));
        assertThat(Arguments.address("a\uD83D@x.test", true)).hasValueSatisfying(p -> assertThat(p.why()).contains("surrogate"));
        assertThat(Arguments.address("a@[例]", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(3));
        // nor a space in disguise outside quotes (U+3000 ideographic space, U+00A0 no-break space)
        assertThat(Arguments.address("a\u3000SIZE=1@x.test", true)).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(1);
            assertThat(p.why()).contains("U+3000", "space");
        });
        assertThat(Arguments.address("a@x\u00a0y.test", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(3));
        assertThat(Arguments.address("\"a\u3000b\"@x.test", true)).isEmpty();
        assertThat(Arguments.parameter("X=a\u2028b", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(3));
        // and the UTF-8 line can still not be split: U+560A holds the byte 0x0A only as one byte per char
        assertThat(Arguments.address("a\u560Ab@x.test", true)).isEmpty();
        assertThat(Arguments.address("a\u560Ab@x.test", false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIZE=1000", "BODY=8BITMIME", "SMTPUTF8", "AUTH=<>", "AUTH=a+2Bb@x.test", "ENVID=QQ314159",
            "ENVID=a+3Db", "ORCPT=rfc822;a@x.test", "ORCPT=rfc822;a+2Bb@x.test", "NOTIFY=SUCCESS,FAILURE",
            "MT-PRIORITY=3", "X-1=<>~!", "XSHADOW"})
    void wellFormedParametersPass(String parameter) {
        assertThat(Arguments.parameter(parameter, false)).as(parameter).isEmpty();
    }

    @ParameterizedTest(name = "{0} refused at {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "SIZE=1 AUTH=<>     | 6  | SP (space)",
            "SIZE=1\tAUTH=<>    | 6  | HT (\\t)",
            "SIZE=1=2           | 6  | second '='",
            "AUTH==<>           | 5  | second '='",
            "=1                 | 0  | no keyword",
            "SIZE=              | 4  | no value",
            "-X=1               | 0  | '-' (U+002D)",
            "SI ZE=1            | 2  | SP (space)",
            "SIZE:1             | 4  | ':' (U+003A)",
            "X=a\u001bb         | 3  | control",
            "ENVID=a+b          | 7  | xtext",
            "ENVID=a+2b         | 7  | xtext",
            "AUTH=a b           | 6  | SP (space)",
            "AUTH=a+            | 6  | xtext",
            "ORCPT=rfc822;a+zz  | 14 | xtext",
            "X=caf\u00e9        | 5  | U+00E9 (SMTPUTF8 is not in use)"})
    void parametersThatAreNotOneTokenOrNotXtextAreRefused(String parameter, int index, String named) {
        assertThat(Arguments.parameter(parameter, false)).as(parameter).hasValueSatisfying(p -> {
            assertThat(p.index()).isEqualTo(index);
            assertThat(p.why()).contains(named);
        });
    }

    @Test
    void emptyParameterIsRefused() {
        assertThat(Arguments.parameter("", false)).hasValueSatisfying(p -> assertThat(p.why()).contains("empty"));
    }

    @Test
    void smtpUtf8AllowsUtf8InAParameterValueButNotInXtextOrKeyword() {
        assertThat(Arguments.parameter("X-NOTE=größe", true)).isEmpty();
        assertThat(Arguments.parameter("ENVID=größe", true)).hasValueSatisfying(p -> assertThat(p.why()).contains("xtext"));
        assertThat(Arguments.parameter("GRÖSSE=1", true)).hasValueSatisfying(p -> assertThat(p.index()).isEqualTo(2));
    }
}
