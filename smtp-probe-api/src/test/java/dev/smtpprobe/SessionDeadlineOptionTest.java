package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@link ProbeOptions#sessionDeadline()}: none by default, positive when set, kept by {@code toBuilder()}. */
class SessionDeadlineOptionTest {

    @Test
    void thereIsNoSessionDeadlineByDefault() {
        assertThat(ProbeOptions.DEFAULT.sessionDeadline()).isEmpty().isEqualTo(ProbeOptions.DEFAULT_SESSION_DEADLINE);
        assertThat(ProbeOptions.builder().build().sessionDeadline()).isEmpty();
        assertThat(ProbeOptions.DEFAULT.toString()).contains("sessionDeadline=none");
    }

    @Test
    void aSessionDeadlineIsKeptByToBuilderAndCanBeRemoved() {
        var options = ProbeOptions.builder().sessionDeadline(Duration.ofSeconds(30)).build();
        assertThat(options.sessionDeadline()).contains(Duration.ofSeconds(30));
        assertThat(options.toBuilder().build().sessionDeadline()).contains(Duration.ofSeconds(30));
        assertThat(options.toString()).contains("sessionDeadline=PT30S");
        assertThat(options.toBuilder().sessionDeadline(null).build().sessionDeadline()).isEmpty();
    }

    @Test
    void aSessionDeadlineMustBePositiveAndTimeable() {
        var builder = ProbeOptions.builder();
        assertThatIllegalArgumentException().isThrownBy(() -> builder.sessionDeadline(Duration.ZERO))
                .withMessageContaining("positive");
        assertThatIllegalArgumentException().isThrownBy(() -> builder.sessionDeadline(Duration.ofMillis(-1)));
        assertThatIllegalArgumentException().isThrownBy(() -> builder.sessionDeadline(Duration.ofDays(200_000)))
                .withMessageContaining("too long");
    }
}
