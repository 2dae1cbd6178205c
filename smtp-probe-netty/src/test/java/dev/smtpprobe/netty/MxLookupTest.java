package dev.smtpprobe.netty;

import dev.smtpprobe.DnsFailure;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.ProbeClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.testing.FakeDnsServer;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** MX resolution (RFC 5321 §5.1, RFC 7505) and reverse DNS through Netty's resolver, against a DNS server on loopback. */
class MxLookupTest {

    private FakeDnsServer dns;
    private ProbeClient client;

    @BeforeEach
    void start() {
        dns = new FakeDnsServer();
        client = ProbeClient.create(ClientOptions.builder()
                .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build());
    }

    @AfterEach
    void stop() {
        client.close();
        dns.close();
    }

    @Test
    void mxHostsComeInPreferenceOrderWithTheirAddresses() throws Exception {
        dns.mx("example.test", 20, "backup.example.test").mx("example.test", 10, "mx1.example.test")
                .mx("example.test", 10, "mx2.example.test")
                .address("mx1.example.test", "127.0.0.11").address("mx1.example.test", "::1")
                .address("mx2.example.test", "127.0.0.12").address("backup.example.test", "127.0.0.13");

        MxResult mx = client.mx("Example.TEST.");

        assertThat(mx.domain()).isEqualTo("example.test");
        assertThat(mx.kind()).isEqualTo(MxResult.Kind.MX);
        assertThat(mx.hosts()).extracting(MxHost::host)
                .containsExactly("mx1.example.test", "mx2.example.test", "backup.example.test");
        assertThat(mx.hosts()).extracting(MxHost::preference).containsExactly(10, 10, 20);
        assertThat(mx.hosts().get(0).addresses())
                .containsExactly(InetAddress.getByName("127.0.0.11"), InetAddress.getByName("::1"));
        assertThat(mx.acceptsMail()).isTrue();
        assertThat(mx.toString()).contains("10 mx1.example.test [127.0.0.11, 0:0:0:0:0:0:0:1]");
    }

    @Test
    void compressedNamesInMxDataAreDecoded() throws Exception {
        dns.mxCompressed("self.test", 5).address("self.test", "127.0.0.5");

        MxResult mx = client.mx("self.test");

        assertThat(mx.hosts()).containsExactly(new MxHost("self.test", 5, java.util.List.of(
                InetAddress.getByName("127.0.0.5"))));
    }

    @Test
    void anExchangerWithoutAddressIsListedButNotResolvable() {
        dns.mx("broken.test", 10, "nowhere.broken.test");

        MxResult mx = client.mx("broken.test");

        assertThat(mx.kind()).isEqualTo(MxResult.Kind.MX);
        assertThat(mx.hosts()).singleElement().satisfies(h -> assertThat(h.isResolvable()).isFalse());
        assertThat(mx.acceptsMail()).isFalse();
    }

    @Test
    void nullMxSaysTheDomainTakesNoMail() {
        dns.mx("nomail.test", 0, ".").address("nomail.test", "127.0.0.9");

        MxResult mx = client.mx("nomail.test");

        assertThat(mx.kind()).isEqualTo(MxResult.Kind.NULL_MX);
        assertThat(mx.isNullMx()).isTrue();
        assertThat(mx.hosts()).isEmpty();
        assertThat(mx.acceptsMail()).isFalse();
    }

    @Test
    void withoutMxTheDomainsOwnAddressIsTheImplicitMx() throws Exception {
        dns.address("plain.test", "127.0.0.7");

        MxResult mx = client.mx("plain.test");

        assertThat(mx.kind()).isEqualTo(MxResult.Kind.IMPLICIT);
        assertThat(mx.hosts()).containsExactly(new MxHost("plain.test", 0,
                java.util.List.of(InetAddress.getByName("127.0.0.7"))));
    }

    @Test
    void aNameWithoutMxOrAddressHasNoMailHost() {
        dns.exists("empty.test");

        assertThat(client.mx("empty.test").kind()).isEqualTo(MxResult.Kind.NO_MAIL_HOST);
    }

    @Test
    void aDomainThatDoesNotExistIsAnAnswerNotAnError() {
        MxResult mx = client.mx("nxdomain.test");

        assertThat(mx.kind()).isEqualTo(MxResult.Kind.NO_SUCH_DOMAIN);
        assertThat(mx.hosts()).isEmpty();
    }

    @Test
    void servfailIsATypedFailure() {
        dns.servfail("broken-dnssec.test");

        assertThatThrownBy(() -> client.mx("broken-dnssec.test"))
                .isInstanceOfSatisfying(DnsLookupException.class, e -> {
                    assertThat(e.failure()).isEqualTo(DnsFailure.SERVER_FAILURE);
                    assertThat(e.name()).isEqualTo("broken-dnssec.test");
                })
                .hasMessageContaining("SERVFAIL");
    }

    @Test
    void aSilentServerTimesOut() {
        dns.silent("slow.test");

        assertThatThrownBy(() -> client.mx("slow.test"))
                .isInstanceOfSatisfying(DnsLookupException.class,
                        e -> assertThat(e.failure()).isEqualTo(DnsFailure.TIMEOUT));
    }

    @Test
    void reverseDnsGivesThePtrNames() throws Exception {
        dns.ptr("127.0.0.1", "mail.probe.test");

        assertThat(client.reverseDns(InetAddress.getByName("127.0.0.1"))).containsExactly("mail.probe.test");
        assertThat(client.reverseDns(InetAddress.getByName("127.0.0.2"))).isEmpty();
    }

    @Test
    void addressesComeFromTheConfiguredServer() throws Exception {
        dns.address("host.test", "127.0.0.3").address("host.test", "::1");

        assertThat(client.addresses("host.test"))
                .containsExactly(InetAddress.getByName("127.0.0.3"), InetAddress.getByName("::1"));
        assertThat(client.addresses("missing.test")).isEmpty();
    }

    @Test
    void aDomainWithControlCharactersIsRefusedBeforeAnyQuery() {
        assertThatThrownBy(() -> client.mx("example.test\r\nMX"))
                .isInstanceOfSatisfying(InvalidArgumentException.class,
                        e -> assertThat(e.argument()).isEqualTo("domain"));
        assertThatThrownBy(() -> client.mx(" ")).isInstanceOf(InvalidArgumentException.class);
        assertThat(dns.queries()).isZero();
    }
}
