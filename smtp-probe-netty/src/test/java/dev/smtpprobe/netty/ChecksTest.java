package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.ConnectFailure;
import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.SuiteReport;
import dev.smtpprobe.testing.FakeDnsServer;
import dev.smtpprobe.testing.FakeMta;
import dev.smtpprobe.testing.MtaBehaviour;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every built-in check against a scripted MTA, in its passing and failing variants; and the suite runner. */
class ChecksTest {

    private FakeDnsServer dns;
    private ProbeClient client;
    private FakeMta mta;

    @BeforeEach
    void start() {
        dns = new FakeDnsServer();
        client = ProbeClient.create(ClientOptions.builder()
                        .dns(DnsOptions.servers(dns.address()).withQueryTimeout(Duration.ofMillis(500))).build(),
                ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(3))).build());
    }

    @AfterEach
    void stop() {
        client.close();
        dns.close();
        if (mta != null) {
            mta.close();
        }
    }

    private Finding run(Check check, String greeting, MtaBehaviour behaviour) {
        return run(check, greeting, behaviour, CheckSettings.DEFAULT);
    }

    private Finding run(Check check, String greeting, MtaBehaviour behaviour, CheckSettings settings) {
        mta = FakeMta.start(greeting, behaviour);
        return CheckSuite.run(check, client, CheckTarget.of(mta.host(), mta.port()), settings);
    }

    /** What the server received over all of the check's sessions. */
    private List<String> received() {
        return mta.allLines();
    }

    // reachability

    @Test
    void reachablePassesWithConnectAndGreetingTimes() {
        Finding f = run(Checks.reachability(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).startsWith("connected to 127.0.0.1, 220 greeting after");
        assertThat(f.phase("connect")).isPresent();
        assertThat(f.phase("greeting")).isPresent();
        assertThat(f.replies()).singleElement().satisfies(r -> assertThat(r.code()).isEqualTo(220));
        assertThat(f.transcript().toString()).contains("220 mx.probe.test ESMTP").contains("QUIT");
    }

    @Test
    void refusedConnectionFailsAsServiceDown() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Finding f = CheckSuite.run(Checks.reachability(), client, CheckTarget.of("127.0.0.1", port),
                CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("connection refused: nothing listens on 127.0.0.1:" + port);
        assertThat(f.error()).get().isInstanceOfSatisfying(ConnectFailedException.class,
                e -> assertThat(e.reason()).isEqualTo(ConnectFailure.REFUSED));
        assertThat(f.transcript().toString()).contains("Trying 127.0.0.1:" + port);
    }

    @Test
    void aSilentPortFailsAsNoGreeting() throws Exception {
        try (var silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                var quick = ProbeClient.create(ProbeOptions.builder()
                        .timeouts(Timeouts.all(Duration.ofSeconds(3)).withGreeting(Duration.ofMillis(300))).build())) {
            Finding f = CheckSuite.run(Checks.reachability(), quick, CheckTarget.of("127.0.0.1", silent.getLocalPort()),
                    CheckSettings.DEFAULT);

            assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(f.summary()).isEqualTo("connected, but no greeting within 300 ms: the port accepts TCP but"
                    + " does not speak SMTP (overloaded, tarpitting, or another service)");
        }
    }

    @Test
    void aSilentPortIsTimedAsAQuickConnectAndALongWaitForTheGreeting() throws Exception {
        try (var silent = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                var quick = ProbeClient.create(ProbeOptions.builder()
                        .timeouts(Timeouts.all(Duration.ofSeconds(3)).withGreeting(Duration.ofMillis(600))).build())) {
            Finding f = CheckSuite.run(Checks.reachability(), quick, CheckTarget.of("127.0.0.1", silent.getLocalPort()),
                    CheckSettings.DEFAULT);

            assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
            assertThat(f.phases()).extracting(p -> p.name()).containsExactly("connect", "greeting");
            // a loopback connect takes a few ms; the 600 ms went on waiting for the greeting
            assertThat(f.phase("connect").orElseThrow().elapsed()).isLessThan(Duration.ofMillis(300));
            assertThat(f.phase("greeting").orElseThrow().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(500));
        }
    }

    @Test
    void aRefusedConnectionIsTimedAsConnectOnly() throws Exception {
        int port;
        try (var s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Finding f = CheckSuite.run(Checks.reachability(), client, CheckTarget.of("127.0.0.1", port),
                CheckSettings.DEFAULT);

        assertThat(f.phases()).extracting(p -> p.name()).containsExactly("connect");
    }

    @Test
    void a554GreetingFailsAsRefusedService() {
        Finding f = run(Checks.reachability(), "554 5.7.1 mx.probe.test no SMTP service for you",
                MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo(
                "connected, but the server refuses service: 554 5.7.1 mx.probe.test no SMTP service for you");
    }

    // banner

    @Test
    void bannerNamingTheExpectedHostThatMatchesReverseDnsPasses() {
        dns.ptr("127.0.0.1", "mx.probe.test");

        Finding f = run(Checks.banner(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun(),
                CheckSettings.builder().expectedHost("mx.probe.test").build());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("220 banner names mx.probe.test");
        assertThat(f.details()).contains("banner names mx.probe.test as expected",
                "reverse DNS of 127.0.0.1 is mx.probe.test, as the banner says");
    }

    @Test
    void internalNameAndVersionInTheBannerWarn() {
        dns.ptr("127.0.0.1", "mail.contoso.test");

        Finding f = run(Checks.banner(),
                "220 myserver.contoso.local Microsoft ESMTP MAIL Service, Version: 10.0.17763.1 ready",
                MtaBehaviour.wellRun(), CheckSettings.builder().expectedHost("mail.contoso.test").build());

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.details()).containsExactly(
                "reverse DNS of 127.0.0.1 not compared with the banner: it is a loopback address, not the one the"
                        + " world connects to (PTR mail.contoso.test)",
                "names myserver.contoso.local, an internal name (.local)",
                "names myserver.contoso.local, expected mail.contoso.test",
                "discloses the software version (Microsoft ESMTP MAIL Service 10.0.17763.1)");
        assertThat(f.summary()).startsWith("banner names myserver.contoso.local, an internal name (.local); ");
    }

    @Test
    void singleLabelNamesAndSoftwareVersionsAreRecognised() {
        dns.ptr("127.0.0.1", "exchange01");

        Finding f = run(Checks.banner(), "220 exchange01 ESMTP Exim 4.96 Tue, 24 Nov 2026 10:00:00 +0000",
                MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.details()).containsExactly("reverse DNS of 127.0.0.1 is exchange01, as the banner says",
                "names exchange01, a single-label name", "discloses the software version (Exim 4.96)");
    }

    @Test
    void bannerWithoutReverseDnsStillPassesAndSaysSo() {
        Finding f = run(Checks.banner(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).contains("reverse DNS of 127.0.0.1 not compared with the banner: it is a loopback"
                + " address, not the one the world connects to (no PTR)");
    }

    @Test
    void aLoopbackAddressWhosePtrDiffersFromTheBannerIsNotAWarning() {
        dns.ptr("127.0.0.1", "localhost");

        Finding f = run(Checks.banner(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).containsExactly("reverse DNS of 127.0.0.1 not compared with the banner: it is a"
                + " loopback address, not the one the world connects to (PTR localhost)");
    }

    @Test
    void versionsOfSoftwareNoListNamesAreFoundInTheBanner() {
        Finding python = run(Checks.banner(), "220 mx.probe.test Python SMTP 1.4.3", MtaBehaviour.wellRun());
        assertThat(python.outcome()).isEqualTo(Outcome.WARN);
        assertThat(python.summary()).isEqualTo("banner discloses the software version (Python SMTP 1.4.3)");

        mta.close();
        Finding greenMail = run(Checks.banner(), "220 mx.probe.test GreenMail SMTP Service v2.1.3 ready",
                MtaBehaviour.wellRun());
        assertThat(greenMail.outcome()).isEqualTo(Outcome.WARN);
        assertThat(greenMail.summary()).isEqualTo("banner discloses the software version (SMTP Service v2.1.3)");

        mta.close();
        Finding exim = run(Checks.banner(), "220 exim.probe.test ESMTP Exim 4.96 (smtp-probe test)",
                MtaBehaviour.wellRun());
        assertThat(exim.summary()).isEqualTo("banner discloses the software version (Exim 4.96)");
    }

    @Test
    void addressesTimesAndHostNamesWithDigitsAreNotVersions() {
        Finding f = run(Checks.banner(), "220 mx2.probe.test ESMTP ready [127.0.0.1] at 10:00:00.5 on"
                + " smtp-1.2go.test, Wed, 02 Dec 2026", MtaBehaviour.wellRun());

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aNon220BannerFails() {
        Finding f = run(Checks.banner(), "421 4.3.2 mx.probe.test busy, try later", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("no 220 banner: 421 4.3.2 mx.probe.test busy, try later");
    }

    // EHLO

    @Test
    void ehloAcceptedListsTheExtensions() {
        Finding f = run(Checks.ehlo(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("EHLO accepted, 4 extensions: PIPELINING SIZE ENHANCEDSTATUSCODES 8BITMIME");
        assertThat(f.details()).contains("SIZE 10240000", "the server sees this client as 127.0.0.1");
        assertThat(received().get(0)).isEqualTo("EHLO probe.smtp-probe.invalid");
    }

    @Test
    void ehloRefusedButHeloAcceptedWarns() {
        Finding f = run(Checks.ehlo(), "220 old.probe.test SMTP",
                MtaBehaviour.wellRun().on("EHLO", "502 5.5.1 Command not implemented"));

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("EHLO refused, HELO accepted");
        assertThat(received()).startsWith("EHLO probe.smtp-probe.invalid", "HELO probe.smtp-probe.invalid");
    }

    @Test
    void ehloAndHeloRefusedFail() {
        Finding f = run(Checks.ehlo(), "220 picky.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("EHLO", "550 5.7.1 go away").on("HELO", "550 5.7.1 go away"));

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.replies()).extracting(r -> r.code()).containsExactly(550, 550);
    }

    // the greeting helper custom checks share with the built-ins

    /** A custom check written as a user would, with the public greeting helper. */
    private static final Check CUSTOM_GREETING = Check.of("custom-greeting", ctx -> {
        var hello = ctx.connectAndGreet();
        if (hello.isEmpty()) {
            return ctx.couldNotRun("EHLO and HELO refused");
        }
        return ctx.pass((hello.get().isExtended() ? "EHLO" : "HELO") + " accepted by "
                + hello.get().session().greetingHost());
    });

    @Test
    void aCustomCheckGreetsWithTheEhloThenHeloHelper() {
        Finding f = run(CUSTOM_GREETING, "220 old.probe.test SMTP",
                MtaBehaviour.wellRun().on("EHLO", "502 5.5.1 Command not implemented"));

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("HELO accepted by old.probe.test");
        assertThat(f.replies()).extracting(r -> r.code()).containsExactly(502, 250);
        assertThat(f.phases()).extracting(p -> p.name()).contains("connect", "greeting", "EHLO", "HELO");
        assertThat(received()).startsWith("EHLO probe.smtp-probe.invalid", "HELO probe.smtp-probe.invalid");
    }

    @Test
    void theGreetingHelperSendsNoHeloAfterA421() {
        Finding f = run(CUSTOM_GREETING, "220 busy.probe.test ESMTP",
                MtaBehaviour.wellRun().on("EHLO", "421 4.3.2 shutting down"));

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(f.replies()).extracting(r -> r.code()).containsExactly(421);
        assertThat(received()).noneMatch(line -> line.startsWith("HELO"));
    }

    // open relay

    @Test
    void relayRefusedForEveryFormPassesWithoutEverSendingData() {
        Finding f = run(Checks.openRelay(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("relaying refused for all 5 address forms");
        assertThat(received()).filteredOn(l -> l.startsWith("RCPT TO:")).containsExactly(
                "RCPT TO:<relay-probe@example.net>",
                "RCPT TO:<\"relay-probe@example.net\"@[127.0.0.1]>",
                "RCPT TO:<relay-probe%example.net@[127.0.0.1]>",
                "RCPT TO:<example.net!relay-probe@[127.0.0.1]>",
                "RCPT TO:<@[127.0.0.1]:relay-probe@example.net>");
        assertThat(received()).noneMatch(l -> l.startsWith("DATA")).endsWith("RSET", "QUIT");
        assertThat(f.details()).hasSize(5).allMatch(d -> d.contains("refused 550 5.7.1 Unable to relay"));
    }

    @Test
    void anAcceptedRelayFormFailsAndIsNamed() {
        Finding f = run(Checks.openRelay(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT TO:<relay-probe%", "250 2.1.5 Ok"));

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("open relay: a foreign recipient was accepted in 1 of 5 address forms:"
                + " percent hack <relay-probe%example.net@[127.0.0.1]>");
        assertThat(received()).noneMatch(l -> l.startsWith("DATA"));
        // RSET after the accepted attempt and before QUIT: no transaction is left open
        assertThat(received()).endsWith("RSET", "QUIT");
    }

    @Test
    void anOpenRelayForThePlainFormFails() {
        Finding f = run(Checks.openRelay(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT TO:", "250 2.1.5 Ok"));

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).contains("accepted in 5 of 5 address forms: plain <relay-probe@example.net>");
        assertThat(received()).filteredOn("RSET"::equals).hasSize(5);
    }

    @Test
    void relayRefusedOnlyTemporarilyWarns() {
        Finding f = run(Checks.openRelay(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT TO:", "451 4.7.1 Greylisted, try again later"));

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("relaying refused only temporarily (4xx)");
    }

    @Test
    void aServerThatClosesAfterTooManyErrorsKeepsTheVerdictOfItsRefusals() {
        // stock Exim: smtp_max_synprot_errors = 3, the fourth syntax error gets "501 Too many ..." and the close
        var server = dev.smtpprobe.testing.FakeSmtpServer.builder().hostName("exim.probe.test")
                .handlerPerConnection(peer -> eximLike()).start();
        try (server) {
            Finding f = CheckSuite.run(Checks.openRelay(), client, CheckTarget.of(server.host(), server.port()),
                    CheckSettings.DEFAULT);

            assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
            assertThat(f.summary()).isEqualTo("relaying refused for all 5 address forms");
            assertThat(f.details()).filteredOn(d -> d.contains(": refused ")).hasSize(5);
            assertThat(f.details()).anyMatch(d -> d.startsWith("source route <@[127.0.0.1]:relay-probe@example.net>:"
                    + " refused 501 <@[127.0.0.1]:relay-probe@example.net>: domain literals not allowed / Too many"));
            assertThat(f.error()).isEmpty();
        }
    }

    @Test
    void theFormsLeftAfterTheServerClosedAreTriedOnANewSession() {
        // closes at the second error of a session: forms 2-3 on the first, 4-5 on a second
        var server = dev.smtpprobe.testing.FakeSmtpServer.builder().hostName("strict.probe.test")
                .handlerPerConnection(peer -> closesAfterErrors(1)).start();
        try (server) {
            Finding f = CheckSuite.run(Checks.openRelay(), client, CheckTarget.of(server.host(), server.port()),
                    CheckSettings.DEFAULT);

            assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
            assertThat(f.details()).filteredOn(d -> d.contains(": refused ")).hasSize(5);
            assertThat(server.connectionCount()).isEqualTo(2);
            assertThat(f.details()).contains("reconnecting for the forms from \"bang path\" on");
        }
    }

    @Test
    void aFormNoSessionAnswersIsNamedAndTheRefusalsStillCount() {
        Finding f = run(Checks.openRelay(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT TO:<example.net!", null));

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("relaying refused for 4 of 5 address forms; not answered (the server ended"
                + " the session): bang path");
        assertThat(f.error()).isEmpty();
    }

    /** Exim's answers to the relay forms, closing after the fourth syntax error as stock Exim does. */
    private static dev.smtpprobe.testing.CommandHandler eximLike() {
        return closesAfterErrors(3);
    }

    /** Refuses relaying (550), address literals with 501; the error after {@code allowed} gets "Too many" and the close. */
    private static dev.smtpprobe.testing.CommandHandler closesAfterErrors(int allowed) {
        int[] errors = {0};
        return command -> {
            if (!command.is("RCPT")) {
                return null;
            }
            String address = command.argument().substring(command.argument().indexOf('<'));
            if (!address.contains("[")) {
                return dev.smtpprobe.testing.Response.of("550 relay not permitted");
            }
            String message = address + ": domain literals not allowed";
            if (++errors[0] > allowed) {
                return dev.smtpprobe.testing.Response.lines("501-" + message, "501 Too many syntax or protocol errors")
                        .thenClose();
            }
            return dev.smtpprobe.testing.Response.of("501 " + message);
        };
    }

    @Test
    void senderRefusedAtMailCountsAsRefused() {
        Finding f = run(Checks.openRelay(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("MAIL FROM:", "530 5.7.0 Authentication required"));

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).allMatch(d -> d.endsWith("MAIL FROM refused: 530 5.7.0 Authentication required"));
        assertThat(received()).noneMatch(l -> l.startsWith("RCPT"));
    }

    // AUTH exposure

    @Test
    void plainAndLoginBeforeTlsWarn() {
        Finding f = run(Checks.authExposure(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("EHLO", "250-mx.probe.test\r\n250-AUTH PLAIN LOGIN CRAM-MD5\r\n250 8BITMIME"));

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("AUTH LOGIN PLAIN offered before TLS: passwords can travel in clear text");
        assertThat(f.details()).contains("no STARTTLS offered: AUTH can only happen in clear text");
        assertThat(received()).noneMatch(l -> l.startsWith("AUTH"));
    }

    @Test
    void noAuthBeforeTlsPasses() {
        Finding f = run(Checks.authExposure(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("no AUTH offered before TLS");
    }

    @Test
    void challengeMechanismsBeforeTlsPass() {
        Finding f = run(Checks.authExposure(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("EHLO", "250-mx.probe.test\r\n250 AUTH CRAM-MD5 SCRAM-SHA-256"));

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo(
                "AUTH before TLS only with mechanisms that do not send the password: CRAM-MD5 SCRAM-SHA-256");
    }

    // VRFY / EXPN

    @Test
    void vrfy252AndExpn502DiscloseNothing() {
        Finding f = run(Checks.vrfyExpn(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo("VRFY and EXPN disclose nothing (VRFY 252, EXPN 502)");
    }

    @Test
    void vrfyThatConfirmsAndExpnThatExpandsWarn() {
        Finding f = run(Checks.vrfyExpn(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("VRFY postmaster", "250 2.1.5 Postmaster <postmaster@probe.test>")
                .on("VRFY", "550 5.1.1 unknown user")
                .on("EXPN", "250-2.1.5 Alice <alice@probe.test>\r\n250 2.1.5 Bob <bob@probe.test>"));

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo(
                "VRFY confirms mailboxes (250); EXPN expands lists (250): addresses can be harvested");
    }

    @Test
    void vrfyThatTellsUsersApartWarns() {
        Finding f = run(Checks.vrfyExpn(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("VRFY no-such-user", "550 5.1.1 unknown user"));

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).contains("VRFY answers 252 for postmaster but 550 for a made-up user");
    }

    @Test
    void vrfyAsksBothAddressesQualifiedWithTheMailDomain() {
        Finding f = run(Checks.vrfyExpn(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun(),
                CheckSettings.builder().mailDomain("probe.test").build());

        assertThat(received()).filteredOn(l -> l.startsWith("VRFY")).hasSize(2)
                .allMatch(l -> l.endsWith("@probe.test")).first().isEqualTo("VRFY postmaster@probe.test");
        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void aSyntaxErrorForTheMadeUpUserIsNotUserEnumeration() {
        // stock Exim without acl_smtp_vrfy: 252 for what it would accept, 501 for a name it cannot parse
        Finding f = run(Checks.vrfyExpn(), "220 exim.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("VRFY postmaster", "252 Administrative prohibition")
                .on("VRFY", "501 no-such-user: recipient address must contain a domain"));

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.details()).anyMatch(d -> d.startsWith("the made-up address got 501, an error about the command"));
    }

    // postmaster and abuse

    @Test
    void a503AfterAnAcceptedNullSenderIsTheServersSequenceErrorNotARefusedPostmaster() {
        // GreenMail: MAIL FROM:<> -> 250, then RCPT -> 503 MAIL must come before RCPT
        Finding f = run(Checks.postmasterAndAbuse(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT", "503 MAIL must come before RCPT"), CheckSettings.builder().mailDomain("probe.test").build());

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).startsWith("sequence error of the server: MAIL FROM:<> got 250, then RCPT got 503"
                + " (bad sequence of commands)").doesNotContain("postmaster@probe.test refused");
        assertThat(received()).filteredOn(l -> l.startsWith("RCPT")).containsExactly("RCPT TO:<postmaster@probe.test>");
    }

    @Test
    void postmasterAndAbuseAcceptedPassWithoutData() {
        Finding f = run(Checks.postmasterAndAbuse(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun(),
                CheckSettings.builder().mailDomain("probe.test").build());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(received()).containsExactly("EHLO probe.smtp-probe.invalid", "MAIL FROM:<>",
                "RCPT TO:<postmaster@probe.test>", "RCPT TO:<postmaster>", "RCPT TO:<abuse@probe.test>", "RSET",
                "QUIT");
    }

    @Test
    void refusedPostmasterFailsAndRefusedAbuseWarns() {
        Finding f = run(Checks.postmasterAndAbuse(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT TO:<postmaster@", "550 5.1.1 User unknown"), CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo("postmaster@mx.probe.test refused: 550 5.1.1 User unknown");

        mta.close();
        Finding abuse = run(Checks.postmasterAndAbuse(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("RCPT TO:<abuse@", "550 5.1.1 User unknown"), CheckSettings.DEFAULT);
        assertThat(abuse.outcome()).isEqualTo(Outcome.WARN);
        assertThat(abuse.summary()).isEqualTo("abuse@mx.probe.test refused (RFC 2142): 550 5.1.1 User unknown");
    }

    @Test
    void refusedNullSenderMeansTheCheckCouldNotRun() {
        Finding f = run(Checks.postmasterAndAbuse(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun()
                .on("MAIL FROM:<>", "550 5.7.1 no bounces here"));

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(received()).noneMatch(l -> l.startsWith("RCPT"));
    }

    // timing

    @Test
    void promptServerPassesTiming() {
        Finding f = run(Checks.timing(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.phases()).extracting(p -> p.name()).containsExactly("connect", "greeting", "EHLO", "NOOP", "RSET");
    }

    @Test
    void aDelayedGreetingIsReportedAsTarpitting() {
        mta = FakeMta.start("220 slow.probe.test ESMTP", Duration.ofMillis(400), MtaBehaviour.wellRun());

        Finding f = CheckSuite.run(Checks.timing(), client, CheckTarget.of(mta.host(), mta.port()),
                CheckSettings.builder().slowGreeting(Duration.ofMillis(200)).build());

        assertThat(f.outcome()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).startsWith("slow: greeting after ").endsWith("ms (tarpitting, or an overloaded server)");
        // the server waits 400 ms from its accept; the client's clock starts when its connect completes, a hair later
        assertThat(f.phase("greeting").orElseThrow().elapsed()).isGreaterThanOrEqualTo(Duration.ofMillis(350));
    }

    // the runner

    @Test
    void aBrokenConversationBecomesCouldNotRunWithItsTranscript() {
        Finding f = run(Checks.ehlo(), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun().on("EHLO", null));

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(f.error()).isPresent();
        assertThat(f.transcript().toString()).contains("EHLO probe.smtp-probe.invalid");
    }

    @Test
    void aUserCheckIsWrittenLikeTheBuiltInsAndItsSessionIsClosedPolitely() {
        Check holdsATransaction = Check.of("greeting-esmtp", ctx -> {
            var session = ctx.connect();
            ctx.step("MAIL", session.ehlo("me.test").mailFrom("a@probe.test"));
            return ctx.evidence(session.greeting()).text().contains("ESMTP") ? ctx.pass("says ESMTP")
                    : ctx.warn("no ESMTP");
        });

        Finding f = run(holdsATransaction, "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.toString()).isEqualTo("[PASS] greeting-esmtp: says ESMTP");
        assertThat(received()).containsExactly("EHLO me.test", "MAIL FROM:<a@probe.test>", "RSET", "QUIT");
        assertThat(f.transcript().sent()).endsWith("RSET", "QUIT");
    }

    @Test
    void aCheckThatThrowsIsReportedNotPropagated() {
        Finding f = run(Check.of("buggy", ctx -> {
            ctx.connect();
            throw new IllegalStateException("oops");
        }), "220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(f.summary()).isEqualTo("check failed: IllegalStateException: oops");
        assertThat(received()).containsExactly("QUIT");
    }

    @Test
    void theStandardSuiteRunsEveryCheckOneConnectionAtATime() {
        dns.ptr("127.0.0.1", "mx.probe.test");
        mta = FakeMta.start("220 mx.probe.test ESMTP", MtaBehaviour.wellRun());

        SuiteReport report = CheckSuite.standard().withSettings(CheckSettings.builder().mailDomain("probe.test")
                .expectedHost("mx.probe.test").build()).run(client, mta.host(), mta.port());

        assertThat(report.findings()).extracting(Finding::check).containsExactly("reachability", "banner", "ehlo",
                "starttls", "auth-exposure", "open-relay", "vrfy-expn", "postmaster-abuse", "timing", "esmtp-facts", "tls-quality");
        assertThat(report.finding("starttls").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
        assertThat(report.finding("tls-quality").orElseThrow().outcome()).isEqualTo(Outcome.FAIL);
        // the scripted MTA announces SIZE 10240000 and accepts any declared SIZE at MAIL
        assertThat(report.finding("esmtp-facts").orElseThrow().summary())
                .startsWith("SIZE 10240000 announced but a declared SIZE=10240001 was accepted at MAIL");
        assertThat(report.findings(Outcome.PASS)).hasSize(8);
        assertThat(report.worst()).isEqualTo(Outcome.FAIL);
        assertThat(mta.sessions()).hasSize(11).allSatisfy(lines -> assertThat(lines).last().isEqualTo("QUIT"));
        assertThat(mta.allLines()).noneMatch(l -> l.startsWith("DATA"));
        assertThat(report.toString()).contains("[FAIL] starttls: STARTTLS not offered").contains("Overall: FAIL");
    }
}
