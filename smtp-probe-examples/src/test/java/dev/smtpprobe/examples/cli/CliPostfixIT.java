package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.smtpprobe.testing.PostfixInstance;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar against the real Postfix on loopback that {@code scripts/postfix-test.sh start} runs (CI starts it
 * before the tests; these tests never start, stop or restart it): STARTTLS verified with the test CA, SASL AUTH
 * through Dovecot, relay refused, unknown user, implicit TLS, pipelining. Without that Postfix they fail, they do not
 * skip.
 */
class CliPostfixIT {

    private static final String USER = "probeuser";
    private static final String PASSWORD = "probepass";

    @BeforeAll
    static void postfixIsRunning() {
        CliProcess.assumeIntegrationPhase();
        PostfixInstance.startUnlessAnswering(); // installs and starts it on a fresh machine (as root)
        try (var socket = new Socket()) {
            socket.connect(new InetSocketAddress(PostfixInstance.HOST, PostfixInstance.port()), 2000);
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            byte[] banner = new byte[64];
            int n = in.read(banner);
            assertThat(new String(banner, 0, Math.max(n, 0), StandardCharsets.US_ASCII)).startsWith("220 mx.probe.test");
        } catch (IOException e) {
            fail("the test Postfix is not answering on " + PostfixInstance.HOST + ":" + PostfixInstance.port()
                    + " (" + e + ") although scripts/postfix-test.sh start succeeded");
        }
    }

    private static String ca() {
        return PostfixInstance.stateDir().resolve("tls/ca.pem").toString();
    }

    /** The jar against the STARTTLS port with the test CA trusted and these options. */
    private static CliProcess postfix(Map<String, String> env, String... args) {
        var all = new ArrayList<>(List.of("--server", PostfixInstance.HOST, "--port", String.valueOf(PostfixInstance.port()),
                "--ehlo", "client.probe.test", "--from", "probe@client.probe.test", "--tls-ca-path", ca()));
        all.addAll(Arrays.asList(args));
        return CliProcess.run(env, "", all.toArray(new String[0]));
    }

