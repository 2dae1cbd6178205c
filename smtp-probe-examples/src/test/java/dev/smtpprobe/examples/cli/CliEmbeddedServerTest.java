package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** In process, without --server: the embedded server is started for the run and the seed conversation held with it. */
class CliEmbeddedServerTest {

    @Test
    void withoutArgumentsTheSeedMessageIsQueued() {
        CliRun run = CliRun.run();
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.err()).isEmpty();
        assertThat(run.out())
                .contains("=== no --server: talking to the embedded server myserver.contoso.com on 127.0.0.1:")
                .contains("<-  220 myserver.contoso.com Microsoft ESMTP MAIL Service ready at ")
                .contains(" -> EHLO mail.alternatecontoso.test", " -> MAIL FROM:<someone@alternatecontoso.test>",
                        " -> RCPT TO:<postmaster@contoso.test>", "=== 2.1.5: Success: Destination address valid",
                        " -> Subject: test Sun, 29 Nov 2026 10:00:00 +0000", " -> This is a test mailing",
                        " -> QUIT", "<-  221 2.0.0 Service closing transmission channel")
                .containsPattern("<-  250 2\\.6\\.0 <\\S+> \\[InternalId=1, Hostname=myserver] Queued mail for delivery\n"
                        + "=== 2\\.6\\.0: Success: Other or undefined media error\n=== queue id: \\S+\n");
    }

    @Test
    void theRelayTestEndsWithTheRcptExitCode() {
        CliRun run = CliRun.run("--to", "foreign@external.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.out()).contains("<-  550 5.7.1 Unable to relay",
                "=== 5.7.1: Permanent Failure: Delivery not authorized, message refused").doesNotContain(" -> DATA");
        assertThat(run.err()).contains("*** no recipient was accepted: foreign@external.test 550 5.7.1 Unable to relay");
    }

    @Test
    void oneAcceptedRecipientIsEnoughAndAnExplanationIsGivenOnce() {
        CliRun run = CliRun.run("--to", "foreign@external.test,postmaster@contoso.test,other@external.test");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out().split("=== 5\\.7\\.1: ", -1)).hasSize(2);
        assertThat(run.out()).contains(" -> DATA", " -> To: foreign@external.test, postmaster@contoso.test, other@external.test");
    }

    @Test
    void quitAfterRcptSendsNoMessage() {
        CliRun run = CliRun.run("--quit-after", "rcpt");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(" -> RCPT TO:<postmaster@contoso.test>", " -> QUIT").doesNotContain(" -> DATA");
    }

    @Test
    void quitAfterEhloStopsBeforeStartTls() {
        CliRun run = CliRun.run("--tls", "--quit-after", "ehlo");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("<-  250 STARTTLS", " -> QUIT").doesNotContain(" -> STARTTLS");
    }

    @Test
    void startTlsAndAuthLoginWithTheDemoAccountMarkTheTlsLinesAndHideThePassword() {
        CliRun run = CliRun.run("--tls", "--auth", "login");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(" -> STARTTLS", "=== TLS started: TLSv1.", "trusted yes",
                " ~> EHLO mail.alternatecontoso.test", "<~  250 AUTH LOGIN PLAIN", " ~> AUTH LOGIN", "<~  334 VXNlcm5hbWU6",
                " ~> <redacted>", "<~  235 2.7.0 Authentication successful", " ~> MAIL FROM:", "<~  250 2.6.0");
        assertThat(run.all()).doesNotContain("demo-password").doesNotContain("ZGVtby1wYXNzd29yZA"); // nor its base64
    }

    @Test
    void aTypedPasswordIsNeverPrinted() {
        CliRun run = CliRun.run(Map.of(), Optional.of("Typed-Secret-99"), "--tls", "--auth", "plain", "--auth-user",
                "admin@contoso.test", "--auth-password", "--json");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.all()).contains("AUTH PLAIN <redacted>").doesNotContain("Typed-Secret-99");
    }

    @Test
    void tlsOptionalUsesStartTlsWhenOffered() {
        CliRun run = CliRun.run("--tls-optional", "--quit-after", "tls");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains("=== TLS started:", " ~> QUIT").doesNotContain(" ~> EHLO");
    }

    @Test
    void pipelineSendsTheEnvelopeAsOneBatch() {
        CliRun run = CliRun.run("--pipeline", "--to", "postmaster@contoso.test,foreign@external.test");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).containsSubsequence(" -> MAIL FROM:", " -> RCPT TO:<postmaster@contoso.test>",
                " -> RCPT TO:<foreign@external.test>", " -> DATA", "<-  250 2.1.0 Sender OK", "<-  550 5.7.1 Unable to relay",
                "<-  354 ").doesNotContain("PIPELINING not offered");
    }

    @Test
    void headersAndBodyShapeTheMessage() {
        CliRun run = CliRun.run("--header", "Subject: hello there", "--header", "X-Probe: 1", "--body", "-");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(run.out()).contains(" -> Subject: hello there", " -> X-Probe: 1", " -> body from stdin")
                .doesNotContain("Subject: test");
    }

    @Test
    void theEmbeddedServerTakesTheMessageInBdatChunksWithSizeAndBinaryMime() {
        CliRun run = CliRun.run("--body-type", "binarymime", "--chunk-size", "64", "--size", "--json");
        assertThat(run.exit()).as(run.all()).isZero();
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.replies()).extracting(r -> (String) r.get("step")).startsWith("banner", "ehlo", "mail", "rcpt")
                .contains("bdat").endsWith("quit").doesNotContain("data", "rset");
        assertThat(doc.transcript()).extracting(e -> (String) e.get("line"))
                .anyMatch(l -> l.matches("MAIL FROM:<someone@alternatecontoso.test> SIZE=\\d+ BODY=BINARYMIME"))
                .anyMatch(l -> l.equals("BDAT 64")).anyMatch(l -> l.matches("BDAT \\d+ LAST"));
    }

    @Test
    void jsonIsOneDocumentWithEveryReply() {
        CliRun run = CliRun.run("--json", "--to", "foreign@external.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(24);
        assertThat(run.err()).as("in JSON mode the outcome is in the document").isEmpty();
        var doc = JsonDocument.parse(run.out()).assertRoundTrips();
        assertThat(doc.map()).containsEntry("exitCode", 24).containsEntry("exitMeaning", "no RCPT TO was accepted")
                .containsEntry("reason", "no recipient was accepted: foreign@external.test 550 5.7.1 Unable to relay");
        assertThat(doc.replies()).extracting(r -> r.get("step") + " " + r.get("code"))
                .containsExactly("banner 220", "ehlo 250", "mail 250", "rcpt 550", "rset 250", "quit 221");
        assertThat(doc.replies().get(3)).containsEntry("enhancedStatus", "5.7.1");
        assertThat(doc.replies()).extracting(r -> String.valueOf(r.get("command")).replaceAll("[ :].*", ""))
                .as("each reply with its command as sent: the session's exchanges")
                .containsExactly("", "EHLO", "MAIL", "RCPT", "RSET", "QUIT");
        assertThat(doc.replies().get(3)).containsEntry("command", "RCPT TO:<foreign@external.test>");
    }
}
