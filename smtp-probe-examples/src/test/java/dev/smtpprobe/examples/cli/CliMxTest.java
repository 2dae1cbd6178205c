package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeMta;
import dev.smtpprobe.testing.MtaBehaviour;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --mx DOMAIN} in process, against a fake DNS server and a scripted MTA on loopback: the lookup shown like
 * {@code dig MX}, the conversation with the first exchanger that takes the connection, the answers that name no
 * exchanger and the lookup that gets no answer (exit codes 9 and 8), and {@code --check} against every exchanger.
 */
class CliMxTest {

    private FakeDnsServer dns;
    private FakeMta mta;

    @BeforeEach
    void start() {
        dns = new FakeDnsServer();
        mta = FakeMta.start("220 mx1.probe.test ESMTP", MtaBehaviour.wellRun());
    }

    @AfterEach
    void stop() {
        dns.close();
        mta.close();
    }

    /** {@code --mx domain} with the fake DNS, the MTA's port and a short timeout, then {@code args}. */
    private CliRun mx(String domain, String... args) {
        var all = new ArrayList<>(List.of("--mx", domain, "--dns-server",
                dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort(),
                "--port", String.valueOf(mta.port()), "--timeout", "5s"));
        all.addAll(Arrays.asList(args));
        return CliRun.run(all.toArray(String[]::new));
    }

    private CliRun relayTest(String domain, String... args) {
        var all = new ArrayList<>(List.of("--ehlo", "client.test", "--from", "a@client.test", "--to",
                "postmaster@" + domain, "--quit-after", "rcpt"));
        all.addAll(Arrays.asList(args));
        return mx(domain, all.toArray(String[]::new));
    }

    @Test
    void theLookupIsShownAndTheFirstExchangerTakesTheConversation() {
        dns.mx("probe.test", 20, "mx2.probe.test").mx("probe.test", 10, "mx1.probe.test")
                .address("mx1.probe.test", "127.0.0.1").address("mx2.probe.test", "127.0.0.1");

        CliRun run = relayTest("probe.test");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("=== MX of probe\\.test \\(\\d+ ms\\): 2 exchangers\n"
                + "===   10 mx1\\.probe\\.test  127\\.0\\.0\\.1\n===   20 mx2\\.probe\\.test  127\\.0\\.0\\.1\n"
                + "=== exchanger mx1\\.probe\\.test at 127\\.0\\.0\\.1 \\(preference 10\\)\n"
                + "=== Trying 127\\.0\\.0\\.1:" + mta.port() + "\\.\\.\\.\n")
                .contains("<-  220 mx1.probe.test ESMTP", " -> RCPT TO:<postmaster@probe.test>", "<-  250 2.1.5 Ok");
        assertThat(mta.sessions()).hasSize(1);
    }

    @Test
    void anExchangerAddressThatRefusesTheConnectionIsSkippedForTheNext() {
        // the MTA listens on 127.0.0.1 only: ::1 refuses (or, without IPv6, cannot be reached)
        dns.mx("probe.test", 10, "mx1.probe.test").mx("probe.test", 20, "mx2.probe.test")
                .address("mx1.probe.test", "::1").address("mx2.probe.test", "127.0.0.1");

        CliRun run = relayTest("probe.test");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("===   10 mx1.probe.test  0:0:0:0:0:0:0:1\n",
                "=== exchanger mx1.probe.test at 0:0:0:0:0:0:0:1 (preference 10)\n",
                "=== mx1.probe.test at 0:0:0:0:0:0:0:1: ",
                "; trying the next exchanger address\n=== exchanger mx2.probe.test at 127.0.0.1 (preference 20)\n"
                        + "=== Trying 127.0.0.1:" + mta.port() + "...\n");
        assertThat(run.err()).isEmpty();
        assertThat(mta.sessions()).hasSize(1);
    }

    @Test
    void whenNoExchangerTakesTheConnectionTheLastFailureDecides() {
        dns.mx("probe.test", 10, "mx1.probe.test").address("mx1.probe.test", "::1");

        CliRun run = relayTest("probe.test");

        assertThat(run.exit()).as(run.all()).isEqualTo(2);
        assertThat(run.err()).contains("*** exit code 2: could not connect");
    }

