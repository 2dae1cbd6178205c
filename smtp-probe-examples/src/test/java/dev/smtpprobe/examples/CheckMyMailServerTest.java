package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeMta;
import dev.smtpprobe.testing.MtaBehaviour;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * "Check my mail server" against the embedded server (the test kit's Exchange profile), run the way {@code main}
 * runs it, with a fake DNS on loopback so that the banner's reverse DNS does not depend on this machine. Each
 * outcome below is what that server really answers, for the reason the assertion names.
 */
class CheckMyMailServerTest extends PrintedOutput {

    private FakeDnsServer dns;

    @BeforeEach
    void startDns() {
        dns = new FakeDnsServer();
    }

    @AfterEach
    void stopDns() {
        dns.close();
    }

    private int run(String... args) {
        var all = new ArrayList<>(List.of("--dns-server",
                dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort()));
        all.addAll(List.of(args));
        return CheckMyMailServer.run(all.toArray(String[]::new), out);
    }

    @Test
    void theEmbeddedServerWithStartTlsPassesEveryCheckAndTheCustomOne() {
        dns.ptr("127.0.0.1", "myserver.contoso.com");

        int exit = run();

        assertThat(output()).contains(
                "No --host given: checking the embedded Exchange-like server myserver.contoso.com on 127.0.0.1:",
                "12 checks, one connection at a time; no check sends DATA.",
                // the 220 names the server; the expected name and the (fake) PTR agree with it
                "[PASS] banner: 220 banner names myserver.contoso.com\n"
                        + "    banner names myserver.contoso.com as expected\n"
                        + "    reverse DNS of 127.0.0.1 is myserver.contoso.com, as the banner says\n",
                // its certificate is trusted explicitly for the run and names myserver.contoso.com
                "[PASS] starttls: TLSv1.3, certificate trusted and names myserver.contoso.com, ",
                // AUTH is offered only inside TLS
                "[PASS] auth-exposure: no AUTH offered before TLS\n    after STARTTLS: AUTH LOGIN PLAIN\n",
                // every foreign domain, [127.0.0.1] included, is a relay attempt for it: 550 5.7.1
                "[PASS] open-relay: relaying refused for all 5 address forms\n",
                "    source route <@[127.0.0.1]:relay-probe@example.net>: refused 550 5.7.1 Unable to relay\n",
                // Exchange's answers: VRFY 252 for everyone, EXPN not implemented
                "[PASS] vrfy-expn: VRFY and EXPN disclose nothing (VRFY 252, EXPN 502)\n",
                // contoso.test is its domain, and every address there exists
                "[PASS] postmaster-abuse: postmaster@contoso.test, <postmaster> and abuse@contoso.test accepted\n",
                // SIZE 37748736, Exchange's default
                "[PASS] size-10mb: messages up to 37 MB are taken\n    SIZE 37748736 = 36 MiB\n",
                // the ESMTP facts, and TLS 1.3/1.2 with its certificate
                "[PASS] esmtp-facts: offers SIZE PIPELINING 8BITMIME ENHANCEDSTATUSCODES CHUNKING\n",
                "[PASS] tls-quality: TLSv1.3, TLSv1.2 accepted; ");
        if (output().contains("[PASS] timing: ")) {
            assertThat(exit).as(output()).isZero();
            assertThat(output()).containsPattern("\nVerdict: PASS -- all 12 checks passed, nothing to fix \\(\\d+ ms\\)\n");
        } else { // timing judges wall-clock latency (5 s greeting, 2 s per command): only an overloaded machine warns
            assertThat(output()).contains("[WARN] timing: slow: ", "  warnings: timing -- slow: ");
            assertThat(exit).isEqualTo(1);
        }
    }

    @Test
    void withoutStartTlsTheVerdictSaysWhatToFixFirst() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = run("--host", server.host(), "--port", String.valueOf(server.port()), "--domain", "contoso.test");

            assertThat(exit).as(output()).isEqualTo(1);
            assertThat(output()).contains("Checking 127.0.0.1:" + server.port() + "\n",
                    "[FAIL] starttls: STARTTLS not offered: mail to and from this server travels in clear text\n",
                    "[PASS] auth-exposure: no AUTH offered before TLS\n"
                            + "    no STARTTLS offered: AUTH can only happen in clear text\n",
                    "Verdict: FAIL -- fix the failures first (",
                    "  failed: starttls -- STARTTLS not offered: mail to and from this server travels in clear text\n",
                    "  failed: tls-quality -- STARTTLS not offered: no TLS to judge");
            assertThat(output()).containsPattern("  passed: (9|10) of 12\n");
            assertThat(server.messages()).isEmpty();
        }
    }

    @Test
    void withoutADomainPostmasterIsAskedAtTheGreetingsHostWhichThisServerDoesNotTakeMailFor() {
        try (var server = EmbeddedExchangeServer.start()) {
            run("--host", server.host(), "--port", String.valueOf(server.port()));

            assertThat(output()).contains("(no --domain: postmaster@ and abuse@ are asked at the host its greeting names)",
                    "[FAIL] postmaster-abuse: postmaster@myserver.contoso.com refused: 550 5.7.1 Unable to relay;"
                            + " abuse@myserver.contoso.com refused (RFC 2142): 550 5.7.1 Unable to relay\n");
        }
    }

    @Test
    void everyExchangerOfADomainIsCheckedWithItsNameAsTheExpectedBanner() {
        try (var server = EmbeddedExchangeServer.start()) {
            dns.mx("contoso.test", 10, "myserver.contoso.com").address("myserver.contoso.com", "127.0.0.1")
                    .mx("contoso.test", 20, "backup.contoso.test");

            int exit = run("--mx", "contoso.test", "--port", String.valueOf(server.port()));

            assertThat(exit).as(output()).isEqualTo(1);
            assertThat(output()).contains("MX of contoso.test: MX\n  10 myserver.contoso.com [127.0.0.1]\n"
                            + "  20 backup.contoso.test []  (no address: not checked)\n",
                    "== myserver.contoso.com:" + server.port() + " (127.0.0.1) ==\n",
                    "    banner names myserver.contoso.com as expected\n",
                    "[PASS] postmaster-abuse: postmaster@contoso.test, <postmaster> and abuse@contoso.test accepted\n",
                    "[FAIL] starttls: STARTTLS not offered", "\nDomain verdict: FAIL\n");
        }
    }

    @Test
    void aDomainWithANullMxHasNothingToCheckAndPasses() {
        dns.mx("nomail.test", 0, ".");

        assertThat(run("--mx", "nomail.test")).as(output()).isZero();
        assertThat(output()).contains("MX of nomail.test: NULL_MX (RFC 7505: the domain accepts no mail, so there is"
                + " nothing to check)\n", "Domain verdict: PASS\n");
    }

    @Test
    void anMxLookupWithoutAnswerAndADomainWithoutExchangerAreExitCode3() {
        dns.servfail("broken.test");

        assertThat(run("--mx", "broken.test")).isEqualTo(3);
        assertThat(output()).contains("The MX lookup got no answer: DNS lookup of broken.test failed (SERVER_FAILURE)");
        assertThat(run("--mx", "nowhere.test")).isEqualTo(3);
        assertThat(output()).contains("MX of nowhere.test: NO_SUCH_DOMAIN (the domain does not exist)",
                "Domain verdict: FAIL");
    }

    @Test
    void theCustomSizeCheckWarnsBelowTenMegabytesAndWithoutSize() {
        var findings = new ArrayList<Finding>();
        for (String ehlo : List.of("250-mx.probe.test\r\n250 SIZE 5242880", "250-mx.probe.test\r\n250 8BITMIME",
                "250-mx.probe.test\r\n250 SIZE 0", MtaBehaviour.EHLO)) {
            try (var mta = FakeMta.start("220 mx.probe.test ESMTP", MtaBehaviour.wellRun().on("EHLO", ehlo));
                    var client = Probe.client(ClientOptions.builder().dns(DnsOptions.servers(dns.address())).build(), ProbeOptions.DEFAULT)) {
                findings.add(CheckSuite.run(CheckMyMailServer.SIZE_AT_LEAST_10_MB, client,
                        CheckTarget.of(mta.host(), mta.port()), CheckSettings.DEFAULT));
                assertThat(mta.allLines()).containsExactly("EHLO probe.smtp-probe.invalid", "QUIT");
            }
        }
        assertThat(findings).extracting(Finding::toString).containsExactly(
                "[WARN] size-10mb: messages over 5 MB are refused: less than the 10 MB senders expect",
                "[WARN] size-10mb: no SIZE advertised (RFC 1870): senders learn the limit only when a large message"
                        + " bounces",
                "[PASS] size-10mb: SIZE 0: no fixed limit (RFC 1870)",
                "[PASS] size-10mb: messages up to 10 MB are taken");
    }

    @Test
    void theSuiteIsTheStandardOneAndTheCustomCheck() {
        assertThat(CheckMyMailServer.suite(CheckSettings.DEFAULT).checks()).extracting(c -> c.name()).containsExactly(
                "reachability", "banner", "ehlo", "starttls", "auth-exposure", "open-relay", "vrfy-expn",
                "postmaster-abuse", "timing", "esmtp-facts", "tls-quality", "size-10mb");
    }

    @Test
    void wrongArgumentsPrintTheUsage() {
        assertThat(CheckMyMailServer.run(new String[] {"--host", "a.test", "--mx", "b.test"}, out)).isEqualTo(2);
        assertThat(CheckMyMailServer.run(new String[] {"--dns-server", "127.0.0.1:99999"}, out)).isEqualTo(2);
        assertThat(CheckMyMailServer.run(new String[] {"--relay"}, out)).isEqualTo(2);
        assertThat(output()).contains("--host and --mx exclude each other", "--dns-server 127.0.0.1:99999: the port",
                "unknown argument: --relay", CheckMyMailServer.USAGE);
    }

    @Test
    void anUnreachableServerFailsWithExitCode1AndEveryCheckExplained() throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        assertThat(run("--host", "127.0.0.1", "--port", String.valueOf(port), "--domain", "contoso.test")).isEqualTo(1);
        assertThat(output()).contains("[FAIL] reachability: connection refused: nothing listens on 127.0.0.1:" + port,
                "Verdict: FAIL -- fix the failures first",
                "  failed: reachability -- connection refused", "  could not run: banner -- ", "  passed: 0 of 12");
        assertThat(output().lines().filter(l -> l.startsWith("[COULD_NOT_RUN] "))).hasSize(11);
    }
}
