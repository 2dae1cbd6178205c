package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

class ReplyLimitsTest {

    @Test
    void defaultsAreTheDocumentedValues() {
        assertThat(ReplyLimits.DEFAULT).isEqualTo(new ReplyLimits(4096, 512, 128 * 1024));
    }

    @Test
    void defaultLineLengthAllowsTheRfcMinimum() {
        // RFC 5321 §4.5.3.1.5: a reply line is at most 512 octets including CRLF
        assertThat(ReplyLimits.DEFAULT.maxLineLength()).isGreaterThanOrEqualTo(510);
        assertThat(ReplyLimits.DEFAULT.maxReplyBytes())
                .isGreaterThanOrEqualTo(ReplyLimits.DEFAULT.maxLineLength() + 2);
    }

    @Test
    void lineShorterThanTheCodeIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplyLimits(2, 1, 100));
    }

    @Test
    void zeroLinesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplyLimits(100, 0, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplyLimits(100, -1, 1000));
    }

    @Test
    void replySmallerThanOneLineWithItsCrlfIsRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ReplyLimits(100, 5, 101))
                .withMessageContaining("101");
    }

    @Test
    void smallestUsableLimitsAreAccepted() {
        var limits = new ReplyLimits(3, 1, 5);

        assertThat(limits.maxLineLength()).isEqualTo(3);
        assertThat(limits.maxLines()).isEqualTo(1);
        assertThat(limits.maxReplyBytes()).isEqualTo(5);
    }
}