    @Test
    void aDomainWithoutMxRecordsUsesItsOwnAddress() {
        dns.address("probe.test", "127.0.0.1");

        CliRun run = relayTest("probe.test");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).containsPattern("=== MX of probe\\.test \\(\\d+ ms\\): no MX records; mail goes to the"
                + " domain's own address \\(implicit MX, RFC 5321 section 5\\.1\\)\n===   0 probe\\.test  127\\.0\\.0\\.1\n");
    }

    @Test
    void answersThatNameNoExchangerAreSaidPlainlyWithExitCode9() {
        dns.mx("nomail.test", 0, ".").exists("bare.test");

        CliRun nullMx = relayTest("nomail.test");
        assertThat(nullMx.exit()).as(nullMx.all()).isEqualTo(9);
        assertThat(nullMx.out()).containsPattern("=== MX of nomail\\.test \\(\\d+ ms\\): a null MX \\(RFC 7505\\): the"
                + " domain accepts no mail\n").doesNotContain("Trying");
        assertThat(nullMx.err()).contains("*** nomail.test has a null MX (RFC 7505): it accepts no mail: no exchanger"
                + " to talk to", "*** exit code 9: --mx found no exchanger to talk to");

        CliRun nxdomain = relayTest("nowhere.test");
        assertThat(nxdomain.exit()).isEqualTo(9);
        assertThat(nxdomain.out()).contains("): no such domain (NXDOMAIN)");

        CliRun noHost = relayTest("bare.test");
        assertThat(noHost.exit()).isEqualTo(9);
        assertThat(noHost.out()).contains("): the domain exists but has neither MX nor address records");
        assertThat(mta.sessions()).isEmpty();
    }

    @Test
    void aLookupWithoutAnswerIsExitCode8() {
        dns.servfail("broken.test");

        CliRun run = relayTest("broken.test");

        assertThat(run.exit()).as(run.all()).isEqualTo(8);
        assertThat(run.err()).contains("*** DNS lookup of broken.test failed (SERVER_FAILURE)",
                "*** exit code 8: the DNS lookup of --mx got no answer");
    }

    @Test
    void jsonHoldsTheLookupAndTheSkippedAddresses() {
        dns.mx("probe.test", 10, "mx1.probe.test").mx("probe.test", 20, "mx2.probe.test")
                .address("mx1.probe.test", "::1").address("mx2.probe.test", "127.0.0.1");

        CliRun run = relayTest("probe.test", "--json");

        assertThat(run.exit()).as(run.all()).isZero();
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.map()).containsEntry("server", Map.of("host", "127.0.0.1", "port", mta.port(), "embedded", false,
                "name", "mx2.probe.test"));
        assertThat(object(doc.map().get("mx"))).containsEntry("domain", "probe.test").containsEntry("kind", "MX")
                .containsEntry("hosts", List.of(
                        Map.of("host", "mx1.probe.test", "preference", 10, "addresses", List.of("0:0:0:0:0:0:0:1")),
                        Map.of("host", "mx2.probe.test", "preference", 20, "addresses", List.of("127.0.0.1"))));
        @SuppressWarnings("unchecked")
        var skipped = (List<Map<String, Object>>) doc.map().get("skipped");
        assertThat(skipped).singleElement().satisfies(s -> assertThat(s).containsEntry("host", "0:0:0:0:0:0:0:1")
                .containsEntry("port", mta.port()));
    }

    @Test
    void checkRunsTheSuiteAgainstEveryExchangerWithItsNameAsTheExpectedBanner() {
        dns.mx("probe.test", 10, "mx1.probe.test").mx("probe.test", 20, "mx2.probe.test")
                .address("mx1.probe.test", "127.0.0.1").address("mx2.probe.test", "127.0.0.1")
                .ptr("127.0.0.1", "mx1.probe.test");

        CliRun run = mx("probe.test", "--check");

        assertThat(run.exit()).as(run.all()).isEqualTo(11);
        assertThat(run.out()).contains("=== checking every exchanger of probe.test on port " + mta.port()
                        + ": 11 checks each, one connection at a time",
                "===   10 mx1.probe.test  127.0.0.1\n",
                "Checks of mx1.probe.test:" + mta.port() + " (127.0.0.1)\n[PASS] reachability: ",
                "[PASS] banner: 220 banner names mx1.probe.test\n    banner names mx1.probe.test as expected\n"
                        + "    reverse DNS of 127.0.0.1 is mx1.probe.test, as the banner says\n",
                "Checks of mx2.probe.test:" + mta.port() + " (127.0.0.1)\n",
                "[WARN] banner: banner names mx1.probe.test, expected mx2.probe.test\n",
                "[PASS] postmaster-abuse: postmaster@probe.test, <postmaster> and abuse@probe.test accepted",
                "\nDomain probe.test overall: FAIL\n");
        assertThat(run.err()).contains("*** failed: starttls, tls-quality (mx1.probe.test:" + mta.port()
                + "), starttls, tls-quality (mx2.probe.test:" + mta.port() + ")\n");
        assertThat(mta.sessions()).hasSize(22);
    }

    @Test
    void checkAsJsonHasOneReportPerExchanger() {
        dns.mx("probe.test", 10, "mx1.probe.test").address("mx1.probe.test", "127.0.0.1");

        CliRun run = mx("probe.test", "--check", "--json");

        var doc = CheckJsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.outcomes()).containsEntry("starttls", Outcome.FAIL);
        assertThat(doc.reports().get(0).get("target")).isEqualTo(Map.of("host", "mx1.probe.test", "port", mta.port(),
                "address", "127.0.0.1"));
        assertThat(object(doc.map().get("mx"))).containsEntry("kind", "MX");
    }

    @Test
    void checkOfANullMxPassesAndSaysThereIsNothingToCheck() {
        dns.mx("nomail.test", 0, ".");

        CliRun run = mx("nomail.test", "--check");

        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("Domain nomail.test overall: PASS -- nomail.test has a null MX (RFC 7505): it"
                + " accepts no mail: nothing to check");
        assertThat(mta.sessions()).isEmpty();
    }

    @Test
    void checkOfADomainThatDoesNotExistFails() {
        CliRun run = mx("nowhere.test", "--check", "--json");

        assertThat(run.exit()).as(run.all()).isEqualTo(11);
        var doc = CheckJsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.map()).containsEntry("worst", "FAIL").containsEntry("reports", List.of())
                .containsEntry("reason", "nowhere.test does not exist (NXDOMAIN): nothing to check");
    }

    @Test
    void checkWithALookupWithoutAnswerIsExitCode8() {
        dns.servfail("broken.test");

        CliRun run = mx("broken.test", "--check", "--json");

        assertThat(run.exit()).as(run.all()).isEqualTo(8);
        var doc = CheckJsonDocument.parse(run.out());
        assertThat(doc.map()).containsEntry("exitCode", 8).containsEntry("reports", List.of());
        assertThat(object(doc.map().get("error"))).containsEntry("type", "DnsLookupException");
    }

    /** A JSON object of the parsed document. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        assertThat(value).isInstanceOf(Map.class);
        return (Map<String, Object>) value;
    }
}
