package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsFailure;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.DnsRecords;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.TlsaRecord;
import dev.smtpprobe.testing.FakeDnsServer;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** TLSA and TXT lookups with the DO bit and the AD bit read back, through Netty's resolver to a loopback server. */
class SecureDnsLookupTest {

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
    void tlsaRecordsComeWithTheirFieldsAndTheAdBitOfASignedName() {
        byte[] digest = HexFormat.of().parseHex("00ff10");
        dns.tlsa("_25._tcp.mx.probe.test", 3, 1, 1, digest).tlsa("_25._tcp.mx.probe.test", 2, 0, 2, new byte[64])
                .signed("_25._tcp.mx.probe.test");

        DnsRecords<TlsaRecord> tlsa = client.tlsa("_25._tcp.MX.probe.test.");

        assertThat(tlsa.name()).isEqualTo("_25._tcp.mx.probe.test");
        assertThat(tlsa.status()).isEqualTo(DnsRecords.Status.FOUND);
        assertThat(tlsa.authenticated()).isTrue();
        assertThat(tlsa.records()).containsExactly(new TlsaRecord(3, 1, 1, digest), new TlsaRecord(2, 0, 2, new byte[64]));
        assertThat(tlsa.records().get(0)).hasToString("3 1 1 00ff10");
        assertThat(dns.dnssecOkQueries()).isEqualTo(dns.queries()).isEqualTo(1);
    }

    @Test
    void anUnsignedAnswerHasNoAdBit() {
        dns.tlsa("_25._tcp.mx.probe.test", 3, 1, 1, new byte[32]);

        assertThat(client.tlsa("_25._tcp.mx.probe.test").authenticated()).isFalse();
    }

    @Test
    void txtRecordsJoinTheirCharacterStringsAndKeepRecordsApart() {
        dns.txt("_mta-sts.probe.test", "v=STSv1; ", "id=20261202").txt("_mta-sts.probe.test", "other text");

        DnsRecords<String> txt = client.txt("_mta-sts.probe.test");

        assertThat(txt.records()).containsExactlyInAnyOrder("v=STSv1; id=20261202", "other text");
        assertThat(txt.authenticated()).isFalse();
    }

    @Test
    void noSuchNameAndNoRecordsAreToldApartAndASignedDenialIsAuthenticated() {
        dns.exists("_smtp._tls.probe.test").signed("_mta-sts.probe.test");

        DnsRecords<String> nodata = client.txt("_smtp._tls.probe.test");
        DnsRecords<String> nxdomain = client.txt("_mta-sts.probe.test");

        assertThat(nodata.status()).isEqualTo(DnsRecords.Status.NO_RECORDS);
        assertThat(nodata.found()).isFalse();
        assertThat(nxdomain.status()).isEqualTo(DnsRecords.Status.NO_SUCH_NAME);
        assertThat(nxdomain.authenticated()).isTrue();
    }

    @Test
    void aServfailIsALookupFailure() {
        dns.servfail("_25._tcp.mx.probe.test");

        assertThatThrownBy(() -> client.tlsa("_25._tcp.mx.probe.test")).isInstanceOf(DnsLookupException.class)
                .extracting(e -> ((DnsLookupException) e).failure()).isEqualTo(DnsFailure.SERVER_FAILURE);
    }

    @Test
    void aClosedClientAsksNothing() {
        client.close();

        assertThatThrownBy(() -> client.txt("_smtp._tls.probe.test")).isInstanceOf(IllegalStateException.class);
        assertThat(dns.queries()).isZero();
    }
}
