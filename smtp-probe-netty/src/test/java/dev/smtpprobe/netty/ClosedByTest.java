package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Direction;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every failure says which side ended the connection (RFC 5321 §3.8), judged on the wire: a client that gave up
 * (timeout, protocol violation, close() under a waiting step) is never reported as a server that hung up.
 */
@Timeout(20)
class ClosedByTest extends FakeServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private SmtpSession connect(Timeouts timeouts, Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(script);
        client = Probe.client(ProbeOptions.builder().timeouts(timeouts).build());
        return client.connect(server.host(), server.port());
    }

    private static Throwable unwrapped(Throwable t) {
        return t instanceof CompletionException c && c.getCause() != null ? c.getCause() : t;
    }

    @Test
    void clientCloseUnderAWaitingStepIsClosedByTheClient() {
        var session = connect(Timeouts.all(Duration.ofSeconds(5)).withQuitOnClose(Duration.ofMillis(300)), s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.readUntilClosed(); // answers nothing
        });
        var noop = session.noopAsync();

        session.close();

        // close() under a waiting step cancels it (no QUIT in the middle of a step)
        var e = (dev.smtpprobe.SessionCancelledException) unwrapped(catchThrowable(noop::join));
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.getMessage()).doesNotContain("by the server");
        // on the wire: the server never closed; it read until the client closed
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).isEqualTo("NOOP\r\n");
    }

    @Test
    void stepAfterATimeoutFindsTheConnectionClosedByTheClient() {
        var session = connect(Timeouts.all(Duration.ofSeconds(5)).withCommand(Duration.ofMillis(300)), s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.readUntilClosed(); // never answers EHLO
        });
        var timeout = catchThrowableOfType(StepTimeoutException.class, () -> session.ehlo("client.test"));
        assertThat(timeout.closedBy()).isEqualTo(ClosedBy.CLIENT);

        var e = catchThrowableOfType(ConnectionLostException.class, session::noop);

        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.getMessage()).contains("EHLO timed out");
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\n");
    }

    @Test
    void stepAfterAProtocolViolationFindsTheConnectionClosedByTheClient() {
        var session = connect(Timeouts.all(Duration.ofSeconds(5)), s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 a\n"); // bare LF
            s.readUntilClosed();
        });
        catchThrowable(() -> session.ehlo("client.test"));

        var e = catchThrowableOfType(ConnectionLostException.class, session::noop);

        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        server.awaitScript(WAIT);
        assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\n");
    }

    @Test
    void serverClosingUnderAWaitingStepIsClosedByTheServer() {
        var session = connect(Timeouts.all(Duration.ofSeconds(5)), s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.close();
        });

        var e = catchThrowableOfType(ConnectionLostException.class, () -> session.ehlo("client.test"));

        assertThat(e.closedBy()).isEqualTo(ClosedBy.SERVER);
        assertThat(e.getMessage()).contains("closed by the server");
        assertThat(e.transcript().lines(Direction.INFO)).contains("connection closed by the server");
    }

    @Test
    void serverResetIsClosedByTheServer() {
        var session = connect(Timeouts.all(Duration.ofSeconds(5)), s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.reset();
        });

        var e = catchThrowableOfType(ConnectionLostException.class, () -> session.ehlo("client.test"));

        assertThat(e.closedBy()).isEqualTo(ClosedBy.SERVER);
        assertThat(e.getMessage()).contains("by the server");
    }

    @Test
    void serverResetWhileContentIsWrittenIsClosedByTheServer() {
        var session = connect(Timeouts.all(Duration.ofSeconds(5)), s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL", "250 ok\r\n");
            s.reply("RCPT", "250 ok\r\n");
            s.reply("DATA", "354 go\r\n");
            s.readBytes(1000);
            s.reset();
        });
        byte[] message = new byte[8 * 1024 * 1024];
        Arrays.fill(message, (byte) 'x');
        var tx = session.ehlo("client.test").mailFrom("a@b.test").rcptTo("p@fake.test");

        var e = catchThrowableOfType(ConnectionLostException.class, () -> tx.data(message));

        assertThat(e.step()).isEqualTo(Step.DATA_CONTENT);
        assertThat(e.closedBy()).isEqualTo(ClosedBy.SERVER);
        assertThat(e.getMessage()).doesNotContain("by the client");
    }

    @Test
    void refusedConnectWasNeverOpened() throws Exception {
        int port;
        try (var s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2))).build());
        String host = InetAddress.getLoopbackAddress().getHostAddress();
        var e = catchThrowableOfType(ConnectFailedException.class, () -> client.connect(host, port));
        assertThat(e.closedBy()).isEqualTo(ClosedBy.NEVER_OPENED);
    }
}
