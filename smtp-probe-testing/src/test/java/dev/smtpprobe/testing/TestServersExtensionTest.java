package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.dns.DnsRecordType;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link TestServersExtension} starts what the parameters ask for, configured by {@link SmtpServer}, and stops it. */
@ExtendWith(TestServersExtension.class)
class TestServersExtensionTest {

    private static final AtomicReference<FakeSmtpServer> STARTED = new AtomicReference<>();

    @Test
    void injectsAServerConfiguredByItsAnnotationAndTheCertificateItPresents(
            @SmtpServer(startTls = true, chunking = true, users = "alice:pw") FakeSmtpServer server,
            ServerCertificate cert) throws Exception {
        STARTED.set(server);
        try (var client = new SocketClient(server)) {
            client.reply();
            assertThat(client.command("EHLO me.test")).contains("STARTTLS", "CHUNKING");
            assertThat(client.command("STARTTLS")).startsWith("220");
            client.startTls(cert.clientContext()); // fails unless the server presents this certificate
            assertThat(client.command("EHLO me.test")).contains("AUTH PLAIN LOGIN");
        }
    }

    @Test
    void injectsTheExchangeProfileWithTlsAndAuth(
            @SmtpServer(exchange = true, startTls = true, users = "bob:pw") FakeSmtpServer server,
            ServerCertificate cert) throws Exception {
        try (var client = new SocketClient(server)) {
            assertThat(client.reply()).startsWith("220 myserver.contoso.com Microsoft ESMTP");
            assertThat(client.command("EHLO me.test")).endsWith("250 STARTTLS");
            assertThat(client.command("AUTH LOGIN")).isEqualTo("504 5.7.4 Unrecognized authentication type");
            assertThat(client.command("STARTTLS")).isEqualTo("220 2.0.0 SMTP server ready");
            client.startTls(cert.clientContext());
            assertThat(client.command("EHLO me.test")).endsWith("250 AUTH LOGIN PLAIN");
            String bad = java.util.Base64.getEncoder().encodeToString("\0bob\0wrong".getBytes(StandardCharsets.UTF_8));
            assertThat(client.command("AUTH PLAIN " + bad)).isEqualTo("535 5.7.8 Authentication unsuccessful");
        }
    }

    @Test
    void injectsAScriptedDnsServer(FakeDnsServer dns) throws Exception {
        dns.txt("example.test", "v=spf1 -all").tlsa("_25._tcp.mx.example.test", 3, 1, 1, new byte[] {1, 2, 3});
        assertThat(query(dns, "example.test", DnsRecordType.TXT)).contains("v=spf1 -all");
        byte[] tlsa = query(dns, "_25._tcp.mx.example.test", DnsRecordType.TLSA).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(tlsa).endsWith(3, 1, 1, 1, 2, 3);
    }

    @AfterAll
    static void theServerWasStoppedAfterItsTest() {
        FakeSmtpServer server = STARTED.get();
        assertThat(server).isNotNull();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new java.net.Socket(server.host(), server.port()))
                .isInstanceOf(java.net.ConnectException.class);
    }

    /** One raw query: the answer packet as ISO-8859-1 text (enough to find the record data in it). */
    private static String query(FakeDnsServer dns, String name, DnsRecordType type) throws Exception {
        var buf = Unpooled.buffer();
        buf.writeShort(0x1234).writeShort(0x0100).writeShort(1).writeShort(0).writeShort(0).writeShort(0);
        for (String label : name.split("\\.")) {
            buf.writeByte(label.length()).writeBytes(label.getBytes(StandardCharsets.US_ASCII));
        }
        buf.writeByte(0).writeShort(type.intValue()).writeShort(1);
        byte[] packet = new byte[buf.readableBytes()];
        buf.readBytes(packet);
        buf.release();
        try (var socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            socket.send(new DatagramPacket(packet, packet.length, dns.address()));
            var answer = new DatagramPacket(new byte[512], 512);
            socket.receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.ISO_8859_1);
        }
    }
}
