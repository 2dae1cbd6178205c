package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 16: a blocking call throws an exception created on the caller's thread with the I/O thread's as its cause
 * (as {@code HttpClient.send} does), so that its stack trace shows the caller; a composed async call fails with a
 * CompletionException that {@link ProbeException#unwrap(Throwable)} takes off. Against a scripted server.
 */
@Timeout(30)
class BlockingCallsOnTheCallersThreadTest extends FakeServerTest {

    private static final Timeouts LONG = Timeouts.all(Duration.ofSeconds(20));

    private SmtpSession connect() {
        client = Probe.client(ProbeOptions.builder().timeouts(LONG).build());
        return client.connect(server.host(), server.port());
    }

    /**
     * The original failure was created by the I/O that detected it: on the shared event loop's thread (property
     * {@code smtp-probe.blocking=shared}), or, by default, on the caller's own thread while it ran the session's I/O
     * (issue 12: no hand-off), and then inside the loop's turn.
     */
    private static void assertCreatedByTheIo(Throwable original, String testMethod) {
        if ("shared".equals(System.getProperty("smtp-probe.blocking"))) {
            assertThat(methodsOnTheStack(original)).doesNotContain(testMethod);
        } else {
            assertThat(methodsOnTheStack(original)).contains(testMethod, "runOnce");
        }
    }

    private static List<String> methodsOnTheStack(Throwable t) {
        return Arrays.stream(t.getStackTrace()).map(StackTraceElement::getMethodName).toList();
    }

    @Test
    void aBlockingStepThrowsAnExceptionCreatedOnTheCallersThreadWithTheIoThreadsAsCause() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("NOOP");
            s.send("250-half a reply\r\n");
            s.close();
        });
        var session = connect();

        var thrown = catchThrowableOfType(ConnectionLostException.class, session::noop);

        assertThat(methodsOnTheStack(thrown)).contains("aBlockingStepThrowsAnExceptionCreatedOnTheCallersThreadWithTheIoThreadsAsCause");
        assertThat(thrown.getCause()).isInstanceOfSatisfying(ConnectionLostException.class, original -> {
            assertThat(original).isNotSameAs(thrown);
            assertCreatedByTheIo(original, "aBlockingStepThrowsAnExceptionCreatedOnTheCallersThreadWithTheIoThreadsAsCause");
            assertThat(original.getMessage()).isEqualTo(thrown.getMessage());
            assertThat(original.partialReply()).isEqualTo(thrown.partialReply());
            assertThat(original.closedBy()).isEqualTo(thrown.closedBy());
        });
        assertThat(thrown.step()).isEqualTo(Step.NOOP);
        assertThat(thrown.partialReply()).containsExactly("250-half a reply");
    }

    @Test
    void aBlockingConnectThrowsAnExceptionCreatedOnTheCallersThreadWithTheIoThreadsAsCause() {
        server = FakeSmtpServer.start(FakeSmtpServer.Script::close);
        client = Probe.client(ProbeOptions.builder().timeouts(LONG).build());

        var thrown = catchThrowableOfType(ConnectionLostException.class, () -> client.connect(server.host(), server.port()));

        assertThat(thrown.step()).isEqualTo(Step.GREETING);
        assertThat(methodsOnTheStack(thrown)).contains("aBlockingConnectThrowsAnExceptionCreatedOnTheCallersThreadWithTheIoThreadsAsCause");
        assertThat(thrown.getCause()).isInstanceOf(ConnectionLostException.class).isNotSameAs(thrown);
        assertCreatedByTheIo(thrown.getCause(), "aBlockingConnectThrowsAnExceptionCreatedOnTheCallersThreadWithTheIoThreadsAsCause");
    }

    @Test
    void aComposedAsyncCallFailsWithCompletionExceptionAndUnwrapGivesTheProbeException() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.expect("NOOP");
            s.close();
        });
        var session = connect();

        CompletableFuture<?> composed = session.noopAsync().thenCompose(first -> session.noopAsync());
        var failure = catchThrowable(composed::join);

        assertThat(failure).isInstanceOf(CompletionException.class);
        assertThat(ProbeException.unwrap(failure)).isInstanceOfSatisfying(ConnectionLostException.class,
                lost -> assertThat(lost.step()).isEqualTo(Step.NOOP));
    }
}
