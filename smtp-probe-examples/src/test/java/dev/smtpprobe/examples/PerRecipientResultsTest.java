package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Several recipients in one transaction, each answer in the table, DATA only for the accepted ones. */
class PerRecipientResultsTest extends PrintedOutput {

    @Test
    void withoutArgumentsFiveRecipientsGetFourKindsOfAnswerAndTheAcceptedOnesGetTheMessage() {
        assertThat(PerRecipientResults.run(new String[0], out)).as(output()).isZero();

        assertThat(output())
                .containsPattern("(?m)^recipient +code +status +meaning of the status +server said$")
                .containsPattern("(?m)^postmaster@contoso\\.test +250 +2\\.1\\.5 +Success: Destination address valid +Recipient OK$")
                .containsPattern("(?m)^nobody@contoso\\.test +550 +5\\.1\\.10 +Permanent Failure: Recipient address has null MX"
                        + " +RESOLVER\\.ADR\\.RecipientNotFound; Recipient not found by SMTP address lookup$")
                .containsPattern("(?m)^foreign@external\\.test +550 +5\\.7\\.1 +Permanent Failure: Delivery not authorized,"
                        + " message refused +Unable to relay$")
                .containsPattern("(?m)^john\\.doe@contoso\\.test +250 +2\\.1\\.5 ")
                .containsPattern("(?m)^jane\\.doe@contoso\\.test +452 +4\\.5\\.3 +Persistent Transient Failure: Too many"
                        + " recipients +Too many recipients$")
                .contains("2 of 5 recipients accepted.")
                .containsPattern("DATA for postmaster@contoso\\.test, john\\.doe@contoso\\.test: 250 2\\.6\\.0 <\\S+> "
                        + "\\[InternalId=1, Hostname=myserver] Queued mail for delivery  \\(queue id \\S+\\)")
                .contains("Try again, in another transaction or later (4xx): jane.doe@contoso.test")
                .contains("Refused for good (5xx): nobody@contoso.test, foreign@external.test");
    }

    @Test
    void theMessageGoesToTheAcceptedRecipientsOnly() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = PerRecipientResults.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--to", "a@contoso.test,stranger@external.test,b@contoso.test"}, out);

            assertThat(exit).as(output()).isZero();
            assertThat(server.messages()).singleElement().satisfies(m -> {
                assertThat(m.recipients()).containsExactly("a@contoso.test", "b@contoso.test");
                assertThat(m.text()).isEqualTo(SeedWalkthrough.MESSAGE);
            });
        }
        assertThat(output()).contains("2 of 3 recipients accepted.").doesNotContain("embedded");
    }

    @Test
    void whenNoRecipientIsAcceptedNoDataIsSent() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = PerRecipientResults.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--to", "x@external.test,y@elsewhere.test"}, out);

            assertThat(exit).isEqualTo(1);
            assertThat(server.messages()).isEmpty();
        }
        assertThat(output()).contains("0 of 2 recipients accepted.", "No DATA: nobody would receive the message. RSET.")
                .doesNotContain("DATA for");
    }

    @Test
    void anAddressCarryingACommandIsRefusedBeforeItIsSentAndNoMessageGoes() {
        try (var server = EmbeddedExchangeServer.start()) {
            int exit = PerRecipientResults.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--to", "a@contoso.test,b@contoso.test>\r\nDATA"}, out);

            assertThat(exit).isEqualTo(2);
            assertThat(server.messages()).isEmpty();
        }
        assertThat(output()).contains("nothing was sent");
    }

    @Test
    void unknownArgumentPrintsUsage() {
        assertThat(PerRecipientResults.run(new String[] {"--cc", "x"}, out)).isEqualTo(2);
        assertThat(output()).contains("unknown argument: --cc", PerRecipientResults.USAGE);
    }
}
