package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProxyHeader;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.XClient;
import dev.smtpprobe.XForward;
import dev.smtpprobe.testing.PostfixInstance;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * XCLIENT, XFORWARD and PROXY protocol v1/v2 against Postfix's XCLIENT and PROXY listeners: what Postfix believes
 * about the client shows in its refusal of the claimed 192.0.2.0/24 ({@code <NAME[ADDR]>} in the 554).
 */
class PostfixClientIdentityIT {

    private static ProbeClient client;

    @BeforeAll
    static void start() {
        PostfixInstance.startUnlessXclientPortAnswers();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Reply rcptToPostmaster(dev.smtpprobe.Hello hello) {
        return hello.mailFrom("probe@client.test").rcptTo("postmaster@probe.test").reply();
    }

    @Test
    void postfixJudgesTheSessionAsTheClientThatXclientClaims() throws Exception {
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.xclientPort())) {
            var hello = session.ehlo("client.test");
            assertThat(hello.capabilities().xclientAttributes()).contains("NAME", "ADDR", "PORT", "PROTO", "HELO",
                    "LOGIN", "DESTADDR", "DESTPORT");
            var result = hello.xclient(XClient.builder().name("spoofed.example.test")
                    .addr(InetAddress.getByName("192.0.2.25")).port(4711).proto(XClient.Proto.ESMTP)
                    .helo("spoofed.example.test").destAddr(InetAddress.getByName("127.0.0.1")).destPort(25).build());
            assertThat(result.isAccepted()).isTrue();
            assertThat(result.reply().code()).isEqualTo(220);
            assertThat(result.reply().text()).contains("mx.probe.test ESMTP Postfix (smtp-probe test)");
            var again = result.ehlo("client.test");
            assertThat(again.capabilities().xclientAttributes()).isEmpty(); // 192.0.2.25 is not authorized for it
            Reply rcpt = rcptToPostmaster(again);
            assertThat(rcpt.code()).isEqualTo(554);
            assertThat(rcpt.text()).contains("<spoofed.example.test[192.0.2.25]>: Client host rejected");
        }
    }

    @Test
    void aLoginClaimedByXclientInsideTlsMayRelayWhereTheRealClientMayNot() {
        var tls = TlsOptions.builder().trustStore(PostfixInstance.trustStore()).serverName("mx.probe.test")
                .mode(TlsMode.STARTTLS_REQUIRED).build();
        var options = ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).tls(tls).build();
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.xclientPort(), options)) {
            var hello = session.ehlo("client.test"); // EHLO, STARTTLS, EHLO
            assertThat(session.tls()).isPresent();
            assertThat(hello.mailFrom("probe@client.test").rcptTo("x@foreign.example").reply().code()).isEqualTo(554);
            hello.rset();
            var result = hello.xclient(XClient.builder().login("probeuser").build());
            assertThat(result.isAccepted()).isTrue();
            var again = result.ehlo("client.test"); // inside TLS already: no second STARTTLS
            assertThat(session.tls()).isPresent();
            assertThat(again.mailFrom("probe@client.test").rcptTo("x@foreign.example").reply().code()).isEqualTo(250);
        }
    }

    @Test
    void xclientFromAClientPostfixDoesNotAuthorizeIsARefusalNotAnException() throws Exception {
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.port())) {
            var hello = session.ehlo("client.test");
            assertThat(hello.capabilities().xclientAttributes()).isEmpty();
            var result = hello.xclient(XClient.builder().addr(InetAddress.getByName("192.0.2.25")).build());
            assertThat(result.isAccepted()).isFalse();
            assertThat(result.reply().code()).isEqualTo(550);
            assertThat(result.reply().enhancedStatus()).hasValueSatisfying(s -> assertThat(s.toString()).isEqualTo("5.7.0"));
            assertThat(rcptToPostmaster(hello).code()).isEqualTo(250); // the real client is still judged
        }
    }

    @Test
    void postfixLogsTheOriginalClientThatXforwardNamesForTheNextMessage() throws Exception {
        String queueId;
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.xclientPort())) {
            var hello = session.ehlo("client.test");
            assertThat(hello.capabilities().xforwardAttributes()).contains("NAME", "ADDR", "PROTO", "HELO");
            var forwarded = hello.xforward(XForward.builder().name("origin.example.test")
                    .addr(InetAddress.getByName("198.51.100.7")).helo("origin-helo.example.test").proto("ESMTP").build());
            assertThat(forwarded.reply().code()).isEqualTo(250);
            var data = hello.mailFrom("probe@client.test").rcptTo("postmaster@probe.test")
                    .data("Subject: xforward\r\n\r\nforwarded\r\n");
            assertThat(data.reply().code()).isEqualTo(250);
            queueId = data.queueId().orElseThrow();
        }
        assertThat(awaitLog(queueId + ": client=")).contains("orig_client=origin.example.test[198.51.100.7]");
    }

    /** The first maillog line that contains {@code text}. */
    private static String awaitLog(String text) throws Exception {
        var file = PostfixInstance.stateDir().resolve("maillog");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + text + " in " + file);
    }

    private static Reply proxiedRcpt(ProxyHeader header) {
        var options = ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).proxyHeader(header).build();
        try (SmtpSession session = client.connect(PostfixInstance.HOST, PostfixInstance.proxyPort(), options)) {
            assertThat(session.greeting().code()).isEqualTo(220);
            return rcptToPostmaster(session.ehlo("client.test"));
        }
    }

    @Test
    void postfixBehindABalancerSaysNothingToAClientWithoutAProxyHeader() {
        var options = ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))
                .withGreeting(Duration.ofSeconds(1))).build();
        assertThatThrownBy(() -> client.connect(PostfixInstance.HOST, PostfixInstance.proxyPort(), options))
                .isInstanceOf(StepTimeoutException.class)
                .satisfies(e -> assertThat(((StepTimeoutException) e).step()).isEqualTo(Step.GREETING));
    }

    @Test
    void postfixBehindAProxyV1BalancerJudgesTheClaimedSource() {
        Reply refused = proxiedRcpt(ProxyHeader.of(ProxyHeader.Version.V1, new InetSocketAddress("192.0.2.25", 4711)));
        assertThat(refused.code()).isEqualTo(554);
        assertThat(refused.text()).contains("<unknown[192.0.2.25]>: Client host rejected");
        Reply accepted = proxiedRcpt(ProxyHeader.of(ProxyHeader.Version.V1, new InetSocketAddress("198.51.100.7", 4711)));
        assertThat(accepted.code()).isEqualTo(250);
    }

    @Test
    void postfixBehindAProxyV2BalancerJudgesTheClaimedSource() {
        var destination = new InetSocketAddress("127.0.0.1", 25);
        Reply refused = proxiedRcpt(ProxyHeader.v2(new InetSocketAddress("192.0.2.26", 4711), destination));
        assertThat(refused.code()).isEqualTo(554);
        assertThat(refused.text()).contains("<unknown[192.0.2.26]>: Client host rejected");
        Reply accepted = proxiedRcpt(ProxyHeader.v2(new InetSocketAddress("198.51.100.8", 4711), destination));
        assertThat(accepted.code()).isEqualTo(250);
    }
}
