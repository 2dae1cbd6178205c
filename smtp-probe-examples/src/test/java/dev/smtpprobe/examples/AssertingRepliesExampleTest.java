package dev.smtpprobe.examples;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.assertj.SmtpSoftAssertions;
import org.assertj.core.api.junit.jupiter.InjectSoftAssertions;
import org.assertj.core.api.junit.jupiter.SoftAssertionsExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Asserting replies in a JUnit test against your own server: the checks a mail team writes for its MTA, here
 * against the embedded Exchange-like server. To test your server, connect to its host and port instead and put
 * in its names and domains.
 *
 * <p>A negative reply is a value: the relay test expects {@code 550 5.7.1} and says so. Only a broken
 * conversation (no connection, a timeout) throws.
 */
@ExtendWith(SoftAssertionsExtension.class)
class AssertingRepliesExampleTest {

    private static EmbeddedExchangeServer server;
    private static ProbeClient client;

    @InjectSoftAssertions
    private SmtpSoftAssertions softly;

    private SmtpSession session;
    private Hello hello;

    @BeforeAll
    static void startServer() {
        server = EmbeddedExchangeServer.start(); // your server: skip this, connect to "mx.contoso.test", 25
        client = Probe.client();
    }

    @AfterAll
    static void stopServer() {
        client.close();
        server.close();
    }

    @BeforeEach
    void greet() {
        session = client.connect(server.host(), server.port());
        hello = session.ehlo("mail.alternatecontoso.test");
    }

    @AfterEach
    void quit() {
        session.close(); // sends QUIT
    }

    @Test
    void greetsWithItsPublicNameAndOffersItsExtensions() {
        assertThat(session).isPositive().hasGreetingHost("myserver.contoso.com").doesNotUseTls();
        assertThat(hello).isPositive()
                .capabilities()
                .hasServerName("myserver.contoso.com")
                .supportsPipelining()
                .supportsChunking()
                .supportsEnhancedStatusCodes()
                .hasMaxSize(37_748_736)
                .offersNoAuth();
    }

    @Test
    void acceptsMailForItsOwnDomainAndQueuesIt() {
        var tx = hello.mailFrom("someone@alternatecontoso.test").rcptTo("postmaster@contoso.test");
        assertThat(tx).hasAcceptedRecipients("postmaster@contoso.test").hasEnhancedStatus("2.1.5");

        var sent = tx.data("Subject: test\r\n\r\nhello\r\n");
        assertThat(sent).isQueued().hasQueueId().hasEnhancedStatus("2.6.0");
        assertThat(sent.queueId()).contains(server.messages().get(server.messages().size() - 1).queueId());
    }

    @Test
    void refusesToRelayForAForeignDomain() {
        assertThat(hello.mailFrom("someone@alternatecontoso.test").rcptTo("x@elsewhere.test"))
                .isPermanentFailure()
                .hasEnhancedStatus("5.7.1")
                .textContains("Unable to relay");
        assertThat(session.transcript()).hasNotSent("DATA");
    }

    @Test
    void checksSoftlyToSeeEveryWrongReplyInOneRun() {
        var tx = hello.mailFrom("someone@alternatecontoso.test")
                .rcptTo("postmaster@contoso.test")
                .rcptTo("x@elsewhere.test");

        // each failure is collected; the extension reports them all when the test ends
        softly.assertThat(session).greeting().isPositive().textContains("ESMTP");
        softly.assertThat(hello).capabilities().supports("BINARYMIME").supports("8BITMIME");
        softly.assertThat(tx).mailReply().hasEnhancedStatus("2.1.0");
        softly.assertThat(tx).recipient("postmaster@contoso.test").isPositive();
        softly.assertThat(tx).recipient("x@elsewhere.test").isPermanentFailure().hasEnhancedStatus("5.7.1");
        softly.assertThat(tx.transcript()).sentInOrder("EHLO mail.alternatecontoso.test",
                "MAIL FROM:<someone@alternatecontoso.test>", "RCPT TO:<x@elsewhere.test>");
    }

    @Test
    void aFailureTellsTheWholeStory() {
        var tx = hello.mailFrom("someone@alternatecontoso.test").rcptTo("x@elsewhere.test");

        // what a red test prints if the server relayed when it should not (here: the opposite expectation)
        assertThatThrownBy(() -> assertThat(tx).isPositive())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the reply to RCPT TO:<x@elsewhere.test>\n  to be positive")
                .hasMessageContaining("550 5.7.1 Unable to relay")
                .hasMessageContaining("enhanced status 5.7.1: Permanent Failure: Delivery not authorized, message refused")
                .hasMessageContaining("<-  220 myserver.contoso.com Microsoft ESMTP")
                .hasMessageContaining(" -> RCPT TO:<x@elsewhere.test>");
    }
}
