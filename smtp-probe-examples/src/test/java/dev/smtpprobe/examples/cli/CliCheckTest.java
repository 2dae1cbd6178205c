package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeMta;
import dev.smtpprobe.testing.MtaBehaviour;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --check} in process: the suite against the embedded server and against a scripted MTA, the options that
 * become its settings, the report in text and JSON, and the exit code of the verdict. The DNS is a fake one on
 * loopback, so that the banner check's reverse DNS does not depend on this machine's resolver.
 */
class CliCheckTest {

    private FakeDnsServer dns;
    private FakeMta mta;

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
    }

    @AfterEach
    void stop() {
        dns.close();
        if (mta != null) {
            mta.close();
        }
    }

    /** {@code --check} with the fake DNS and a short timeout, then {@code args}. */
    private CliRun check(String... args) {
        var all = new ArrayList<>(List.of("--check", "--dns-server",
                dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort(), "--timeout", "5s"));
        all.addAll(Arrays.asList(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    /** {@code --check} against a scripted MTA greeting with {@code 220 mx.probe.test ESMTP}. */
    private CliRun checkMta(MtaBehaviour behaviour, String... args) {
        mta = FakeMta.start("220 mx.probe.test ESMTP", behaviour);
        var all = new ArrayList<>(List.of("--server", mta.host(), "--port", String.valueOf(mta.port())));
        all.addAll(Arrays.asList(args));
        return check(all.toArray(String[]::new));
    }

    /**
     * The timing check judges wall-clock latency (5 s greeting, 2 s per command): it passes on any machine that is
     * not overloaded, and when it does not, its summary says how slow.
     */
    private static void assertTimingJudged(Outcome outcome, String summary) {
        if (outcome == Outcome.PASS) {
            assertThat(summary).startsWith("greeting after ");
        } else {
            assertThat(outcome).isEqualTo(Outcome.WARN);
            assertThat(summary).startsWith("slow: ");
        }
    }

    @Test
    void theEmbeddedServerPassesEveryCheckAndEachVerdictSaysWhy() {
        dns.ptr("127.0.0.1", "myserver.contoso.com");

        CliRun run = check();

        assertThat(run.out()).contains(
                "=== no --server: checking the embedded server myserver.contoso.com on 127.0.0.1:",
                "[PASS] reachability: connected to 127.0.0.1, 220 greeting after ",
                "[PASS] banner: 220 banner names myserver.contoso.com\n"
                        + "    banner names myserver.contoso.com as expected\n"
                        + "    reverse DNS of 127.0.0.1 is myserver.contoso.com, as the banner says\n",
                "[PASS] ehlo: EHLO accepted, 7 extensions: SIZE PIPELINING ENHANCEDSTATUSCODES 8BITMIME BINARYMIME"
                        + " CHUNKING STARTTLS\n",
                "[PASS] starttls: TLSv1.3, certificate trusted and names myserver.contoso.com, ",
                "[PASS] auth-exposure: no AUTH offered before TLS\n    after STARTTLS: AUTH LOGIN PLAIN\n",
                "[PASS] open-relay: relaying refused for all 5 address forms\n"
                        + "    plain <relay-probe@example.net>: refused 550 5.7.1 Unable to relay\n",
                "[PASS] vrfy-expn: VRFY and EXPN disclose nothing (VRFY 252, EXPN 502)\n",
                "[PASS] postmaster-abuse: postmaster@contoso.test, <postmaster> and abuse@contoso.test accepted\n")
                .doesNotContain("    time: ", "transcript:");
        if (run.out().contains("[PASS] timing: greeting after ")) {
            assertThat(run.exit()).as(run.all()).isZero();
            assertThat(run.out()).containsPattern("\nOverall: PASS -- 11 checks: 11 pass \\(\\d+ ms\\)\n");
            assertThat(run.err()).isEmpty();
        } else {
            assertThat(run.out()).contains("[WARN] timing: slow: ");
            assertThat(run.exit()).as(run.all()).isEqualTo(10);
        }
    }

    @Test
    void aBannerThatDoesNotNameTheExpectedHostWarnsWithExitCode10() {
        CliRun run = check("--expect-host", "mail.contoso.test");

        assertThat(run.exit()).as(run.all()).isEqualTo(10);
        assertThat(run.out()).contains("[WARN] banner: banner names myserver.contoso.com, expected mail.contoso.test\n",
                "    reverse DNS of 127.0.0.1 not compared with the banner: it is a loopback address, not the one the"
                        + " world connects to (no PTR)\n", "Overall: WARN -- 11 checks: ");
        assertThat(run.err()).contains("*** warnings: banner (127.0.0.1:",
                "*** exit code 10: --check: at least one check warned, none failed");
    }

    @Test
    void submissionModeLogsInToTheEmbeddedServerWithItsDemoAccount() {
        dns.ptr("127.0.0.1", "myserver.contoso.com");

        CliRun run = check("--submission", "--from", "someone@contoso.test");

        assertThat(run.out()).contains("=== checking 127.0.0.1:", ": 9 checks, one connection at a time",
                "[PASS] submission-auth: AUTH only over TLS; logged in as someone@contoso.test with PLAIN inside TLSv1.",
                "[PASS] open-relay: relaying refused without authentication for all 5 address forms",
                // the embedded server is an inbound MX: it relays for nobody, logged in or not, and the check says so
                "[FAIL] submission-relay: relaying refused for the authenticated user: <someone@contoso.test> to"
                        + " <relay-probe@example.net>: 550 5.7.1 Unable to relay")
                .doesNotContain("postmaster-abuse", "auth-exposure", "demo-password");
        assertThat(run.exit()).isEqualTo(11);
    }

    @Test
    void submissionModeAgainstAServerNeedsTheUser() {
        CliRun run = check("--server", "127.0.0.1", "--port", "2525", "--submission");

        assertThat(run.exit()).isEqualTo(1); // the usage error: nothing was contacted
        assertThat(run.err()).contains("--check --submission logs in: give --auth-user");
    }

    @Test
    void submissionModeTakesThePasswordFromTheEnvironmentAndNeverPrintsIt() {
        mta = FakeMta.start("220 mx.probe.test ESMTP", MtaBehaviour.wellRun());
        CliRun run = CliRun.run(Map.of("SUBMIT_PW", "s3cret-pw"), java.util.Optional.empty(), "--check",
                "--dns-server", dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort(),
                "--timeout", "5s", "--server", mta.host(), "--port", String.valueOf(mta.port()), "--submission",
                "--auth-user", "alice@probe.test", "--auth-password-env", "SUBMIT_PW");

        assertThat(run.out()).contains("[FAIL] submission-auth: the login did not succeed: STARTTLS not offered: the"
                + " password is not sent in clear text", "[COULD_NOT_RUN] submission-relay: could not log in: ");
        assertThat(run.all()).doesNotContain("s3cret-pw");
        assertThat(mta.allLines()).noneMatch(l -> l.startsWith("AUTH"));
        assertThat(run.exit()).isEqualTo(11);
    }

    @Test
    void aServerWithoutStartTlsFailsWithExitCode11AndNoCheckSendsData() {
        CliRun run = checkMta(MtaBehaviour.wellRun(), "--mail-domain", "probe.test");

        assertThat(run.exit()).as(run.all()).isEqualTo(11);
        assertThat(run.out()).contains("=== checking 127.0.0.1:" + mta.port() + ": 11 checks, one connection at a time",
                "Checks of 127.0.0.1:" + mta.port() + "\n",
                "[FAIL] starttls: STARTTLS not offered: mail to and from this server travels in clear text\n",
                "[PASS] postmaster-abuse: postmaster@probe.test, <postmaster> and abuse@probe.test accepted\n",
                "Overall: FAIL -- 11 checks: ");
        assertThat(run.err()).contains("*** failed: starttls, tls-quality (127.0.0.1:" + mta.port() + ")",
                "*** exit code 11: --check: at least one check failed or could not run");
        assertThat(mta.sessions()).hasSize(11).allSatisfy(lines -> assertThat(lines).last().isEqualTo("QUIT"));
        assertThat(mta.allLines()).noneMatch(l -> l.startsWith("DATA"));
    }

    @Test
    void ehloFromToAndMailDomainBecomeTheCheckSettings() {
        CliRun run = checkMta(MtaBehaviour.wellRun(), "--ehlo", "client.probe.test", "--from", "<spam@outside.test>",
                "--to", "victim@far.test", "--mail-domain", "probe.test", "--expect-host", "mx.probe.test");

        assertThat(run.out()).contains("    banner names mx.probe.test as expected",
                "    plain <victim@far.test>: refused 550 5.7.1 Unable to relay");
        assertThat(mta.allLines()).contains("EHLO client.probe.test", "MAIL FROM:<spam@outside.test>",
                "RCPT TO:<victim@far.test>", "RCPT TO:<victim%far.test@[127.0.0.1]>", "RCPT TO:<postmaster@probe.test>")
                .noneMatch(l -> l.startsWith("EHLO probe.smtp-probe.invalid"));
    }

    @Test
    void withoutAMailDomainThePostmasterCheckAsksTheGreetingsHost() {
        CliRun run = checkMta(MtaBehaviour.wellRun());

        assertThat(mta.allLines()).contains("RCPT TO:<postmaster@mx.probe.test>");
        assertThat(run.out()).contains("[PASS] postmaster-abuse: postmaster@mx.probe.test, <postmaster> and"
                + " abuse@mx.probe.test accepted");
    }

    @Test
    void anUnreachableServerFailsReachabilityAndTheOtherChecksCouldNotRun() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        CliRun run = check("--server", "127.0.0.1", "--port", String.valueOf(port), "--json");

        assertThat(run.exit()).as(run.all()).isEqualTo(11);
        var doc = CheckJsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.outcomes()).containsEntry("reachability", Outcome.FAIL).hasSize(11);
        assertThat(doc.outcomes().values()).filteredOn(o -> o == Outcome.COULD_NOT_RUN).hasSize(10);
        assertThat((String) doc.finding("reachability").get("summary"))
                .startsWith("connection refused: nothing listens on 127.0.0.1:" + port);
        assertThat(doc.finding("ehlo").get("error")).isInstanceOfSatisfying(Map.class,
                e -> assertThat(e.get("type")).isEqualTo("ConnectFailedException"));
        assertThat(doc.map()).containsEntry("reason", "failed: reachability (127.0.0.1:" + port + "); could not run:"
                + " 10 checks (127.0.0.1:" + port + ")");
        assertThat(run.err()).as("--json: nothing on standard error").isEmpty();
    }

    @Test
    void showTimeAddsThePhasesAndShowTranscriptTheConversation() {
        CliRun run = checkMta(MtaBehaviour.wellRun(), "--show-time", "--show-transcript");

        assertThat(run.out()).containsPattern("\\[PASS] ehlo: .*\n(    .*\n)*    time: connect \\d+ ms, greeting \\d+ ms,"
                + " EHLO \\d+ ms\n    transcript:\n      === Trying 127\\.0\\.0\\.1:\\d+\\.\\.\\.\n")
                .contains("      <-  220 mx.probe.test ESMTP\n", "       -> EHLO probe.smtp-probe.invalid\n",
                        "       -> RCPT TO:<relay-probe@example.net>\n      <-  550 5.7.1 Unable to relay\n",
                        "       -> QUIT\n");
    }

    @Test
    void jsonHoldsEveryFindingWithItsEvidenceAndRoundTrips() {
        CliRun run = checkMta(MtaBehaviour.wellRun().on("VRFY postmaster", "250 2.1.5 <postmaster@probe.test>")
                .on("EXPN", "250 2.1.5 <alice@probe.test>"), "--json", "--mail-domain", "probe.test");

        assertThat(run.exit()).as(run.all()).isEqualTo(11);
        var doc = CheckJsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.map()).containsEntry("worst", "FAIL").containsEntry("exitCode", 11).containsEntry("mx", null)
                .containsEntry("error", null).containsEntry("reason", "failed: starttls, tls-quality (127.0.0.1:" + mta.port() + ")");
        Map<String, Outcome> outcomes = doc.outcomes();
        assertThat(outcomes.keySet()).containsExactly("reachability", "banner", "ehlo", "starttls", "auth-exposure",
                "open-relay", "vrfy-expn", "postmaster-abuse", "timing", "esmtp-facts", "tls-quality");
        assertThat(outcomes).containsEntry("esmtp-facts", Outcome.WARN).containsEntry("tls-quality", Outcome.FAIL);
        assertThat(outcomes).containsEntry("reachability", Outcome.PASS).containsEntry("banner", Outcome.PASS)
                .containsEntry("ehlo", Outcome.PASS).containsEntry("starttls", Outcome.FAIL)
                .containsEntry("auth-exposure", Outcome.PASS).containsEntry("open-relay", Outcome.PASS)
                .containsEntry("vrfy-expn", Outcome.WARN).containsEntry("postmaster-abuse", Outcome.PASS);
        assertTimingJudged(outcomes.get("timing"), (String) doc.finding("timing").get("summary"));
        assertThat(doc.finding("vrfy-expn")).containsEntry("summary",
                "VRFY confirms mailboxes (250); EXPN expands lists (250): addresses can be harvested");
        @SuppressWarnings("unchecked")
        var replies = (List<Map<String, Object>>) doc.finding("open-relay").get("replies");
        assertThat(replies).extracting(r -> r.get("code")).containsExactly(250, 550, 550, 550, 550, 550, 250);
        assertThat(replies.get(1)).containsEntry("lines", List.of("5.7.1 Unable to relay"))
                .containsEntry("enhancedStatus", "5.7.1")
                .containsEntry("explanation", "Permanent Failure: Delivery not authorized, message refused");
        @SuppressWarnings("unchecked")
        var phases = (List<Map<String, Object>>) doc.finding("timing").get("phases");
        assertThat(phases).extracting(p -> p.get("name")).containsExactly("connect", "greeting", "EHLO", "NOOP", "RSET");
        @SuppressWarnings("unchecked")
        var target = (Map<String, Object>) doc.reports().get(0).get("target");
        assertThat(target).containsEntry("host", "127.0.0.1").containsEntry("port", mta.port())
                .containsEntry("address", null);
    }

    @Test
    void aBannerWithTerminalControlsIsReportedEscaped() {
        mta = FakeMta.start("220 mx\u001b[2J\u001b]0;owned\u0007.probe.test\b ESMTP", MtaBehaviour.wellRun()
                .on("EHLO", "250-mx.probe.test \u001b[5m\r\n250 SIZE 1000"));
        CliRun run = check("--server", mta.host(), "--port", String.valueOf(mta.port()), "--show-transcript",
                "--expect-host", "mx.probe.test");

        assertThat(run.out()).contains(
                "[WARN] banner: banner names mx\\x1b[2J\\x1b]0;owned\\x07.probe.test\\x08, expected mx.probe.test\n",
                "      <-  220 mx\\x1b[2J\\x1b]0;owned\\x07.probe.test\\x08 ESMTP\n", "      <-  250-mx.probe.test \\x1b[5m\n");
        assertThat(run.err()).contains("*** failed: starttls"); // the fake MTA offers no STARTTLS
        assertThat((run.out() + run.err()).chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f)).as(run.all()).isEmpty();
    }
}
