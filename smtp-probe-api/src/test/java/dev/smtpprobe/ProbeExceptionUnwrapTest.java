package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** {@link ProbeException#unwrap(Throwable)}: the failure inside what CompletableFuture wraps around it. */
class ProbeExceptionUnwrapTest {

    private final StepTimeoutException timeout = new StepTimeoutException(Step.RCPT, Duration.ofSeconds(1), Transcript.EMPTY);

    @Test
    void unwrapTakesOffEveryCompletionAndExecutionLayer() {
        var layered = new CompletionException(new ExecutionException(new CompletionException(timeout)));
        assertThat(ProbeException.unwrap(layered)).isSameAs(timeout);
    }

    @Test
    void unwrapFindsTheFailureOfAComposedFuture() {
        var composed = CompletableFuture.completedFuture("x")
                .thenCompose(x -> CompletableFuture.<String>failedFuture(timeout))
                .thenApply(String::length);
        Throwable seen = composed.handle((v, e) -> e).join();
        assertThat(seen).isInstanceOf(CompletionException.class);
        assertThat(ProbeException.unwrap(seen)).isSameAs(timeout);
    }

    @Test
    void unwrapReturnsAnythingElseAsItIs() {
        assertThat(ProbeException.unwrap(timeout)).isSameAs(timeout);
        var refused = new IllegalStateException("NOOP refused: MAIL is still in flight");
        assertThat(ProbeException.unwrap(new CompletionException(refused))).isSameAs(refused);
        var empty = new CompletionException("no cause", null);
        assertThat(ProbeException.unwrap(empty)).isSameAs(empty);
    }

    @Test
    void unwrapRefusesNull() {
        assertThatNullPointerException().isThrownBy(() -> ProbeException.unwrap(null));
    }
}
