package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectFailure;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The host a session connects to is resolved by the client's configured DNS servers, as MX and PTR lookups are. */
@Timeout(20)
class ClientResolverTest {

    private FakeDnsServer dns;
    private ProbeClient client;

    @BeforeEach
    void start() {
        dns = new FakeDnsServer();
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
    }

    @AfterEach
    void stop() {
        client.close();
        dns.close();
    }

    private static FakeSmtpServer greetingServer() {
        return FakeSmtpServer.start(s -> {
            s.send("220 only-in-fake-dns.test ESMTP\r\n");
            s.reply("QUIT", "221 bye\r\n");
            s.close();
        });
    }

    @Test
    void theConnectedHostsAddressComesFromTheConfiguredDnsServers() {
        // a name only the fake DNS server knows: the system resolver would call it unresolvable
        try (var server = greetingServer()) {
            dns.address("only-in-fake-dns.test", server.host());

            try (var session = client.connect("only-in-fake-dns.test", server.port())) {
                assertThat(session.greeting().code()).isEqualTo(220);
                assertThat(session.remoteAddress().getAddress().getHostAddress()).isEqualTo(server.host());
            }
            assertThat(dns.queries()).isPositive();
        }
    }

    @Test
    void aPerSessionConnectStillResolvesThroughTheClientsServers() {
        try (var server = greetingServer()) {
            dns.address("only-in-fake-dns.test", server.host());

            var sessionOptions = ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3))).build();
            try (var session = client.connect("only-in-fake-dns.test", server.port(), sessionOptions)) {
                assertThat(session.greeting().code()).isEqualTo(220);
            }
        }
    }

    @Test
    void aNameTheConfiguredServersDoNotKnowIsUnresolvedAfterAskingThem() {
        assertThatThrownBy(() -> client.connect("missing.test", 25))
                .isInstanceOfSatisfying(ConnectFailedException.class,
                        e -> assertThat(e.reason()).isEqualTo(ConnectFailure.UNRESOLVED));
        assertThat(dns.queries()).isPositive();
    }

    @Test
    void localhostIsLoopbackWithoutAskingTheConfiguredServers() {
        try (var server = greetingServer(); var session = client.connect("localhost", server.port())) {
            assertThat(session.greeting().code()).isEqualTo(220);
        }
        assertThat(dns.queries()).isZero();
    }
}