    @Test
    void startTlsAndTheStrongestAuthThenAQueuedMessage() {
        CliProcess run = postfix(Map.of("PROBE_PW", PASSWORD), "--tls", "--auth-user", USER, "--auth-password-env",
                "PROBE_PW", "--to", "postmaster@probe.test");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("<-  220 mx.probe.test ESMTP Postfix (smtp-probe test)", " -> STARTTLS",
                "<-  220 2.0.0 Ready to start TLS", "=== TLS started: TLSv1.", "trusted yes",
                " ~> EHLO client.probe.test", "<~  250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256", " ~> AUTH SCRAM-SHA-256",
                "<~  235 2.7.0 Authentication successful", "=== 2.7.0: Success: Other or undefined security status",
                " ~> RCPT TO:<postmaster@probe.test>", "<~  250 2.1.5 Ok", "=== queue id: ", " ~> QUIT", "<~  221 2.0.0 Bye");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void aWrongPasswordIsExitCode28AndNeverPrinted() {
        CliProcess run = postfix(Map.of(), "--tls", "--auth", "LOGIN", "--auth-user", USER, "--auth-password",
                "Wrong-Pass-31", "--to", "postmaster@probe.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(28);
        assertThat(run.out()).contains("<~  334 VXNlcm5hbWU6", "<~  535 5.7.8 Error: authentication failed",
                "=== 5.7.8: Permanent Failure: Authentication credentials invalid").doesNotContain("MAIL FROM");
        assertThat(run.all()).doesNotContain("Wrong-Pass-31");
    }

    @Test
    void aTypedPasswordWorksAndStaysHidden() {
        CliProcess run = CliProcess.run(Map.of(), PASSWORD + "\n", "--server", PostfixInstance.HOST, "--port",
                String.valueOf(PostfixInstance.port()), "--tls", "--tls-ca-path", ca(), "--auth", "plain",
                "--auth-user", USER, "--auth-password", "--quit-after", "auth");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(" ~> AUTH PLAIN <redacted>", "<~  235 2.7.0");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void relayingWithoutAuthIsRefusedWithTheRcptCode() {
        CliProcess run = postfix(Map.of(), "--tls", "--to", "someone@foreign.example");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains("<~  554 5.7.1 <someone@foreign.example>: Relay access denied",
                "=== 5.7.1: Permanent Failure: Delivery not authorized, message refused").doesNotContain("DATA");
    }

    @Test
    void anUnknownUserIsRefusedWithTheRcptCode() {
        CliProcess run = postfix(Map.of(), "--to", "nobody@probe.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains("<-  550 5.1.1 <nobody@probe.test>: Recipient address rejected",
                "=== 5.1.1: Permanent Failure: Bad destination mailbox address");
    }

    @Test
    void withoutTheTestCaTheCertificateIsNotTrustedAndTheRunStopsWith29() {
        CliProcess run = CliProcess.run("--server", PostfixInstance.HOST, "--port", String.valueOf(PostfixInstance.port()),
                "--tls", "--to", "postmaster@probe.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(29);
        assertThat(run.out()).doesNotContain("MAIL FROM");
        assertThat(run.err()).contains("TLS failed (verification)");
    }

    @Test
    void inJsonAnUntrustedCertificateComesWithItsFacts() {
        CliProcess run = CliProcess.run("--server", PostfixInstance.HOST, "--port", String.valueOf(PostfixInstance.port()),
                "--tls", "--quit-after", "tls", "--json");
        assertThat(run.exit()).as(run.all()).isEqualTo(29);
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.tls()).containsEntry("trusted", false).containsEntry("verificationEnabled", true)
                .containsEntry("peer", "CN=mx.probe.test,O=smtp-probe test");
        assertThat((String) doc.tls().get("trustProblem")).contains("no trusted CA issued it");
    }

    @Test
    void insecureModeConnectsAndSaysVerificationWasOff() {
        CliProcess run = CliProcess.run("--server", PostfixInstance.HOST, "--port", String.valueOf(PostfixInstance.port()),
                "--tls", "--tls-insecure", "--quit-after", "tls");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("certificate verification is OFF", "verification OFF (insecure mode)", " ~> QUIT");
    }

    @Test
    void implicitTlsOnTheSubmissionsPort() {
        CliProcess run = CliProcess.run("--server", PostfixInstance.HOST, "--port", String.valueOf(PostfixInstance.tlsPort()),
                "--tls-on-connect", "--tls-ca-path", ca(), "--quit-after", "ehlo");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("<~  220 mx.probe.test ESMTP Postfix (smtp-probe test)", " ~> EHLO",
                "<~  250-AUTH PLAIN LOGIN CRAM-MD5 SCRAM-SHA-256");
    }

    @Test
    void plaintextAuthIsNotOfferedByPostfixAndFailsWith28() {
        CliProcess run = postfix(Map.of(), "--auth", "plain", "--auth-user", USER, "--auth-password", PASSWORD,
                "--auth-plaintext", "--quit-after", "auth");
        assertThat(run.exit()).as(run.all()).isEqualTo(28);
        assertThat(run.out()).contains(" -> AUTH PLAIN <redacted>", "<-  503 5.5.1 Error: authentication not enabled");
        assertThat(run.all()).doesNotContain(PASSWORD);
    }

    @Test
    void pipelinedJsonRunRoundTrips() {
        CliProcess run = postfix(Map.of(), "--tls", "--pipeline", "--json", "--to", "postmaster@probe.test,nobody@probe.test");
        assertThat(run.exit()).as(run.all()).isZero();
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.replies()).extracting(r -> r.get("step") + " " + r.get("code")).containsExactly("banner 220",
                "ehlo 250", "starttls 220", "ehlo 250", "mail 250", "rcpt 250", "rcpt 550", "data 354", "data-end 250",
                "quit 221");
        assertThat(doc.replies().get(8).get("queueId")).isNotNull();
        assertThat(doc.tls()).containsEntry("trusted", true).containsEntry("hostnameChecked", "127.0.0.1");
        assertThat(doc.transcript()).filteredOn(e -> "sent".equals(e.get("direction")))
                .extracting(e -> e.get("line")).containsSubsequence("MAIL FROM:<probe@client.probe.test>",
                        "RCPT TO:<postmaster@probe.test>", "RCPT TO:<nobody@probe.test>", "DATA");
    }

    /** The jar against one of the instance's other listeners, plaintext, stopping after RCPT. */
    private static CliProcess toPort(int port, String... args) {
        var all = new ArrayList<>(List.of("--server", PostfixInstance.HOST, "--port", String.valueOf(port),
                "--ehlo", "client.probe.test", "--from", "probe@client.probe.test", "--to", "postmaster@probe.test",
                "--quit-after", "rcpt"));
        all.addAll(Arrays.asList(args));
        return CliProcess.run(Map.of(), "", all.toArray(new String[0]));
    }

    @Test
    void xclientMakesPostfixJudgeTheClaimedClient() {
        CliProcess run = toPort(PostfixInstance.xclientPort(), "--xclient", "ADDR=192.0.2.25", "--xclient",
                "NAME=spoofed.example.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).containsSubsequence(" -> EHLO client.probe.test",
                " -> XCLIENT NAME=spoofed.example.test ADDR=192.0.2.25",
                "<-  220 mx.probe.test ESMTP Postfix (smtp-probe test)", " -> EHLO client.probe.test",
                "<-  554 5.7.1 <spoofed.example.test[192.0.2.25]>: Client host rejected: Access denied");
    }

    @Test
    void proxyV2MakesPostfixJudgeTheClaimedSource() {
        CliProcess run = toPort(PostfixInstance.proxyPort(), "--proxy", "v2", "--proxy-source", "192.0.2.25:4711");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains("PROXY protocol v2 header sent",
                "<-  554 5.7.1 <unknown[192.0.2.25]>: Client host rejected: Access denied");
    }
}
