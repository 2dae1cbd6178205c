package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectFailure;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every way a conversation can break, end to end through the Netty transport against a scripted server. */
@Timeout(20)
class ConversationFailuresTest extends FakeServerTest {

    private static final Duration SHORT = Duration.ofSeconds(2);
    private static final Duration WAIT = Duration.ofSeconds(10);


    private SmtpSession connect(Timeouts timeouts) {
        client = Probe.client(ProbeOptions.builder().timeouts(timeouts).build());
        return client.connect(server.host(), server.port());
    }

    private SmtpSession connect() {
        return connect(Timeouts.all(SHORT));
    }

    private static void eventually(BooleanSupplier condition) {
        long deadline = System.nanoTime() + SHORT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + SHORT);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Every failure carries the conversation so far, ending with what matters. */
    private static void assertTranscriptHasLastSent(ProbeException e, String lastSent) {
        assertThat(e.transcript().isEmpty()).isFalse();
        assertThat(e.transcript().sent()).isNotEmpty().last().isEqualTo(lastSent);
    }

    @Test
    void serverDroppingBeforeGreetingIsConnectionLostDuringGreeting() {
        server = FakeSmtpServer.start(FakeSmtpServer.Script::close);
        var e = catchThrowableOfType(ConnectionLostException.class, this::connect);
        assertThat(e.step()).isEqualTo(Step.GREETING);
        assertThat(e.partialReply()).isEmpty();
        assertThat(e.transcript().isEmpty()).isFalse();
        assertThat(e.transcript().toString()).contains("Connected to");
    }

    @Test
    void missingGreetingIsStepTimeoutWithTheGreetingTimeout() {
        server = FakeSmtpServer.start(s -> s.readUntilClosed());
        Duration greeting = Duration.ofMillis(300);
        long start = System.nanoTime();
        var e = catchThrowableOfType(StepTimeoutException.class,
                () -> connect(Timeouts.all(SHORT).withGreeting(greeting)));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(e.step()).isEqualTo(Step.GREETING);
        assertThat(e.timeout()).isEqualTo(greeting);
        assertThat(tookMillis).isBetween(250L, 1900L);
        assertThat(e.transcript().toString()).contains("GREETING timed out");
        server.awaitScript(WAIT); // the client closed the connection
    }

