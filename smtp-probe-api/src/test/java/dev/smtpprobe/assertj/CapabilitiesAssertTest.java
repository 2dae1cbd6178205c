package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.Reply;
import org.junit.jupiter.api.Test;

class CapabilitiesAssertTest {

    private static final Capabilities POSTFIX = Capabilities.fromEhlo(Reply.of(250,
            "mx.contoso.test", "PIPELINING", "SIZE 10240000", "STARTTLS", "AUTH PLAIN LOGIN", "ENHANCEDSTATUSCODES",
            "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"));
    private static final Capabilities MINIMAL = Capabilities.fromEhlo(Reply.of(250, "relay.contoso.test", "SIZE 0"));

    @Test
    void supportsAndDoesNotSupportAreCaseInsensitive() {
        assertThat(POSTFIX).supports("starttls").supports("DSN").doesNotSupport("BINARYMIME");

        assertThatThrownBy(() -> assertThat(POSTFIX).supports("binarymime"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the EHLO capabilities\n  to list BINARYMIME")
                .hasMessageContaining("but the server offered:\n  mx.contoso.test\n  PIPELINING\n  SIZE 10240000\n"
                        + "  STARTTLS\n  AUTH PLAIN LOGIN\n");
        assertThatThrownBy(() -> assertThat(POSTFIX).doesNotSupport("Pipelining"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("not to list PIPELINING");
    }

    @Test
    void theTypedExtensionChecksPassWhenListed() {
        assertThat(POSTFIX).supportsPipelining().supportsStartTls().supports8BitMime().supportsChunking().supportsDsn()
                .supportsSmtpUtf8().supportsEnhancedStatusCodes();
    }

    @Test
    void binaryMimeHasItsTypedCheckToo() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.contoso.test", "BINARYMIME", "CHUNKING")))
                .supportsBinaryMime();
        assertThatThrownBy(() -> assertThat(POSTFIX).supportsBinaryMime())
                .hasMessageContaining("to list BINARYMIME (RFC 3030)");
    }

    @Test
    void everyCapabilityPredicateHasTheNameOfItsAssertion() throws NoSuchMethodException {
        // Capabilities.startTls() beside the assertion supportsStartTls() read as two different things
        var predicates = java.util.Arrays.stream(Capabilities.class.getMethods())
                .filter(m -> m.getReturnType() == boolean.class && m.getParameterCount() == 0
                        && m.getDeclaringClass() == Capabilities.class)
                .map(java.lang.reflect.Method::getName).sorted().toList();

        org.assertj.core.api.Assertions.assertThat(predicates).containsExactly("supports8BitMime",
                "supportsBinaryMime", "supportsChunking", "supportsDsn", "supportsEnhancedStatusCodes", "supportsEtrn",
                "supportsPipelining", "supportsPrdr", "supportsRequireTls", "supportsSmtpUtf8", "supportsStartTls");
        for (String name : predicates) {
            org.assertj.core.api.Assertions.assertThat(CapabilitiesAssert.class.getMethod(name).getReturnType())
                    .as(name).isEqualTo(CapabilitiesAssert.class);
        }
    }

    @Test
    void theTypedExtensionChecksFailNamingTheRfc() {
        var minimal = assertThat(MINIMAL);
        assertThatThrownBy(minimal::supportsPipelining).hasMessageContaining("to list PIPELINING (RFC 2920)");
        assertThatThrownBy(minimal::supportsStartTls).hasMessageContaining("to list STARTTLS (RFC 3207)");
        assertThatThrownBy(minimal::supports8BitMime).hasMessageContaining("to list 8BITMIME (RFC 6152)");
        assertThatThrownBy(minimal::supportsChunking).hasMessageContaining("to list CHUNKING (RFC 3030)");
        assertThatThrownBy(minimal::supportsDsn).hasMessageContaining("to list DSN (RFC 3461)");
        assertThatThrownBy(minimal::supportsSmtpUtf8).hasMessageContaining("to list SMTPUTF8 (RFC 6531)");
        assertThatThrownBy(minimal::supportsEnhancedStatusCodes)
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to list ENHANCEDSTATUSCODES (RFC 2034)")
                .hasMessageContaining("but the server offered:\n  relay.contoso.test\n  SIZE 0");
    }

    @Test
    void hasMaxSizeComparesTheAnnouncedLimit() {
        assertThat(POSTFIX).hasMaxSize(10_240_000);

        assertThatThrownBy(() -> assertThat(POSTFIX).hasMaxSize(37_748_736))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to announce SIZE 37748736 (RFC 1870)")
                .hasMessageContaining("  SIZE 10240000");
        assertThatThrownBy(() -> assertThat(Capabilities.NONE).hasMaxSize(0))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("nothing (HELO, or a refused EHLO)");
    }

    @Test
    void hasMaxSizeAtLeastTakesZeroAsNoLimit() {
        assertThat(POSTFIX).hasMaxSizeAtLeast(10_000_000).hasMaxSizeAtLeast(10_240_000);
        assertThat(MINIMAL).hasMaxSizeAtLeast(Long.MAX_VALUE);

        assertThatThrownBy(() -> assertThat(POSTFIX).hasMaxSizeAtLeast(25_000_000))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to announce a SIZE of at least 25000000, or 0 for no fixed limit (RFC 1870)");
    }

    @Test
    void offersAuthNeedsEveryMechanism() {
        assertThat(POSTFIX).offersAuth("LOGIN").offersAuth("plain", "login");

        assertThatThrownBy(() -> assertThat(POSTFIX).offersAuth("PLAIN", "CRAM-MD5"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to offer AUTH PLAIN CRAM-MD5 (RFC 4954)")
                .hasMessageContaining("  AUTH PLAIN LOGIN");
    }

    @Test
    void doesNotOfferAuthFailsOnAnyOfTheMechanisms() {
        assertThat(POSTFIX).doesNotOfferAuth("CRAM-MD5", "XOAUTH2");

        assertThatThrownBy(() -> assertThat(POSTFIX).doesNotOfferAuth("CRAM-MD5", "login"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to offer none of AUTH CRAM-MD5 LOGIN (RFC 4954)")
                .hasMessageContaining("  AUTH PLAIN LOGIN");
    }

    @Test
    void offersNoAuthWhenThereIsNoAuthKeyword() {
        assertThat(MINIMAL).offersNoAuth();

        assertThatThrownBy(() -> assertThat(POSTFIX).offersNoAuth())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to offer no AUTH mechanism");
    }

    @Test
    void hasServerNameComparesTheFirstWordOfTheEhloReply() {
        assertThat(POSTFIX).hasServerName("mx.contoso.test");

        assertThatThrownBy(() -> assertThat(POSTFIX).hasServerName("mx.contoso.local"))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("to name the server mx.contoso.local")
                .hasMessageContaining("but the server offered:\n  mx.contoso.test\n");
    }

    @Test
    void capabilitiesOnTheirOwnHaveNoTranscript() {
        assertThatThrownBy(() -> assertThat(MINIMAL).supportsStartTls())
                .isInstanceOf(AssertionError.class)
                .message().doesNotContain("Session transcript");
    }
}
