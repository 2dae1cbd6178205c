package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar run as a process, the way a user runs it, against the embedded server it starts itself: it starts,
 * finds the transport through the merged ServiceLoader file, and its exit codes and output are what the help says.
 */
class CliJarIT {

    @BeforeAll
    static void packagedJar() {
        CliProcess.assumeIntegrationPhase();
    }

    @Test
    void helpDescribesEveryOptionAndTheExitCodes() {
        CliProcess run = CliProcess.run("--help");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("Usage: smtp-probe-cli", "--server=HOST", "--quit-after=STEP", "--json",
                "--mx=DOMAIN", "--dns-server=HOST[:PORT]", "--check ", "--show-transcript",
                "Exit codes", "21   the greeting was not 2xx", "28   AUTH failed or could not be sent",
                "8    the DNS lookup of --mx got no answer", "11   --check: at least one check failed", "Examples");
    }

    @Test
    void withoutArgumentsTheSeedMessageIsQueuedByTheEmbeddedServer() {
        CliProcess run = CliProcess.run();
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("=== no --server: talking to the embedded server myserver.contoso.com",
                "<-  250 2.1.5 Recipient OK", "=== queue id: ", "<-  221 2.0.0 Service closing transmission channel");
        assertThat(run.err()).as("no SLF4J or other noise").isEmpty();
    }

    @Test
    void theRelayTestExitsWithTheRcptCode() {
        CliProcess run = CliProcess.run("--to", "foreign@external.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains("<-  550 5.7.1 Unable to relay",
                "=== 5.7.1: Permanent Failure: Delivery not authorized, message refused");
        assertThat(run.err()).contains("*** exit code 24: no RCPT TO was accepted");
    }

    @Test
    void quitAfterMailStopsThere() {
        CliProcess run = CliProcess.run("--quit-after", "MAIL");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(" -> MAIL FROM:", " -> QUIT").doesNotContain("RCPT TO");
    }

    @Test
    void jsonParsesAndRoundTripsTheRepliesAndTheTranscript() {
        CliProcess run = CliProcess.run("--json", "--tls", "--auth", "login");
        assertThat(run.exit()).as(run.all()).isZero();
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.map()).containsEntry("exitCode", 0).containsEntry("error", null);
        assertThat(doc.replies()).extracting(r -> r.get("step") + " " + r.get("code")).containsExactly("banner 220",
                "ehlo 250", "starttls 220", "ehlo 250", "auth 334", "auth 334", "auth 235", "mail 250", "rcpt 250",
                "data 354", "data-end 250", "quit 221");
        assertThat(doc.replies().get(10).get("queueId")).isNotNull();
        assertThat(doc.tls()).containsEntry("trusted", true).containsEntry("verificationEnabled", true)
                .containsEntry("hostnameMatched", true);
        assertThat((String) doc.tls().get("protocol")).startsWith("TLSv1.");
        assertThat(doc.transcript()).filteredOn(e -> "sent".equals(e.get("direction")))
                .extracting(e -> e.get("line") + (Boolean.TRUE.equals(e.get("tls")) ? " (tls)" : ""))
                .startsWith("EHLO mail.alternatecontoso.test", "STARTTLS", "EHLO mail.alternatecontoso.test (tls)",
                        "AUTH LOGIN (tls)", "<redacted> (tls)", "<redacted> (tls)");
        assertThat(run.all()).doesNotContain("demo-password");
    }

    @Test
    void aPasswordGivenAnyWayIsNeverPrinted() {
        String secret = "Pw-" + Long.toHexString(System.nanoTime());
        for (CliProcess run : new CliProcess[] {
            CliProcess.run("--tls", "--auth", "plain", "--auth-user", "admin@contoso.test", "--auth-password", secret),
            CliProcess.run(Map.of("SMTP_PW", secret), "", "--tls", "--auth", "login", "--auth-user", "admin@contoso.test",
                    "--auth-password-env", "SMTP_PW", "--json"),
            CliProcess.run(Map.of(), secret + "\n", "--tls", "--auth", "login", "--auth-user", "admin@contoso.test",
                    "--auth-password", "--show-time")}) {
            assertThat(run.exit()).as(run.all()).isZero();
            assertThat(run.all()).contains("<redacted>").doesNotContain(secret);
        }
    }

    @Test
    void thePromptGoesToStandardErrorSoThatJsonStaysParseable() {
        CliProcess run = CliProcess.run(Map.of(), "typed-pw\n", "--tls", "--auth-user", "admin@contoso.test",
                "--auth-password", "--json");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.err()).isEqualTo("Password for admin@contoso.test: ");
        JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(run.all()).doesNotContain("typed-pw");
    }

    @Test
    void checkAgainstTheEmbeddedServerReportsEveryFindingAsJson() {
        try (var dns = new FakeDnsServer()) {
            dns.ptr("127.0.0.1", "myserver.contoso.com");
            CliProcess run = CliProcess.run("--check", "--json", "--dns-server", dnsServer(dns));

            var doc = CheckJsonDocument.parse(run.out()).assertRoundTrips();
            Map<String, Outcome> outcomes = doc.outcomes();
            assertThat(outcomes.keySet()).containsExactly("reachability", "banner", "ehlo", "starttls", "auth-exposure",
                    "open-relay", "vrfy-expn", "postmaster-abuse", "timing", "esmtp-facts", "tls-quality");
            outcomes.forEach((check, outcome) -> {
                if (check.equals("timing") && outcome == Outcome.WARN) { // wall-clock latency on a loaded machine
                    assertThat((String) doc.finding("timing").get("summary")).startsWith("slow: ");
                } else {
                    assertThat(outcome).as(check).isEqualTo(Outcome.PASS);
                }
            });
            assertThat(run.exit()).as(run.all()).isEqualTo(outcomes.containsValue(Outcome.WARN) ? 10 : 0);
            assertThat(doc.finding("starttls").get("summary")).asString()
                    .startsWith("TLSv1.3, certificate trusted and names myserver.contoso.com, ");
            assertThat(doc.finding("banner").get("details")).asInstanceOf(InstanceOfAssertFactories.LIST)
                    .contains("reverse DNS of 127.0.0.1 is myserver.contoso.com, as the banner says");
            assertThat(run.err()).isEmpty();
        }
    }

    @Test
    void checkInTextShowsOneBlockPerFindingAndTheVerdictsExitCode() {
        try (var dns = new FakeDnsServer()) {
            CliProcess run = CliProcess.run("--check", "--expect-host", "mail.contoso.test", "--show-time",
                    "--dns-server", dnsServer(dns));

            assertThat(run.exit()).as(run.all()).isEqualTo(10);
            assertThat(run.out()).contains("=== no --server: checking the embedded server myserver.contoso.com",
                    "[WARN] banner: banner names myserver.contoso.com, expected mail.contoso.test\n",
                    "[PASS] open-relay: relaying refused for all 5 address forms\n", "    time: connect ",
                    "Overall: WARN -- 11 checks: ");
            assertThat(run.err()).contains("*** warnings: banner (127.0.0.1:", "*** exit code 10: ");
        }
    }

    private static String dnsServer(FakeDnsServer dns) {
        return dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort();
    }

    @Test
    void aWrongOptionIsExitCode1() {
        CliProcess run = CliProcess.run("--quit-after", "lunch");
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).contains("--quit-after", "lunch");
    }

    @Test
    void aRefusedConnectionIsExitCode2() throws IOException {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliProcess run = CliProcess.run("--server", "127.0.0.1", "--port", String.valueOf(port), "--to", "a@b.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("refused", "*** exit code 2");
    }
}
