package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CapabilitiesTest {

    private static final Reply EXCHANGE = Reply.of(250,
            "myserver.contoso.com Hello [4.3.2.1]",
            "SIZE 37748736",
            "PIPELINING",
            "DSN",
            "ENHANCEDSTATUSCODES",
            "STARTTLS",
            "X-ANONYMOUSTLS",
            "AUTH NTLM",
            "X-EXPS GSSAPI NTLM",
            "8BITMIME",
            "BINARYMIME",
            "CHUNKING",
            "XRDST");

    @Test
    void exchangeGreetingGivesServerNameAndClientAddress() {
        var caps = Capabilities.fromEhlo(EXCHANGE);

        assertThat(caps.greeting()).isEqualTo("myserver.contoso.com Hello [4.3.2.1]");
        assertThat(caps.serverName()).isEqualTo("myserver.contoso.com");
        assertThat(caps.clientAddress()).contains("4.3.2.1");
    }

    @Test
    void exchangeKeywordsAreKeptInTheServersOrder() {
        assertThat(Capabilities.fromEhlo(EXCHANGE).keywords()).containsExactly("SIZE", "PIPELINING", "DSN",
                "ENHANCEDSTATUSCODES", "STARTTLS", "X-ANONYMOUSTLS", "AUTH", "X-EXPS", "8BITMIME", "BINARYMIME",
                "CHUNKING", "XRDST");
    }

    @Test
    void exchangeTypedAccessorsReadTheKeywords() {
        var caps = Capabilities.fromEhlo(EXCHANGE);

        assertThat(caps.size()).hasValue(37748736L);
        assertThat(caps.authMechanisms()).containsExactly("NTLM");
        assertThat(caps.supportsPipelining()).isTrue();
        assertThat(caps.supportsDsn()).isTrue();
        assertThat(caps.supportsEnhancedStatusCodes()).isTrue();
        assertThat(caps.supportsStartTls()).isTrue();
        assertThat(caps.supports8BitMime()).isTrue();
        assertThat(caps.supportsBinaryMime()).isTrue();
        assertThat(caps.supportsChunking()).isTrue();
        assertThat(caps.supportsSmtpUtf8()).isFalse();
    }

    @Test
    void unknownKeywordsAreKeptWithTheirParameters() {
        var caps = Capabilities.fromEhlo(EXCHANGE);

        assertThat(caps.parameters("X-EXPS")).contains(List.of("GSSAPI", "NTLM"));
        assertThat(caps.parameters("X-ANONYMOUSTLS")).contains(List.of());
        assertThat(caps.parameters("XRDST")).contains(List.of());
        assertThat(caps.parameters("SMTPUTF8")).isEmpty();
    }

    @Test
    void supportsIsCaseInsensitive() {
        var caps = Capabilities.fromEhlo(EXCHANGE);

        assertThat(caps.supports("starttls")).isTrue();
        assertThat(caps.supports("StartTLS")).isTrue();
        assertThat(caps.supports("x-anonymoustls")).isTrue();
        assertThat(caps.parameters("x-exps")).contains(List.of("GSSAPI", "NTLM"));
        assertThat(caps.supports("SMTPUTF8")).isFalse();
    }

    @Test
    void lowerCaseKeywordsFromTheServerAreStoredInUpperCase() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "pipelining", "auth login plain", "Size 1000"));

        assertThat(caps.keywords()).containsExactly("PIPELINING", "AUTH", "SIZE");
        assertThat(caps.supportsPipelining()).isTrue();
        assertThat(caps.authMechanisms()).containsExactly("LOGIN", "PLAIN");
        assertThat(caps.size()).hasValue(1000L);
    }

    @Test
    void obsoleteAuthEqualsFormIsFoldedIntoAuth() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "AUTH LOGIN PLAIN", "AUTH=LOGIN PLAIN"));

        assertThat(caps.keywords()).containsExactly("AUTH");
        assertThat(caps.authMechanisms()).containsExactly("LOGIN", "PLAIN");
        assertThat(caps.parameters("AUTH")).contains(List.of("LOGIN", "PLAIN"));
    }

    @Test
    void obsoleteAuthEqualsFormAloneStillGivesTheMechanisms() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "AUTH=LOGIN PLAIN CRAM-MD5"));

        assertThat(caps.supports("AUTH")).isTrue();
        assertThat(caps.supports("AUTH=LOGIN")).isFalse();
        assertThat(caps.authMechanisms()).containsExactly("LOGIN", "PLAIN", "CRAM-MD5");
    }

    @Test
    void authMechanismsFromBothFormsAreUnitedInOrder() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "AUTH PLAIN", "AUTH=LOGIN XOAUTH2"));

        assertThat(caps.authMechanisms()).containsExactly("PLAIN", "LOGIN", "XOAUTH2");
    }

    @Test
    void sizeWithoutNumberIsAdvertisedButHasNoLimit() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "SIZE"));

        assertThat(caps.supports("SIZE")).isTrue();
        assertThat(caps.size()).isEmpty();
    }

    @Test
    void sizeWithANonNumericParameterIsEmpty() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "SIZE unlimited")).size()).isEmpty();
    }

    @Test
    void sizeZeroMeansNoFixedLimitAndIsKept() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "SIZE 0")).size()).hasValue(0L);
    }

    @Test
    void sizeNotAdvertisedIsEmpty() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "PIPELINING")).size()).isEmpty();
    }

    @Test
    void sizeLargerThanAnIntIsReadAsLong() {
        assertThat(Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "SIZE 10737418240")).size())
                .hasValue(10_737_418_240L);
    }

    @Test
    void negativeEhloReplyOffersNothing() {
        for (var reply : List.of(Reply.of(502, "5.5.2 Error: command not recognized"),
                Reply.of(550, "mx.example.test", "PIPELINING"), Reply.of(421, "4.3.2 Service shutting down"))) {
            var caps = Capabilities.fromEhlo(reply);

            assertThat(caps).as("%s", reply).isSameAs(Capabilities.NONE);
            assertThat(caps.keywords()).isEmpty();
            assertThat(caps.supportsPipelining()).isFalse();
            assertThat(caps.clientAddress()).isEmpty();
        }
    }

    @Test
    void noneOffersNothing() {
        assertThat(Capabilities.NONE.keywords()).isEmpty();
        assertThat(Capabilities.NONE.authMechanisms()).isEmpty();
        assertThat(Capabilities.NONE.size()).isEmpty();
        assertThat(Capabilities.NONE.serverName()).isEmpty();
    }

    @Test
    void postfixGreetingWithoutClientAddressGivesNone() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mail.example.com", "PIPELINING", "SIZE 10240000", "VRFY",
                "ETRN", "STARTTLS", "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING"));

        assertThat(caps.serverName()).isEqualTo("mail.example.com");
        assertThat(caps.clientAddress()).isEmpty();
        assertThat(caps.supportsSmtpUtf8()).isTrue();
        assertThat(caps.size()).hasValue(10_240_000L);
        assertThat(caps.authMechanisms()).isEmpty();
    }

    @Test
    void gmailGreetingGivesTheClientAddressInBrackets() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.google.com at your service, [203.0.113.5]", "SIZE 157286400"));

        assertThat(caps.serverName()).isEqualTo("mx.google.com");
        assertThat(caps.clientAddress()).contains("203.0.113.5");
    }

    @Test
    void ipv6ClientAddressInBracketsIsRead() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.google.com at your service, [2001:db8::5]"));

        assertThat(caps.clientAddress()).contains("2001:db8::5");
    }

    @Test
    void sendmailGreetingNamingTheClientHostGivesTheAddressLiteral() {
        var caps = Capabilities.fromEhlo(Reply.of(250,
                "mail.example.com Hello client.example.net [192.0.2.1], pleased to meet you", "ENHANCEDSTATUSCODES"));

        assertThat(caps.serverName()).isEqualTo("mail.example.com");
        assertThat(caps.clientAddress()).contains("192.0.2.1");
    }

    @Test
    void bareDottedQuadInTheGreetingIsTakenAsTheClientAddress() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "smtp.example.test Hello 198.51.100.23, nice to meet you"));

        assertThat(caps.clientAddress()).contains("198.51.100.23");
    }

    @Test
    void addressLiteralIsPreferredToAnEarlierDottedQuad() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "relay 10.0.0.1 greets client.example.net [192.0.2.9]"));

        assertThat(caps.clientAddress()).contains("192.0.2.9");
    }

    @Test
    void singleLineEhloReplyHasAGreetingButNoKeywords() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test"));

        assertThat(caps.serverName()).isEqualTo("mx.example.test");
        assertThat(caps.keywords()).isEmpty();
    }

    @Test
    void blankAndPaddedLinesAreTolerated() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.example.test", "", "  PIPELINING  ", "SIZE   2048"));

        assertThat(caps.keywords()).containsExactly("PIPELINING", "SIZE");
        assertThat(caps.size()).hasValue(2048L);
    }

    @Test
    void extensionsCannotBeModified() {
        var caps = Capabilities.fromEhlo(EXCHANGE);

        assertThatThrownBy(() -> caps.extensions().put("VRFY", List.of())).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> caps.extensions().get("X-EXPS").add("PLAIN"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> caps.authMechanisms().add("PLAIN")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void constructorCopiesTheMapAndUpperCasesKeywords() {
        var map = new LinkedHashMap<String, List<String>>();
        map.put("size", List.of("1000"));
        map.put("Auth", List.of("PLAIN"));
        var caps = new Capabilities("mx.example.test", map);
        map.put("PIPELINING", List.of());

        assertThat(caps.keywords()).containsExactly("SIZE", "AUTH");
        assertThat(caps.size()).hasValue(1000L);
        assertThat(caps.supportsPipelining()).isFalse();
    }

    @Test
    void toStringListsTheGreetingAndEachKeywordWithParameters() {
        var caps = new Capabilities("mx.example.test Hello", Map.of("AUTH", List.of("PLAIN", "LOGIN")));

        assertThat(caps).hasToString("mx.example.test Hello\nAUTH PLAIN LOGIN");
    }

    @Test
    void toStringEscapesTheServersControlCharacters() {
        var caps = Capabilities.fromEhlo(Reply.of(250, "mx.test \u001b]0;owned\u0007", "X-\u001b[2J AR\bG"));

        assertThat(caps).hasToString("mx.test \\x1b]0;owned\\x07\nX-\\x1b[2J AR\\x08G");
    }
}
