package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The life of a session as its callers see it, on a connection answered by hand: one step at a time (a composed
 * step counts as one), cancel(), the session deadline, and blocking calls throwing on the caller's thread.
 */
@Timeout(10)
class SessionLifecycleTest {

    private final ManualConnection connection = new ManualConnection();

    private SmtpSession session(ProbeOptions options) {
        return ManualConnection.session(connection, options);
    }

    private SmtpSession session() {
        return session(ProbeOptions.DEFAULT);
    }

    private Hello hello(SmtpSession session) {
        var ehlo = session.ehloAsync("probe.test");
        connection.answer("250-mx.test\n250-AUTH LOGIN\n250-CHUNKING\n250 STARTTLS");
        return ehlo.join();
    }

    private static void eventually(BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met in 5 s");
            }
            Thread.onSpinWait();
        }
    }

    private void assertRefusedWhile(SessionStage stage, Step inFlight) {
        List<String> before = connection.written();
        assertThatIllegalStateException().isThrownBy(stage::noopAsync)
                .withMessageContaining("NOOP refused").withMessageContaining(inFlight + " is still in flight")
                .withMessageContaining("nothing was sent");
        assertThatIllegalStateException().isThrownBy(stage::rset).withMessageContaining("still in flight");
        assertThat(connection.written()).isEqualTo(before);
    }

    // --- one step at a time (issue 11 item 15) ---

    @Test
    void aSecondStepWhileOneIsInFlightIsRefusedAndNothingIsWrittenForIt() {
        var session = session();
        var noop = session.noopAsync();

        assertRefusedWhile(session, Step.NOOP);
        assertThatIllegalStateException().isThrownBy(() -> session.vrfy("postmaster"));
        assertThat(connection.written()).containsExactly("NOOP");

        connection.answer("250 ok");
        assertThat(noop.join().reply().code()).isEqualTo(250);
        var rset = session.rsetAsync(); // free again
        connection.answer("250 reset");
        assertThat(rset.join().reply().code()).isEqualTo(250);
        assertThat(connection.written()).containsExactly("NOOP", "RSET");
    }

    @Test
    void everyStageOfTheSessionSharesTheOneStepRule() {
        var session = session();
        var hello = hello(session);
        var mail = hello.mailFromAsync("a@probe.test");

        assertRefusedWhile(session, Step.MAIL);
        assertRefusedWhile(hello, Step.MAIL);
        assertThatIllegalStateException().isThrownBy(() -> hello.mailFromAsync("b@probe.test"));
        connection.answer("250 ok");
        assertThat(mail.join().mailReply().code()).isEqualTo(250);
    }

    @Test
    void theNextStepMayStartFromTheCallbacksOfThePreviousOne() {
        var session = session();
        var both = session.noopAsync().thenCompose(r -> session.rsetAsync());
        connection.answer("250 ok");
        assertThat(connection.written()).containsExactly("NOOP", "RSET");
        connection.answer("250 reset");
        assertThat(both.join().command()).isEqualTo("RSET");
    }

    @Test
    void ehloThatUpgradesToTlsIsOneStepFromTheFirstEhloToTheSecond() {
        var session = session(ProbeOptions.builder().tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).build()).build());
        var ehlo = session.ehloAsync("probe.test");
        assertRefusedWhile(session, Step.EHLO);
        connection.answer("250-mx.test\n250 STARTTLS");
        assertThat(connection.written()).containsExactly("EHLO probe.test", "STARTTLS");
        assertRefusedWhile(session, Step.EHLO);
        connection.answer("220 go ahead");
        assertThat(connection.written()).containsExactly("EHLO probe.test", "STARTTLS", "EHLO probe.test");
        assertRefusedWhile(session, Step.EHLO);
        connection.answer("250-mx.test\n250 AUTH PLAIN");

        assertThat(ehlo.join().capabilities().authMechanisms()).contains("PLAIN");
        session.noopAsync();
        assertThat(connection.written()).last().isEqualTo("NOOP");
    }

    @Test
    void nextMailFromIsOneStepFromRsetToMail() {
        var session = session();
        var hello = hello(session);
        var first = hello.mailFromAsync("a@probe.test");
        connection.answer("250 ok");
        first.join();

        var next = hello.nextMailFromAsync("b@probe.test");
        assertThat(connection.written()).last().isEqualTo("RSET");
        assertRefusedWhile(hello, Step.MAIL);
        connection.answer("250 reset");
        assertThat(connection.written()).last().isEqualTo("MAIL FROM:<b@probe.test>");
        assertRefusedWhile(hello, Step.MAIL);
        connection.answer("250 ok");
        assertThat(next.join().mailReply().code()).isEqualTo(250);
    }

    @Test
    void anAuthExchangeIsOneStepFromTheAuthLineToTheFinalReply() {
        var session = session(ProbeOptions.builder().allowPlaintextAuthentication(true).build());
        var hello = hello(session);
        var auth = hello.authLoginAsync("user", "secret");
        eventually(connection::isWaiting);
        assertRefusedWhile(hello, Step.AUTH);
        connection.answer("334 VXNlcm5hbWU6");
        eventually(() -> connection.written().size() == 3 && connection.isWaiting());
        assertRefusedWhile(hello, Step.AUTH);
        connection.answer("334 UGFzc3dvcmQ6");
        eventually(() -> connection.written().size() == 4 && connection.isWaiting());
        assertRefusedWhile(hello, Step.AUTH);
        connection.answer("235 2.7.0 ok");
        assertThat(auth.join().isSuccess()).isTrue();
    }

    @Test
    void chunkedDataIsOneStepOverEveryChunk() {
        var session = session();
        var hello = hello(session);
        var mail = hello.mailFromAsync("a@probe.test");
        connection.answer("250 ok");
        var tx = mail.join();
        var data = tx.dataChunkedAsync("0123456789".getBytes(StandardCharsets.US_ASCII), 5);
        assertThat(connection.written()).last().isEqualTo("BDAT 5");
        assertRefusedWhile(tx, Step.BDAT);
        connection.answer("250 chunk");
        assertThat(connection.written()).last().isEqualTo("BDAT 5 LAST");
        assertRefusedWhile(tx, Step.BDAT);
        connection.answer("250 queued");
        assertThat(data.join().isAccepted()).isTrue();
    }

    @Test
    void aRefusedArgumentDoesNotLeaveTheSessionBusy() {
        var session = session();
        catchThrowableOfType(InvalidArgumentException.class, () -> session.vrfyAsync("a\r\nRSET"));
        session.noopAsync();
        assertThat(connection.written()).containsExactly("NOOP");
    }

    // --- cancel() ---

    @Test
    void cancelFailsTheStepInFlightAtOnceClosesWithoutQuitAndRefusesLaterSteps() {
        var session = session();
        var noop = session.noopAsync();

        session.cancel();

        var failure = catchThrowableOfType(SessionCancelledException.class, () -> {
            try {
                noop.get(1, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw (RuntimeException) e.getCause(); // the future fails with the exception itself
            }
        });
        assertThat(failure.step()).isEqualTo(Step.NOOP);
        assertThat(failure.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(failure.getMessage()).contains("NOOP cancelled").contains("cancel()");
        assertThat(failure.transcript().toString()).contains("session cancelled by the client");
        assertThat(connection.closes()).isEqualTo(1);
        assertThat(session.isOpen()).isFalse();

        assertThatIllegalStateException().isThrownBy(session::rset).withMessageContaining("cancelled");
        session.close(); // no QUIT after a cancel
        assertThat(connection.written()).containsExactly("NOOP");
    }

    @Test
    void cancelWithNoStepInFlightClosesAndLaterStepsAreRefused() {
        var session = session();
        session.cancel();
        session.cancel(); // idempotent
        assertThat(connection.closes()).isEqualTo(1);
        assertThatIllegalStateException().isThrownBy(session::noop);
        assertThat(connection.written()).isEmpty();
    }

    @Test
    void closeWhileAStepIsInFlightCancelsItInsteadOfSendingQuitInTheMiddle() {
        var session = session();
        var noop = session.noopAsync();
        session.close();
        var failure = catchThrowable(noop::join);
        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(ProbeException.unwrap(failure)).isInstanceOfSatisfying(SessionCancelledException.class,
                c -> assertThat(c.getMessage()).contains("close()"));
        assertThat(connection.written()).containsExactly("NOOP");
    }

    // --- the session deadline ---

    @Test
    void theSessionDeadlineFailsTheWaitingStepAndClosesTheSession() {
        var session = session(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .sessionDeadline(Duration.ofMillis(200)).build());
        long start = System.nanoTime();
        var failure = catchThrowableOfType(StepTimeoutException.class, session::noop);
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertThat(millis).isBetween(100L, 3000L);
        assertThat(failure.isSessionDeadline()).isTrue();
        assertThat(failure.step()).isEqualTo(Step.NOOP);
        assertThat(failure.timeout()).isEqualTo(Duration.ofMillis(200));
        assertThat(failure.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(failure.getMessage()).contains("session deadline of 200 ms expired while NOOP was waiting")
                .contains("not NOOP's own timeout");
        assertThat(connection.closes()).isEqualTo(1);
        assertThat(session.isOpen()).isFalse();

        var later = catchThrowableOfType(StepTimeoutException.class, () -> session.vrfy("postmaster"));
        assertThat(later.isSessionDeadline()).isTrue();
        assertThat(later.step()).isEqualTo(Step.VRFY);
        assertThat(later.getMessage()).contains("before VRFY (nothing was sent)");
        assertThat(connection.written()).containsExactly("NOOP");
    }

    @Test
    void aSessionClosedBeforeItsDeadlineIsLeftAlone() throws InterruptedException {
        var session = session(ProbeOptions.builder().sessionDeadline(Duration.ofMillis(100)).build());
        var quit = session.quitAsync();
        connection.answer("221 bye");
        quit.join();
        session.close();
        Thread.sleep(300);
        assertThat(session.transcript().toString()).doesNotContain("deadline");
        assertThat(connection.closes()).isEqualTo(1);
    }

    @Test
    void theStepTimeoutStaysAStepTimeout() {
        var e = new StepTimeoutException(Step.MAIL, Duration.ofSeconds(3), Transcript.EMPTY);
        assertThat(e.isSessionDeadline()).isFalse();
        var deadline = StepTimeoutException.sessionDeadline(Step.MAIL, Duration.ofSeconds(3), false, Transcript.EMPTY);
        assertThat(deadline.onCallerThread().isSessionDeadline()).isTrue();
        assertThat(deadline.onCallerThread().getMessage()).isEqualTo(deadline.getMessage());
    }

    // --- blocking calls throw on the caller's thread (issue 16) ---

    @Test
    void aBlockingStepThrowsACopyMadeOnTheCallersThreadWithTheIoThreadsFailureAsCause() {
        var session = session();
        var original = new AtomicReference<ConnectionLostException>();
        var io = new Thread(() -> {
            eventually(connection::isWaiting);
            var e = new ConnectionLostException(Step.NOOP, List.of("250-half"), "closed by the server", null,
                    session.transcript(), ClosedBy.SERVER);
            original.set(e);
            connection.fail(e);
        }, "fake-io-thread");
        io.start();

        var thrown = catchThrowableOfType(ConnectionLostException.class, session::noop);

        assertThat(thrown).isNotSameAs(original.get()).hasCause(original.get());
        assertThat(thrown.getCause()).isSameAs(original.get());
        assertThat(thrown.getMessage()).isEqualTo(original.get().getMessage());
        assertThat(thrown.step()).isEqualTo(Step.NOOP);
        assertThat(thrown.partialReply()).containsExactly("250-half");
        assertThat(thrown.closedBy()).isEqualTo(ClosedBy.SERVER);
        assertThat(thrown.transcript()).isSameAs(original.get().transcript());
        assertThat(frames(thrown)).contains("aBlockingStepThrowsACopyMadeOnTheCallersThreadWithTheIoThreadsFailureAsCause");
        assertThat(frames(original.get())).doesNotContain(
                "aBlockingStepThrowsACopyMadeOnTheCallersThreadWithTheIoThreadsFailureAsCause");
    }

    @Test
    void aCommandRefusedBeforeTheFutureExistsIsThrownAsItIs() {
        var session = session();
        var hello = hello(session);
        // no usable mechanism: the refusal happens in the call, on this thread, no copy needed
        var e = catchThrowableOfType(NotSentException.class, () -> hello.auth("user", "secret"));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.NO_USABLE_MECHANISM);
        assertThat(e.getCause()).isNull();
        assertThat(frames(e)).contains("aCommandRefusedBeforeTheFutureExistsIsThrownAsItIs");
    }

    @Test
    void theFutureOfAComposedAsyncStepFailsWithTheProbeExceptionItself() {
        var session = session(ProbeOptions.builder().tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).build()).build());
        var ehlo = session.ehloAsync("probe.test");
        connection.answer("250 mx.test"); // no STARTTLS offered: TLS required cannot be had
        var seen = new AtomicReference<Throwable>();
        ehlo.whenComplete((h, e) -> seen.set(e));
        assertThat(seen.get()).isInstanceOf(TlsFailedException.class);
        // a future composed from it wraps it, as CompletableFuture does; unwrap takes the layer off
        var composed = ehlo.thenCompose(h -> h.mailFromAsync("a@probe.test"));
        var wrapped = catchThrowable(composed::join);
        assertThat(wrapped).isInstanceOf(CompletionException.class);
        assertThat(ProbeException.unwrap(wrapped)).isSameAs(seen.get());
    }

    /** The names of the methods on the stack where {@code t} was created. */
    private static List<String> frames(Throwable t) {
        return Arrays.stream(t.getStackTrace()).map(StackTraceElement::getMethodName).toList();
    }

}