    @Test
    void serverDroppingMidReplyIsConnectionLostWithThePartialReply() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.send("250-a\r\n250-b");
            s.close();
        });
        var session = connect();
        var e = catchThrowableOfType(ConnectionLostException.class, () -> session.ehlo("client.test"));
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e.partialReply()).containsExactly("250-a", "250-b");
        assertThat(e.getMessage()).contains("250-a", "250-b");
        assertTranscriptHasLastSent(e, "EHLO client.test");
        assertThat(e.transcript().received()).contains("250-a");
    }

    @Test
    void serverDroppingBetweenCompleteLinesKeepsTheCompleteLines() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.send("250-a\r\n250-b\r\n");
            s.close();
        });
        var session = connect();
        var e = catchThrowableOfType(ConnectionLostException.class, () -> session.ehlo("client.test"));
        assertThat(e.partialReply()).containsExactly("250-a", "250-b");
    }

    @Test
    void reply421ToEhloIsAValueAndTheNextCommandFindsTheConnectionLost() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "421 4.3.2 Service shutting down\r\n");
            s.close();
        });
        var session = connect();
        var hello = session.ehlo("client.test");
        assertThat(hello.reply().code()).isEqualTo(421);
        assertThat(hello.reply().isTransientFailure()).isTrue();
        assertThat(hello.reply().enhancedStatus().map(Object::toString)).hasValue("4.3.2");
        var e = catchThrowableOfType(ConnectionLostException.class, hello::noop);
        assertThat(e.step()).isEqualTo(Step.NOOP);
        assertThat(e.transcript().received()).last().isEqualTo("421 4.3.2 Service shutting down");
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void unsolicited421WhileIdleFailsTheNextCommandAsConnectionLost() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.pause(Duration.ofMillis(50));
            s.send("421 4.4.2 idle too long\r\n");
            s.close();
        });
        var session = connect();
        eventually(() -> !session.isOpen());
        var e = catchThrowableOfType(ConnectionLostException.class, session::noop);
        assertThat(e.step()).isEqualTo(Step.NOOP);
        assertThat(e.getMessage()).contains("421");
        assertThat(e.transcript().received()).contains("421 4.4.2 idle too long");
    }

    @Test
    void unsolicited421WithoutCloseMakesTheClientCloseAndSendNothingMore() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n421 4.4.2 go away\r\n");
            s.readUntilClosed();
        });
        var session = connect();
        eventually(() -> !session.isOpen());
        assertThatThrownBy(session::noop).isInstanceOf(ConnectionLostException.class);
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).isEmpty();
    }

    @Test
    void unsolicitedPositiveReplyIsAProtocolViolationSurfacedOnTheNextCommand() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n250 nobody asked\r\n");
            s.readUntilClosed();
        });
        var session = connect();
        assertThat(session.greeting().code()).isEqualTo(220);
        eventually(() -> !session.isOpen());
        var e = catchThrowableOfType(ConnectionLostException.class, session::noop);
        assertThat(e.step()).isEqualTo(Step.NOOP);
        // e was created on this thread; its cause is the I/O thread's failure, whose cause is the violation
        assertThat(e.getCause()).isInstanceOf(ConnectionLostException.class);
        assertThat(e.getCause().getCause()).isInstanceOfSatisfying(ProtocolViolationException.class, v ->
                assertThat(new String(v.offendingBytes(), StandardCharsets.UTF_8)).isEqualTo("250 nobody asked"));
        assertThat(e.getMessage()).contains("a reply no command asked for");
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).doesNotContain("NOOP");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "bare LF             | 250 ok\\n                    | 250 ok\\n",
        "code 850            | 850 weird\\r\\n               | 850 weird",
        "mismatched codes    | 250-a\\r\\n251 b\\r\\n         | 251 b",
        "code followed by x  | 250x\\r\\n                    | 250x",
        "bare CR             | 250 a\\rb\\r\\n               | 250 a\\rb",
    })
    void malformedEhloReplyIsAProtocolViolationDuringEhlo(String name, String wire, String offending) {
        String bytes = unescape(wire.strip());
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.send(bytes);
            s.readUntilClosed();
        });
        var session = connect();
        var e = catchThrowableOfType(ProtocolViolationException.class, () -> session.ehlo("client.test"));
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(new String(e.offendingBytes(), StandardCharsets.ISO_8859_1)).startsWith(unescape(offending.strip()));
        assertTranscriptHasLastSent(e, "EHLO client.test");
        server.awaitScript(WAIT); // the client closed the connection
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void hugeEhloLineIsAProtocolViolationDuringEhloWithoutWaitingForItsEnd() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.send("250 " + "x".repeat(10_000)); // no CRLF: the cap must act on its own
            s.readUntilClosed();
        });
        var session = connect();
        var e = catchThrowableOfType(ProtocolViolationException.class, () -> session.ehlo("client.test"));
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e.getMessage()).contains("longer than 4096");
        assertThat(e.offendingBytes()).hasSizeLessThanOrEqualTo(256).startsWith("250 xxx".getBytes(StandardCharsets.US_ASCII));
        assertTranscriptHasLastSent(e, "EHLO client.test");
    }

    @Test
    void slowServerWithinTheTimeoutIsFine() {
        server = FakeSmtpServer.start(s -> {
            s.sendSlowly("220 ok\r\n", Duration.ofMillis(100));
            s.expect("EHLO");
            s.sendSlowly("250 hi\r\n", Duration.ofMillis(100));
            s.readUntilClosed();
        });
        var session = connect();
        assertThat(session.greeting().lines()).containsExactly("ok");
        var hello = session.ehlo("client.test");
        assertThat(hello.reply().lines()).containsExactly("hi");
        assertThat(hello.reply().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void slowServerBeyondTheTimeoutIsStepTimeout() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 ok\r\n");
            s.expect("EHLO");
            s.sendSlowly("250-slow\r\n250 hi\r\n", Duration.ofMillis(100));
            s.readUntilClosed();
        });
        var session = connect(Timeouts.all(SHORT).withCommand(Duration.ofMillis(500)));
        var e = catchThrowableOfType(StepTimeoutException.class, () -> session.ehlo("client.test"));
        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e.timeout()).isEqualTo(Duration.ofMillis(500));
        assertTranscriptHasLastSent(e, "EHLO client.test");
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void multiLineReplySplitAcrossSegmentsWithPausesIsOneReply() {
        server = FakeSmtpServer.start(s -> {
            s.send("2").pause(Duration.ofMillis(30)).send("20 g").pause(Duration.ofMillis(30)).send("reeting\r");
            s.pause(Duration.ofMillis(30)).send("\n");
            s.expect("EHLO");
            s.send("250-fake.test\r\n25").pause(Duration.ofMillis(50)).send("0-SIZE 100\r").pause(Duration.ofMillis(50));
            s.send("\n250 PIPE").pause(Duration.ofMillis(50)).send("LINING\r\n");
            s.reply("NOOP", "250 ok\r\n");
            s.readUntilClosed();
        });
        var session = connect();
        assertThat(session.greeting().lines()).containsExactly("greeting");
        var hello = session.ehlo("client.test");
        assertThat(hello.reply().lines()).containsExactly("fake.test", "SIZE 100", "PIPELINING");
        assertThat(hello.capabilities().size()).hasValue(100);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void refusedConnectIsConnectFailedRefused() throws Exception {
        int port;
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(SHORT)).build());
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        var e = catchThrowableOfType(ConnectFailedException.class, () -> client.connect(host, port));
        assertThat(e.reason()).isEqualTo(ConnectFailure.REFUSED);
        assertThat(e.port()).isEqualTo(port);
        assertThat(e.host()).isEqualTo(host);
        assertThat(e.transcript().toString()).contains("Trying " + host + ":" + port);
    }

    @Test
    @Timeout(10)
    void unresolvableHostIsConnectFailedUnresolved() {
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(SHORT)).build());
        var e = catchThrowableOfType(ConnectFailedException.class, () -> client.connect("nonexistent.invalid", 25));
        assertThat(e.reason()).isEqualTo(ConnectFailure.UNRESOLVED);
        assertThat(e.host()).isEqualTo("nonexistent.invalid");
        assertThat(e.transcript().isEmpty()).isFalse();
    }

    @Test
    void blockingCallOnTheIoThreadFailsFastInsteadOfDeadlocking() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 ok\r\n");
            s.expect("NOOP");
            s.pause(Duration.ofMillis(200)); // so that the continuation runs on the I/O thread
            s.send("250 ok\r\n");
            s.reply("NOOP", "250 still fine\r\n");
            s.readUntilClosed();
        });
        var session = connect();
        var nested = session.noopAsync().thenApply(r -> session.noop());
        var e = catchThrowableOfType(CompletionException.class, nested::join);
        assertThat(e.getCause()).isInstanceOf(IllegalStateException.class).hasMessageContaining("Async");
        // nothing was sent by the refused blocking call, and the session still works
        assertThat(session.noop().reply().lines()).containsExactly("still fine");
    }

    @Test
    void closeSendsQuitAndReleasesTheConnectionWhenQuitIsNeverAnswered() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 ok\r\n");
            s.expect("QUIT");
            s.readUntilClosed(); // never answers
        });
        var session = connect(Timeouts.all(SHORT).withQuitOnClose(Duration.ofMillis(300)));
        long start = System.nanoTime();
        session.close();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(tookMillis).isBetween(250L, 1900L);
        assertThat(session.isOpen()).isFalse();
        server.awaitScript(WAIT); // the server saw the connection closed
        assertThat(server.receivedText()).isEqualTo("QUIT\r\n");
        session.close(); // idempotent
    }

    @Test
    void closeAfterTheServerClosedReturnsPromptly() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 ok\r\n");
            s.close();
        });
        var session = connect(Timeouts.all(SHORT).withQuitOnClose(Duration.ofSeconds(2)));
        eventually(() -> !session.isOpen());
        long start = System.nanoTime();
        session.close();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1000L);
        assertThat(session.isOpen()).isFalse();
    }

    @Test
    void closeWhileTheServerIsClosingDoesNotHang() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 ok\r\n");
            s.expect("QUIT");
            s.close(); // no 221
        });
        var session = connect(Timeouts.all(SHORT).withQuitOnClose(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        session.close();
        assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(900L);
        assertThat(session.isOpen()).isFalse();
        assertThat(session.transcript().sent()).containsExactly("QUIT");
    }

    private static String unescape(String s) {
        return s.replace("\\r", "\r").replace("\\n", "\n");
    }
}
