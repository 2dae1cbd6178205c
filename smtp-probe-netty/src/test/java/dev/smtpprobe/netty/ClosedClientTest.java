package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.testing.FakeDnsServer;
import io.netty.util.internal.logging.InternalLoggerFactory;
import io.netty.util.internal.logging.JdkLoggerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A closed ProbeClient refuses at once, sends nothing and makes Netty log nothing (it used to hang forever). */
@Timeout(value = 5, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // the old hang was in an uninterruptible join
class ClosedClientTest {

    private final List<LogRecord> nettyWarnings = new CopyOnWriteArrayList<>();
    private final Logger nettyLogger = Logger.getLogger("io.netty");
    private final Handler recorder = new Handler() {
        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() >= Level.WARNING.intValue()) {
                nettyWarnings.add(record);
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };
    private ServerSocket listener;

    @BeforeEach
    void listen() throws IOException {
        // Netty logs through java.util.logging here (no SLF4J on this class path): the handler sees its warnings
        assertThat(InternalLoggerFactory.getDefaultFactory()).isInstanceOf(JdkLoggerFactory.class);
        nettyLogger.addHandler(recorder);
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        listener.setSoTimeout(200);
    }

    @AfterEach
    void stop() throws IOException {
        nettyLogger.removeHandler(recorder);
        listener.close();
    }

    private String host() {
        return listener.getInetAddress().getHostAddress();
    }

    private void assertNothingConnected() throws IOException {
        assertThatThrownBy(listener::accept).isInstanceOf(SocketTimeoutException.class);
    }

    @Test
    void connectOnAClosedClientFailsAtOnceWithIllegalState() throws IOException {
        var client = ProbeClient.create();
        client.close();

        assertThatIllegalStateException().isThrownBy(() -> client.connect(host(), listener.getLocalPort()))
                .withMessageContaining("ProbeClient is closed").withMessageContaining("nothing was sent");
        assertThat(client.isClosed()).isTrue();
        assertNothingConnected();
        assertThat(nettyWarnings).isEmpty();
    }

    @Test
    void connectAsyncOnAClosedClientFailsAtOnceWithIllegalState() throws IOException {
        var client = ProbeClient.create();
        client.close();

        assertThatIllegalStateException().isThrownBy(() -> client.connectAsync(host(), listener.getLocalPort()))
                .withMessageContaining("ProbeClient is closed");
        assertThatIllegalStateException().isThrownBy(() -> client.connectAsync("localhost", 25))
                .withMessageContaining("connect to localhost");
        assertNothingConnected();
        assertThat(nettyWarnings).isEmpty();
    }

    @Test
    void lookupsOnAClosedClientFailAtOnceWithoutAQuery() throws Exception {
        try (var dns = new FakeDnsServer()) {
            var client = ProbeClient.create(ClientOptions.builder().dns(DnsOptions.servers(dns.address())).build());
            client.close();

            assertThatIllegalStateException().isThrownBy(() -> client.mx("example.test"))
                    .withMessageContaining("MX lookup of example.test");
            assertThatIllegalStateException().isThrownBy(() -> client.mxAsync("example.test"));
            assertThatIllegalStateException().isThrownBy(() -> client.addresses("mx.example.test"));
            assertThatIllegalStateException().isThrownBy(() -> client.reverseDns(InetAddress.getLoopbackAddress()));
            assertThat(dns.queries()).isZero();
            assertThat(nettyWarnings).isEmpty();
        }
    }

    @Test
    void closingTwiceIsHarmless() {
        var client = ProbeClient.create();
        client.close();
        client.close();

        assertThat(client.isClosed()).isTrue();
        assertThat(nettyWarnings).isEmpty();
    }

    @Test
    void aClientThatWasNeverUsedForDnsStillRefusesLookupsOnceClosed() {
        var client = ProbeClient.create(ClientOptions.builder()
                .dns(DnsOptions.servers(new InetSocketAddress(InetAddress.getLoopbackAddress(), 9))).build());
        client.close();

        assertThatIllegalStateException().isThrownBy(() -> client.addresses("example.test"));
    }
}
