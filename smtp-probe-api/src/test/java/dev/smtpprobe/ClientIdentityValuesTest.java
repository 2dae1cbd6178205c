package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** XClient, XForward and ProxyHeader as values: what they send, and what they refuse before any session. */
class ClientIdentityValuesTest {

    @Test
    void xclientValuesAreXtextEncodedSoNoValueCanAddAnAttributeOrEndTheLine() {
        var x = XClient.builder().helo("a b=c+d\r\nRSET").login("ü").build();
        assertThat(x.commandLine()).isEqualTo("XCLIENT HELO=a+20b+3Dc+2Bd+0D+0ARSET LOGIN=+C3+BC");
        assertThat(x.attributes()).containsEntry(XClient.Attribute.HELO, "a b=c+d\r\nRSET");
    }

    @Test
    void xclientAddressesArePostfixsFormAndAScopeIsNotSent() throws Exception {
        var scoped = Inet6Address.getByAddress(null, InetAddress.getByName("fe80::1").getAddress(), 3);
        var x = XClient.builder().addr(scoped).destAddr(InetAddress.getByName("192.0.2.1")).build();
        assertThat(x.commandLine()).isEqualTo("XCLIENT ADDR=IPV6:fe80:0:0:0:0:0:0:1 DESTADDR=192.0.2.1");
    }

    @Test
    void xclientRefusesNoAttributeAnEmptyValueAndAPortOutOfRange() {
        assertThatThrownBy(() -> XClient.builder().build()).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> XClient.builder().name("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unavailable(NAME)");
        assertThatThrownBy(() -> XClient.builder().port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XForward.builder().port(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XForward.builder().build()).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void xclientSpecialValuesAreSentAsTheyAre() {
        var x = XClient.builder().unavailable(XClient.Attribute.NAME).tempUnavailable(XClient.Attribute.REVERSE_NAME).build();
        assertThat(x.commandLine()).isEqualTo("XCLIENT NAME=[UNAVAILABLE] REVERSE_NAME=[TEMPUNAVAIL]");
    }

    @Test
    void capabilitiesNameTheXclientAndXforwardAttributesOffered() {
        var caps = Capabilities.fromEhlo(new Reply(250, java.util.List.of("mx.test", "XCLIENT NAME addr PORT",
                "XFORWARD NAME ADDR"), java.time.Duration.ZERO));
        assertThat(caps.xclientAttributes()).containsExactly("NAME", "ADDR", "PORT");
        assertThat(caps.xforwardAttributes()).containsExactly("NAME", "ADDR");
        assertThat(Capabilities.NONE.xclientAttributes()).isEmpty();
    }

    @Test
    void aProxyHeaderRefusesMixedFamiliesAndUnresolvedAddresses() {
        var v4 = new InetSocketAddress("192.0.2.1", 1);
        var v6 = new InetSocketAddress("2001:db8::1", 2);
        assertThatThrownBy(() -> ProxyHeader.v1(v4, v6)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must both be IPv4 or both IPv6");
        assertThatThrownBy(() -> ProxyHeader.of(ProxyHeader.Version.V2, InetSocketAddress.createUnresolved("lb.test", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unresolved");
        assertThat(ProxyHeader.of(ProxyHeader.Version.V2, v6).destination()).isEmpty();
        assertThat(ProxyHeader.v2(v4, new InetSocketAddress("192.0.2.2", 25)).destination()).isPresent();
    }

    @Test
    void theProxyHeaderOptionIsOffByDefaultAndKeptByToBuilder() {
        assertThat(ProbeOptions.DEFAULT.proxyHeader()).isEqualTo(ProbeOptions.DEFAULT_PROXY_HEADER).isEmpty();
        var header = ProxyHeader.v1(new InetSocketAddress("192.0.2.1", 1), new InetSocketAddress("192.0.2.2", 25));
        var options = ProbeOptions.builder().proxyHeader(header).build();
        assertThat(options.toBuilder().build().proxyHeader()).contains(header);
        assertThat(options.toBuilder().proxyHeader(null).build().proxyHeader()).isEmpty();
    }
}
