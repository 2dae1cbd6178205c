package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProxyHeader;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.XClient;
import dev.smtpprobe.XForward;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** XCLIENT, XFORWARD (Postfix) and the PROXY protocol header (HAProxy v1/v2), byte for byte on the wire. */
@Timeout(20)
class ClientIdentityOnTheWireTest extends FakeServerTest {

    private static final String EHLO = "250-fake.test\r\n250-XCLIENT NAME ADDR PORT PROTO HELO LOGIN DESTADDR DESTPORT\r\n"
            + "250 XFORWARD NAME ADDR PROTO HELO SOURCE PORT IDENT\r\n";

    private dev.smtpprobe.Hello hello(Consumer<FakeSmtpServer.Script> script) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", EHLO);
            script.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2))).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    @Test
    void xclientSendsEveryAttributeXtextEncodedInOrderAndTheNewGreetingIsItsReply() throws Exception {
        String[] line = new String[1];
        var hello = hello(s -> {
            line[0] = s.expect("XCLIENT");
            s.send("220 fake.test ESMTP new session\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
        });
        assertThat(hello.capabilities().xclientAttributes())
                .containsExactly("NAME", "ADDR", "PORT", "PROTO", "HELO", "LOGIN", "DESTADDR", "DESTPORT");
        var result = hello.xclient(XClient.builder()
                .login("user+tag=x y") // given last, sent in the attribute order
                .name("spoofed.example.test")
                .addr(InetAddress.getByName("192.0.2.25"))
                .port(4711)
                .proto(XClient.Proto.ESMTP)
                .helo("helo.example.test")
                .destAddr(InetAddress.getByName("::1"))
                .destPort(25)
                .build());

        String expected = "XCLIENT NAME=spoofed.example.test ADDR=192.0.2.25 PORT=4711 PROTO=ESMTP"
                + " HELO=helo.example.test LOGIN=user+2Btag+3Dx+20y DESTADDR=IPV6:0:0:0:0:0:0:0:1 DESTPORT=25";
        assertThat(result.command()).isEqualTo(expected);
        assertThat(result.isAccepted()).isTrue();
        assertThat(result.reply().code()).isEqualTo(220);
        assertThat(result.reply().text()).contains("new session");
        var again = result.ehlo("client.test");
        assertThat(again.reply().code()).isEqualTo(250);
        hello.session().close();
        server.awaitScript(Duration.ofSeconds(5));
        assertThat(line[0]).isEqualTo(expected);
    }

    @Test
    void refusedXclientIsAReplyAndTheSessionGoesOn() throws Exception {
        var hello = hello(s -> {
            s.reply("XCLIENT ADDR=192.0.2.25", "550 5.7.0 Error: insufficient authorization\r\n");
            s.reply("NOOP", "250 2.0.0 Ok\r\n");
        });
        var result = hello.xclient(XClient.builder().addr(InetAddress.getByName("192.0.2.25")).build());
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.reply().code()).isEqualTo(550);
        assertThat(result.noop().reply().code()).isEqualTo(250);
    }

    @Test
    void aCrLfInAnXclientValueIsEncodedAndCannotStartAnotherCommand() {
        var hello = hello(s -> s.reply("XCLIENT", "220 fake.test\r\n"));
        hello.xclient(XClient.builder().helo("x\r\nRSET").unavailable(XClient.Attribute.NAME).build());
        hello.session().close();
        server.awaitScript(Duration.ofSeconds(5));
        assertThat(server.receivedText()).contains("XCLIENT NAME=[UNAVAILABLE] HELO=x+0D+0ARSET\r\n")
                .doesNotContain("\r\nRSET");
    }

    @Test
    void anAcceptedXclientEndsTheOpenTransaction() {
        var hello = hello(s -> {
            s.reply("MAIL", "250 2.1.0 Ok\r\n");
            s.reply("XCLIENT", "220 fake.test\r\n");
        });
        hello.mailFrom("a@b.test");
        assertThat(hello.session().hasOpenTransaction()).isTrue();
        hello.xclient(XClient.builder().proto(XClient.Proto.SMTP).build());
        assertThat(hello.session().hasOpenTransaction()).isFalse();
    }

    @Test
    void xforwardSendsItsAttributesAndItsReplyIsData() throws Exception {
        var hello = hello(s -> s.reply("XFORWARD NAME=relay.example.test ADDR=IPV6:2001:db8:0:0:0:0:0:1 PORT=2525"
                + " PROTO=ESMTP HELO=h.test IDENT=ABC123 SOURCE=REMOTE", "250 2.0.0 Ok\r\n"));
        var result = hello.xforward(XForward.builder().source(XForward.Source.REMOTE).ident("ABC123").helo("h.test")
                .proto("ESMTP").port(2525).addr(InetAddress.getByName("2001:db8::1")).name("relay.example.test").build());
        assertThat(result.reply().code()).isEqualTo(250);
        assertThat(result.command()).startsWith("XFORWARD NAME=relay.example.test");
    }

    private void proxied(ProxyHeader header, Consumer<FakeSmtpServer.Script> beforeGreeting) {
        server = FakeSmtpServer.start(s -> {
            beforeGreeting.accept(s); // the server says nothing until it has read the header
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .proxyHeader(header).build());
        try (var session = client.connect(server.host(), server.port())) {
            assertThat(session.ehlo("client.test").reply().code()).isEqualTo(250);
            assertThat(session.transcript().toString()).contains("PROXY protocol");
        }
        server.awaitScript(Duration.ofSeconds(5));
    }

    @Test
    void proxyV1HeaderIsTheFirstLineAndNamesTheServerConnectedToByDefault() {
        String[] first = new String[1];
        proxied(ProxyHeader.of(ProxyHeader.Version.V1, new InetSocketAddress("192.0.2.25", 4711)),
                s -> first[0] = s.expect("PROXY"));
        assertThat(first[0]).isEqualTo("PROXY TCP4 192.0.2.25 127.0.0.1 4711 " + server.port());
        assertThat(server.receivedText()).startsWith("PROXY TCP4 192.0.2.25 127.0.0.1 4711 " + server.port() + "\r\nEHLO");
    }

    @Test
    void proxyV2HeaderIsTheBinarySignatureCommandAndAddresses() {
        byte[][] header = new byte[1][];
        proxied(ProxyHeader.v2(new InetSocketAddress("192.0.2.25", 4711), new InetSocketAddress("198.51.100.7", 25)),
                s -> header[0] = s.readBytes(28));
        assertThat(HexFormat.of().formatHex(header[0])).isEqualTo(
                "0d0a0d0a000d0a515549540a" // the v2 signature
                        + "21" // version 2, PROXY
                        + "11" // TCP over IPv4
                        + "000c" // 12 address bytes follow
                        + "c0000219" + "c6336407" // 192.0.2.25, 198.51.100.7
                        + "1267" + "0019"); // 4711, 25
        byte[] all = server.received();
        assertThat(new String(Arrays.copyOfRange(all, 28, all.length), StandardCharsets.US_ASCII)).startsWith("EHLO");
    }

    @Test
    void theProxyHeaderPrecedesTheImplicitTlsHandshake() throws Exception {
        byte[][] afterHeader = new byte[1][];
        String[] header = new String[1];
        server = FakeSmtpServer.start(s -> {
            header[0] = s.expect("PROXY");
            afterHeader[0] = s.readBytes(3); // a TLS record: handshake (0x16), version 3.x
            s.close();
        });
        var tls = dev.smtpprobe.TlsOptions.builder().mode(dev.smtpprobe.TlsMode.IMPLICIT)
                .trustAllCertificatesInsecure().build();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2))).tls(tls)
                .proxyHeader(ProxyHeader.v1(new InetSocketAddress("192.0.2.25", 4711), new InetSocketAddress("192.0.2.1", 465)))
                .build());
        assertThatThrownBy(() -> client.connect(server.host(), server.port()))
                .satisfies(e -> assertThat(ProbeException.unwrap(e)).isInstanceOf(ProbeException.class));
        server.awaitScript(Duration.ofSeconds(5));
        assertThat(header[0]).isEqualTo("PROXY TCP4 192.0.2.25 192.0.2.1 4711 465");
        assertThat(afterHeader[0][0]).isEqualTo((byte) 0x16);
        assertThat(afterHeader[0][1]).isEqualTo((byte) 0x03);
    }

    @Test
    void aProxyHeaderOfAnotherFamilyThanTheServerIsRefusedBeforeAnyByteIsWritten() {
        server = FakeSmtpServer.start(s -> s.readUntilClosed());
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2)))
                .proxyHeader(ProxyHeader.of(ProxyHeader.Version.V2, new InetSocketAddress("2001:db8::1", 4711))).build());
        assertThatThrownBy(() -> client.connect(server.host(), server.port()))
                .satisfies(e -> assertThat(ProbeException.unwrap(e)).isInstanceOf(InvalidArgumentException.class)
                        .hasMessageContaining("different address families"));
        assertThat(server.received()).isEmpty();
    }
}
