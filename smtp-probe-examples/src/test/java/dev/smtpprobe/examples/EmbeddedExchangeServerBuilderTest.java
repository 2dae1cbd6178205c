package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Transaction;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The embedded server's settings beyond the seed: open relay, known mailboxes, recipient limit. */
class EmbeddedExchangeServerBuilderTest {

    private static ProbeClient client;

    @BeforeAll
    static void startClient() {
        client = Probe.client();
    }

    @AfterAll
    static void closeClient() {
        client.close();
    }

    /** Opens a transaction on the server, lets {@code recipients} add RCPTs, and returns each RCPT's reply line. */
    private static java.util.List<String> replies(EmbeddedExchangeServer server, Function<Transaction, Transaction> recipients) {
        try (server; var session = client.connect(server.host(), server.port())) {
            Transaction tx = recipients.apply(session.ehlo("probe.test").mailFrom("someone@alternatecontoso.test"));
            return tx.recipients().stream().map(RecipientReply::reply).map(Object::toString).toList();
        }
    }

    @Test
    void openRelayAcceptsAForeignRecipient() {
        assertThat(replies(EmbeddedExchangeServer.builder().openRelay().start(), tx -> tx.rcptTo("foreign@external.test")))
                .containsExactly("250 2.1.5 Recipient OK");
    }

    @Test
    void withMailboxesAnUnknownAddressGetsExchangesRecipientNotFound() {
        var server = EmbeddedExchangeServer.builder().mailboxes("John.Doe@contoso.test").start();

        assertThat(replies(server, tx -> tx.rcptTo("john.doe@contoso.test").rcptTo("nobody@contoso.test")
                .rcptTo("postmaster@contoso.test").rcptTo("foreign@external.test")))
                .containsExactly("250 2.1.5 Recipient OK",
                        "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup",
                        "250 2.1.5 Recipient OK", "550 5.7.1 Unable to relay");
    }

    @Test
    void pastTheRecipientLimitRcptGetsATransientFailure() {
        var server = EmbeddedExchangeServer.builder().maxRecipients(1).start();

        assertThat(replies(server, tx -> tx.rcptTo("a@contoso.test").rcptTo("foreign@external.test").rcptTo("b@contoso.test")))
                .containsExactly("250 2.1.5 Recipient OK", "452 4.5.3 Too many recipients", "452 4.5.3 Too many recipients");
    }

    @Test
    void theSeedServerRefusesRelayAndKnowsEveryAddress() {
        assertThat(replies(EmbeddedExchangeServer.start(), tx -> tx.rcptTo("anyone@contoso.test").rcptTo("foreign@external.test")))
                .containsExactly("250 2.1.5 Recipient OK", "550 5.7.1 Unable to relay");
    }

    @Test
    void aRecipientLimitBelowOneIsRefused() {
        assertThatThrownBy(() -> EmbeddedExchangeServer.builder().maxRecipients(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }
}
