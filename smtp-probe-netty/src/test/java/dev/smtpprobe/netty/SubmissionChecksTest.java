package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.Submission;
import dev.smtpprobe.check.SuiteReport;
import dev.smtpprobe.testing.CommandHandler;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.Response;
import dev.smtpprobe.testing.ServerCertificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Submission mode against scripted submission servers (RFC 6409): STARTTLS or implicit TLS and AUTH before the
 * checks that send MAIL, AUTH only over TLS, no relaying without AUTH, relaying after it only from the user's own
 * sender.
 */
class SubmissionChecksTest {

    private static final String HOST = "submit.probe.test";
    private static final ServerCertificate CERT = ServerCertificate.forHost(HOST);
    private static final Submission ALICE = Submission.login("alice@probe.test", "wonderland");

    private FakeSmtpServer server;
    private ProbeClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private ProbeClient client(TlsMode mode) {
        client = ProbeClient.create(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5)))
                .tls(TlsOptions.builder().mode(mode).trustStore(CERT.trustStore()).serverName(HOST).build()).build());
        return client;
    }

    /**
     * A submission server: 530 to MAIL before AUTH (Dovecot's reply), every recipient after it; with
     * {@code ownSendersOnly}, a sender other than the login refused with 553 (Postfix's
     * reject_sender_login_mismatch); with {@code authInClear}, AUTH PLAIN LOGIN offered before STARTTLS too.
     */
    private FakeSmtpServer.Builder submissionServer(boolean ownSendersOnly, boolean authInClear) {
        return FakeSmtpServer.builder().hostName(HOST).startTls(CERT.serverContext()).user("alice@probe.test",
                "wonderland").handlerPerConnection(peer -> state(ownSendersOnly, authInClear));
    }

    private static CommandHandler state(boolean ownSendersOnly, boolean authInClear) {
        boolean[] authed = {false};
        boolean[] tls = {false};
        return command -> {
            switch (command.verb()) {
                case "STARTTLS" -> tls[0] = true;
                case "AUTH" -> authed[0] = true;
                case "EHLO" -> {
                    if (authInClear && !tls[0]) {
                        return Response.lines("250-" + HOST, "250-STARTTLS", "250-AUTH PLAIN LOGIN", "250 8BITMIME");
                    }
                }
                case "MAIL" -> {
                    if (!authed[0]) {
                        return Response.of("530 5.7.0 Authentication required.");
                    }
                    if (ownSendersOnly && !command.argument().startsWith("FROM:<alice@probe.test>")) {
                        return Response.of("553 5.7.1 Sender address rejected: not owned by user alice@probe.test");
                    }
                }
                default -> { }
            }
            return null;
        };
    }

    private Finding run(dev.smtpprobe.check.Check check, Submission login, TlsMode mode) {
        return CheckSuite.run(check, client(mode), CheckTarget.of(server.host(), server.port()),
                CheckSettings.builder().submission(login).build());
    }

    @Test
    void theTransactionChecksLogInInsideTlsBeforeMail() {
        server = submissionServer(true, false).start();

        Finding f = run(Checks.submissionRelay(), ALICE.withSender("alice@probe.test"), TlsMode.NONE);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).isEqualTo(
                "relays for the authenticated user only from the user's own sender <alice@probe.test>");
        assertThat(f.transcript().sent()).containsSubsequence("EHLO probe.smtp-probe.invalid", "STARTTLS",
                "EHLO probe.smtp-probe.invalid", "MAIL FROM:<alice@probe.test>", "RCPT TO:<relay-probe@example.net>",
                "RSET", "MAIL FROM:<relay-probe@example.com>");
        assertThat(f.transcript().sent()).noneMatch(l -> l.startsWith("DATA"));
        assertThat(server.receivedBeforeTls()).doesNotContain("AUTH");
        assertThat(server.session(0).authenticatedUser()).contains("alice@probe.test");
        assertThat(f.details()).first().asString().startsWith("logged in as alice@probe.test with PLAIN inside TLSv1.");
    }

    @Test
    void anAuthenticatedUserWhoMaySendAsAnyoneWarns() {
        server = submissionServer(false, false).start();

        Finding f = run(Checks.submissionRelay(), ALICE.withSender("alice@probe.test"), TlsMode.NONE);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.WARN);
        assertThat(f.summary()).isEqualTo("relays for the authenticated user, also from <relay-probe@example.com>,"
                + " which is not alice@probe.test's own sender: any account can send as anyone (RFC 6409 §6.1)");
    }

    @Test
    void withoutAnOwnSenderTheOwnershipIsNotJudgedAndSaysSo() {
        server = submissionServer(false, false).start();

        Finding f = run(Checks.submissionRelay(), ALICE, TlsMode.NONE);

        assertThat(f.outcome()).isEqualTo(Outcome.PASS);
        assertThat(f.summary()).endsWith("sender ownership not judged: no own sender given");
        assertThat(f.transcript().sent()).filteredOn(l -> l.startsWith("MAIL")).containsExactly(
                "MAIL FROM:<alice@probe.test>");
    }

    @Test
    void aRefusedLoginFailsTheAuthCheckAndStopsTheRelayCheck() {
        server = submissionServer(false, false).start();
        Submission wrong = Submission.login("alice@probe.test", "not-the-password");

        Finding auth = run(Checks.submissionAuth(), wrong, TlsMode.NONE);
        assertThat(auth.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(auth.summary()).startsWith("the login did not succeed: AUTH PLAIN as alice@probe.test refused: 535");

        Finding relay = run(Checks.submissionRelay(), wrong, TlsMode.NONE);
        assertThat(relay.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(relay.transcript().sent()).noneMatch(l -> l.startsWith("MAIL"));
    }

    @Test
    void authOnlyInsideTlsPassesAndAuthInClearTextWarns() {
        server = submissionServer(false, false).start();
        Finding good = run(Checks.submissionAuth(), ALICE, TlsMode.NONE);
        assertThat(good.outcome()).as(good.report()).isEqualTo(Outcome.PASS);
        assertThat(good.summary()).startsWith("AUTH only over TLS; logged in as alice@probe.test with PLAIN inside TLS");
        assertThat(good.details()).contains("before TLS: AUTH not offered");
        server.close();
        client.close();

        server = submissionServer(false, true).start();
        Finding clear = run(Checks.submissionAuth(), ALICE, TlsMode.NONE);
        assertThat(clear.outcome()).as(clear.report()).isEqualTo(Outcome.WARN);
        assertThat(clear.summary()).startsWith("AUTH LOGIN PLAIN offered before TLS");
        assertThat(server.receivedBeforeTls()).doesNotContain("AUTH");
    }

    @Test
    void withoutStartTlsThePasswordIsNeverSent() {
        server = FakeSmtpServer.builder().hostName(HOST).user("alice@probe.test", "wonderland").start();

        Finding f = run(Checks.submissionAuth(), ALICE, TlsMode.NONE);

        assertThat(f.outcome()).isEqualTo(Outcome.FAIL);
        assertThat(f.summary()).isEqualTo(
                "the login did not succeed: STARTTLS not offered: the password is not sent in clear text");
        assertThat(server.receivedText()).doesNotContain("AUTH");
    }

    @Test
    void implicitTlsLogsInWithoutStartTls() {
        server = FakeSmtpServer.builder().hostName(HOST).implicitTls(CERT.serverContext())
                .user("alice@probe.test", "wonderland").handlerPerConnection(peer -> state(true, false)).start();

        Finding f = run(Checks.submissionRelay(), ALICE.withSender("alice@probe.test"), TlsMode.IMPLICIT);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.transcript().sent()).doesNotContain("STARTTLS");
    }

    @Test
    void theSubmissionSuiteLogsInWhereMxChecksWouldEndCouldNotRun() {
        server = submissionServer(true, false).start();

        SuiteReport report = CheckSuite.submission(ALICE.withSender("alice@probe.test"))
                .run(client(TlsMode.NONE), CheckTarget.of(server.host(), server.port()));

        assertThat(report.findings()).extracting(Finding::check).containsExactly("reachability", "banner", "ehlo",
                "starttls", "submission-auth", "open-relay", "submission-relay", "vrfy-expn", "timing");
        assertThat(report.findings(Outcome.COULD_NOT_RUN)).isEmpty();
        Finding relay = report.finding("open-relay").orElseThrow();
        assertThat(relay.outcome()).isEqualTo(Outcome.PASS);
        assertThat(relay.summary()).isEqualTo("relaying refused without authentication for all 5 address forms");
        assertThat(relay.details()).allMatch(d -> d.endsWith("MAIL FROM refused: 530 5.7.0 Authentication required."));
        assertThat(report.finding("submission-relay").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
        assertThat(report.finding("submission-auth").orElseThrow().outcome()).isEqualTo(Outcome.PASS);
    }

    @Test
    void thePostmasterCheckLogsInFirstInSubmissionMode() {
        server = submissionServer(false, false).start();

        Finding f = run(Checks.postmasterAndAbuse(), ALICE, TlsMode.NONE);

        assertThat(f.outcome()).as(f.report()).isEqualTo(Outcome.PASS);
        assertThat(f.transcript().sent()).containsSubsequence("STARTTLS", "MAIL FROM:<>");
    }

    @Test
    void theSubmissionChecksWithoutALoginCouldNotRunAndSaySo() {
        server = submissionServer(false, false).start();

        Finding f = CheckSuite.run(Checks.submissionAuth(), client(TlsMode.NONE),
                CheckTarget.of(server.host(), server.port()), CheckSettings.DEFAULT);

        assertThat(f.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(f.summary()).startsWith("no submission login given");
        assertThat(server.connectionCount()).isZero();
    }

    @Test
    void theLoginsPasswordIsNeverShown() {
        Submission login = Submission.login("alice@probe.test", "wonderland").withSender("alice@probe.test");

        assertThat(login.toString()).doesNotContain("wonderland").contains("password=***");
        assertThat(CheckSettings.builder().submission(login).build().toString()).doesNotContain("wonderland");
        assertThat(CheckSettings.builder().submission(login).build().toBuilder().build().submission()).contains(login);
        assertThat(List.of(login)).isNotEmpty();
    }
}
