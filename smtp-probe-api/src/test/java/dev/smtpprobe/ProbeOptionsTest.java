package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ProbeOptionsTest {

    @Test
    void builderDefaultsAreTheDocumentedDefaults() {
        var options = ProbeOptions.builder().build();

        assertThat(options.timeouts()).isEqualTo(Timeouts.DEFAULT);
        assertThat(options.replyLimits()).isEqualTo(ReplyLimits.DEFAULT);
        assertThat(options.localAddress()).isEmpty();
        assertThat(options.transcriptBodyLines()).isEqualTo(ProbeOptions.DEFAULT_TRANSCRIPT_BODY_LINES).isEqualTo(20);
        assertThat(options.transcriptListener()).isSameAs(TranscriptListener.NONE);
    }

    @Test
    void defaultInstanceHasTheBuilderDefaults() {
        var d = ProbeOptions.DEFAULT;

        assertThat(d.timeouts()).isEqualTo(Timeouts.DEFAULT);
        assertThat(d.replyLimits()).isEqualTo(ReplyLimits.DEFAULT);
        assertThat(d.localAddress()).isEmpty();
        assertThat(d.transcriptBodyLines()).isEqualTo(20);
    }

    @Test
    void builderSetsEveryOption() {
        var timeouts = Timeouts.all(Duration.ofSeconds(7));
        var limits = new ReplyLimits(1000, 50, 20_000);
        var local = new InetSocketAddress("127.0.0.1", 0);
        TranscriptListener listener = entry -> { };

        var options = ProbeOptions.builder().timeouts(timeouts).replyLimits(limits).localAddress(local)
                .transcriptBodyLines(0).transcriptListener(listener).build();

        assertThat(options.timeouts()).isEqualTo(timeouts);
        assertThat(options.replyLimits()).isEqualTo(limits);
        assertThat(options.localAddress()).contains(local);
        assertThat(options.transcriptBodyLines()).isZero();
        assertThat(options.transcriptListener()).isSameAs(listener);
    }

    @Test
    void toBuilderRoundTripKeepsEveryOption() {
        var local = new InetSocketAddress("127.0.0.1", 2525);
        TranscriptListener listener = entry -> { };
        var original = ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .replyLimits(new ReplyLimits(600, 10, 6000)).localAddress(local).transcriptBodyLines(5)
                .transcriptListener(listener).build();

        var copy = original.toBuilder().build();

        assertThat(copy).isNotSameAs(original);
        assertThat(copy.timeouts()).isEqualTo(original.timeouts());
        assertThat(copy.replyLimits()).isEqualTo(original.replyLimits());
        assertThat(copy.localAddress()).isEqualTo(original.localAddress());
        assertThat(copy.transcriptBodyLines()).isEqualTo(original.transcriptBodyLines());
        assertThat(copy.transcriptListener()).isSameAs(original.transcriptListener());
        assertThat(copy).hasToString(original.toString());
    }

    @Test
    void toBuilderChangesLeaveTheOriginalAlone() {
        var original = ProbeOptions.builder().transcriptBodyLines(2).build();

        var changed = original.toBuilder().transcriptBodyLines(8).timeouts(Timeouts.all(Duration.ofSeconds(1))).build();

        assertThat(original.transcriptBodyLines()).isEqualTo(2);
        assertThat(original.timeouts()).isEqualTo(Timeouts.DEFAULT);
        assertThat(changed.transcriptBodyLines()).isEqualTo(8);
    }

    @Test
    void builtOptionsDoNotFollowLaterBuilderChanges() {
        var builder = ProbeOptions.builder().transcriptBodyLines(3);
        var built = builder.build();

        builder.transcriptBodyLines(99);

        assertThat(built.transcriptBodyLines()).isEqualTo(3);
    }

    @Test
    void localAddressCanBeClearedAgain() {
        var options = ProbeOptions.builder().localAddress(new InetSocketAddress(0)).build().toBuilder()
                .localAddress(null).build();

        assertThat(options.localAddress()).isEmpty();
    }

    @Test
    void invalidValuesAreRefused() {
        var builder = ProbeOptions.builder();

        assertThatIllegalArgumentException().isThrownBy(() -> builder.transcriptBodyLines(-1));
        assertThatNullPointerException().isThrownBy(() -> builder.timeouts(null));
        assertThatNullPointerException().isThrownBy(() -> builder.replyLimits(null));
        assertThatNullPointerException().isThrownBy(() -> builder.transcriptListener(null));
        assertThat(builder.build().transcriptBodyLines()).isEqualTo(ProbeOptions.DEFAULT_TRANSCRIPT_BODY_LINES);
    }

    @Test
    void toStringNamesTheOptions() {
        assertThat(ProbeOptions.builder().transcriptBodyLines(3).build().toString()).contains("transcriptBodyLines=3")
                .contains("timeouts=").contains("replyLimits=");
    }

    @Test
    void maxScramIterationsDefaultsToAMillionIsKeptByToBuilderAndMustBePositive() {
        assertThat(ProbeOptions.DEFAULT.maxScramIterations()).isEqualTo(ProbeOptions.DEFAULT_MAX_SCRAM_ITERATIONS)
                .isEqualTo(1_000_000);
        var options = ProbeOptions.builder().maxScramIterations(4096).build();
        assertThat(options.maxScramIterations()).isEqualTo(4096);
        assertThat(options.toBuilder().build().maxScramIterations()).isEqualTo(4096);
        assertThat(options.toString()).contains("maxScramIterations=4096");
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeOptions.builder().maxScramIterations(0))
                .withMessageContaining("maxScramIterations");
    }

    @Test
    void transcriptLimitsDefaultToTenThousandLinesAndOneMebibyteAreKeptByToBuilderAndMustNotBeNegative() {
        assertThat(ProbeOptions.DEFAULT.transcriptMaxLines()).isEqualTo(ProbeOptions.DEFAULT_TRANSCRIPT_MAX_LINES)
                .isEqualTo(10_000);
        assertThat(ProbeOptions.DEFAULT.transcriptMaxBytes()).isEqualTo(ProbeOptions.DEFAULT_TRANSCRIPT_MAX_BYTES)
                .isEqualTo(1_048_576);
        var options = ProbeOptions.builder().transcriptMaxLines(500).transcriptMaxBytes(64_000).build();
        assertThat(options.toBuilder().build().transcriptMaxLines()).isEqualTo(500);
        assertThat(options.toBuilder().build().transcriptMaxBytes()).isEqualTo(64_000);
        assertThat(options.toString()).contains("transcriptMaxLines=500").contains("transcriptMaxBytes=64000");
        assertThat(ProbeOptions.builder().transcriptMaxLines(0).transcriptMaxBytes(0).build().transcriptMaxLines()).isZero();
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeOptions.builder().transcriptMaxLines(-1))
                .withMessageContaining("transcriptMaxLines");
        assertThatIllegalArgumentException().isThrownBy(() -> ProbeOptions.builder().transcriptMaxBytes(-1))
                .withMessageContaining("transcriptMaxBytes");
    }
}
