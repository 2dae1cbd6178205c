package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SessionCancelledException;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * How a session's steps end, judged on the wire against a scripted server: the session deadline and {@code cancel()}
 * close at once, and a session carries one step at a time.
 */
@Timeout(30)
class SessionLifecycleOnTheWireTest extends FakeServerTest {

    /** The steps' own timeouts: far longer than anything these tests wait for. */
    private static final Timeouts LONG = Timeouts.all(Duration.ofSeconds(20));
    private static final Duration WAIT = Duration.ofSeconds(5);

    private SmtpSession connect(ProbeOptions options) {
        client = Probe.client(options);
        return client.connect(server.host(), server.port());
    }

    private SmtpSession connect() {
        return connect(ProbeOptions.builder().timeouts(LONG).build());
    }

    private static void eventually(BooleanSupplier condition) {
        long end = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("condition not met within " + WAIT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    private static List<String> methodsOnTheStack(Throwable t) {
        return Arrays.stream(t.getStackTrace()).map(StackTraceElement::getMethodName).toList();
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    // --- issue 16: the session deadline ---

    @Test
    void aSessionDeadlineOf300MsFailsAStalledStepInAbout300MsAndClosesTheConnection() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.readUntilClosed(); // stalls: never answers
        });
        long start = System.nanoTime();
        var session = connect(ProbeOptions.builder().timeouts(LONG).sessionDeadline(Duration.ofMillis(300)).build());

        var e = catchThrowableOfType(StepTimeoutException.class, () -> session.ehlo("probe.test"));
        long tookMillis = millisSince(start);

        assertThat(tookMillis).as("the deadline, not the 20 s step timeout").isBetween(280L, 2500L);
        assertThat(e.isSessionDeadline()).isTrue();
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(300));
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.getMessage()).contains("session deadline of 300 ms expired while EHLO was waiting");
        assertThat(session.isOpen()).isFalse();
        server.awaitScript(WAIT); // the client closed the connection: the server's read ended
        assertThat(server.receivedText()).isEqualTo("EHLO probe.test\r\n"); // no QUIT, nothing after
    }

    @Test
    void anAsyncStepFailsAtTheSessionDeadlineAndTheConnectionIsClosed() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("NOOP");
            s.readUntilClosed();
        });
        var session = connect(ProbeOptions.builder().timeouts(LONG).sessionDeadline(Duration.ofMillis(300)).build());
        long start = System.nanoTime();

        var failure = catchThrowable(() -> session.noopAsync().join());

        assertThat(millisSince(start)).isLessThan(2500L);
        assertThat(ProbeException.unwrap(failure)).isInstanceOfSatisfying(StepTimeoutException.class,
                t -> assertThat(t.isSessionDeadline()).isTrue());
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).isEqualTo("NOOP\r\n");
    }

    // --- issue 16: cancel() ---

    @Test
    void cancelFromAnotherThreadFailsABlockingStepAtOnceAndClosesTheConnectionOnTheWire() throws Exception {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("NOOP");
            s.readUntilClosed(); // never answers
        });
        var session = connect();
        var canceller = new Thread(() -> {
            eventually(() -> server.receivedText().contains("NOOP\r\n"));
            session.cancel();
        }, "canceller");
        canceller.start();
        long start = System.nanoTime();

        var e = catchThrowableOfType(SessionCancelledException.class, session::noop);

        assertThat(millisSince(start)).as("at once, not at the 20 s step timeout").isLessThan(3000L);
        assertThat(e.step()).isEqualTo(Step.NOOP);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(methodsOnTheStack(e)).contains("cancelFromAnotherThreadFailsABlockingStepAtOnceAndClosesTheConnectionOnTheWire");
        canceller.join();
        server.awaitScript(WAIT); // the server saw the connection closed
        assertThat(server.receivedText()).isEqualTo("NOOP\r\n"); // closed at once: no QUIT
        assertThat(session.isOpen()).isFalse();
        assertThatIllegalStateException().isThrownBy(session::noop).withMessageContaining("cancelled");
    }

    // --- issue 11 item 15: one step at a time ---

    @Test
    void aStepFromAnotherThreadWhileDataIsInFlightIsRefusedAndNothingIsWrittenForIt() throws Exception {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 Ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 Ok\r\n");
            s.reply("DATA", "354 go ahead\r\n");
            s.readData();
            s.pause(Duration.ofMillis(1500)); // a slow server: the DATA step stays in flight
            s.send("250 2.0.0 Ok: queued as X\r\n");
            s.reply("NOOP", "250 2.0.0 Ok\r\n");
            s.reply("QUIT", "221 2.0.0 Bye\r\n");
            s.readUntilClosed();
        });
        var session = connect();
        var tx = session.ehlo("probe.test").mailFrom("a@probe.test").rcptTo("b@fake.test");
        var data = CompletableFuture.supplyAsync(() -> tx.data("Subject: slow\r\n\r\nbody\r\n"));
        eventually(() -> server.receivedText().endsWith("\r\n.\r\n"));

        assertThatIllegalStateException().isThrownBy(tx::noop)
                .withMessageContaining("NOOP refused").withMessageContaining("DATA_CONTENT is still in flight")
                .withMessageContaining("not thread-safe for overlapping steps");
        assertThatIllegalStateException().isThrownBy(session::noopAsync);

        DataResult sent = data.get();
        assertThat(sent.isAccepted()).isTrue();
        assertThat(sent.queueId()).contains("X");
        assertThat(session.noop().reply().code()).isEqualTo(250); // free again once DATA completed
        session.close();
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).endsWith("\r\n.\r\nNOOP\r\nQUIT\r\n");
        assertThat(server.receivedText().split("NOOP", -1)).hasSize(2); // the refused NOOPs were never written
    }
}
