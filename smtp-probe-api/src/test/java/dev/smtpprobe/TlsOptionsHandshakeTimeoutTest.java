package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The TLS handshake timeout is validated when set, like every other timeout (issue 11 item 10). */
class TlsOptionsHandshakeTimeoutTest {

    @Test
    void aHandshakeTimeoutLongerThanTheMaximumIsRefusedWhenSet() {
        assertThatThrownBy(() -> TlsOptions.builder().handshakeTimeout(Duration.ofDays(200_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("TlsOptions.handshakeTimeout")
                .hasMessageContaining("at most");
        assertThatThrownBy(() -> TlsOptions.builder().handshakeTimeout(Duration.ofSeconds(Long.MAX_VALUE / 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aZeroOrNegativeHandshakeTimeoutIsRefused() {
        assertThatThrownBy(() -> TlsOptions.builder().handshakeTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("positive");
        assertThatThrownBy(() -> TlsOptions.builder().handshakeTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theMaximumItselfIsAccepted() {
        assertThat(TlsOptions.builder().handshakeTimeout(Timeouts.MAXIMUM).build().handshakeTimeout())
                .isEqualTo(Timeouts.MAXIMUM);
    }
}
