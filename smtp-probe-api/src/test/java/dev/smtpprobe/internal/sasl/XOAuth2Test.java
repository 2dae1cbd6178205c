package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.text;
import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class XOAuth2Test {

    private static final String ERROR = "{\"status\":\"401\",\"schemes\":\"bearer\",\"scope\":\"https://mail.google.com/\"}";

    @Test
    void initialResponseIsUserAuthBearerWithCtrlASeparators() {
        XOAuth2 x = new XOAuth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
        assertThat(x.initialResponse()).hasValueSatisfying(r -> assertThat(text(r)).isEqualTo(
                "user=someuser@example.com\u0001auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\u0001\u0001"));
    }

    /** Google's XOAUTH2 documentation gives this base64 for the example user and token. */
    @Test
    void matchesGooglesDocumentedEncoding() {
        XOAuth2 x = new XOAuth2("someuser@example.com", "ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
        assertThat(Base64.getEncoder().encodeToString(x.initialResponse().orElseThrow())).isEqualTo(
                "dXNlcj1zb21ldXNlckBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnZGOWRmdDRxbVRjMk52YjNSbGNrQmhkSFJo"
                        + "ZG1semRHRXVZMjl0Q2cBAQ==");
    }

    @Test
    void revealsTheSecret() {
        XOAuth2 x = new XOAuth2("u", "t");
        assertThat(x.name()).isEqualTo("XOAUTH2");
        assertThat(x.revealsSecret()).isTrue();
    }

    @Test
    void theErrorChallengeGetsAnEmptyResponseAndIsKept() {
        XOAuth2 x = new XOAuth2("u@example.com", "token");
        x.initialResponse();
        assertThat(x.lastError()).isEmpty();
        assertThat(x.respond(utf8(ERROR))).hasValueSatisfying(r -> assertThat(r).isEmpty());
        assertThat(x.lastError()).contains(ERROR);
    }

    @Test
    void aSecondChallengeCancels() {
        XOAuth2 x = new XOAuth2("u@example.com", "token");
        x.initialResponse();
        x.respond(utf8(ERROR));
        assertThat(x.respond(utf8(ERROR))).isEmpty();
        assertThat(x.lastError()).contains(ERROR);
    }

    @Test
    void anEmptyChallengeGetsTheMessageWhenTheInitialResponseWasNotSent() {
        XOAuth2 x = new XOAuth2("u@example.com", "token");
        assertThat(x.respond(new byte[0]))
                .hasValueSatisfying(r -> assertThat(text(r)).startsWith("user=u@example.com\u0001"));
        assertThat(x.respond(utf8(ERROR))).hasValueSatisfying(r -> assertThat(r).isEmpty());
    }

    @Test
    void anEmptyChallengeAfterTheInitialResponseCancels() {
        XOAuth2 x = new XOAuth2("u@example.com", "token");
        x.initialResponse();
        assertThat(x.respond(new byte[0])).isEmpty();
    }

    @Test
    void aFieldSeparatorInsideAValueIsRefused() {
        assertThatThrownBy(() -> new XOAuth2("u", "ya29.SECRET\u0001auth=x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("SECRET");
        assertThatThrownBy(() -> new XOAuth2("u\u0001", "t")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringDoesNotContainTheToken() {
        XOAuth2 x = new XOAuth2("u@example.com", "ya29.SECRET");
        x.initialResponse();
        x.respond(utf8(ERROR));
        assertThat(x.toString()).doesNotContain("SECRET");
    }
}
