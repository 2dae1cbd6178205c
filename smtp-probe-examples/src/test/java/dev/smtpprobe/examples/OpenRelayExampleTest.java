package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Reply;
import dev.smtpprobe.examples.OpenRelayExample.Verdict;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The open-relay check against a closed and an open embedded server, run the way {@code main} runs it. */
class OpenRelayExampleTest extends PrintedOutput {

    private static String[] hostArgs(EmbeddedExchangeServer server, String... more) {
        var args = new ArrayList<>(List.of("--host", server.host(), "--port", String.valueOf(server.port())));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void withoutArgumentsTheEmbeddedServerRefusesToRelayAndThatIsTheGoodAnswer() {
        assertThat(OpenRelayExample.run(new String[0], out)).as(output()).isZero();

        assertThat(output()).contains(
                " -> MAIL FROM:<someone@alternatecontoso.test>",
                " -> RCPT TO:<foreign@external.test>",
                "<-  550 5.7.1 Unable to relay",
                "  answer:  550 5.7.1 Unable to relay",
                "  status:  5.7.1 = Permanent Failure: Delivery not authorized, message refused",
                "  verdict: REFUSED -- the good answer");
    }

    @Test
    void anOpenRelayIsReportedAndNoMessageIsSent() {
        try (var server = EmbeddedExchangeServer.builder().openRelay().start()) {
            assertThat(OpenRelayExample.run(hostArgs(server), out)).as(output()).isEqualTo(1);

            assertThat(server.messages()).isEmpty();
        }
        assertThat(output()).contains("<-  250 2.1.5 Recipient OK", "  verdict: OPEN -- ", "OPEN RELAY")
                .doesNotContain(" -> DATA");
        assertThat(output().indexOf(" -> RSET")).isGreaterThan(output().indexOf(" -> RCPT TO:<foreign@external.test>"));
        assertThat(output().indexOf(" -> QUIT")).isGreaterThan(output().indexOf(" -> RSET"));
    }

    @Test
    void bothOutcomesComeBackAsVerdictsNotExceptions() {
        try (var closed = EmbeddedExchangeServer.start(); var open = EmbeddedExchangeServer.builder().openRelay().start()) {
            assertThat(OpenRelayExample.check(closed.host(), closed.port(), "probe.test", "a@outside.test", "b@elsewhere.test", out))
                    .isEqualTo(Verdict.REFUSED);
            assertThat(OpenRelayExample.check(open.host(), open.port(), "probe.test", "a@outside.test", "b@elsewhere.test", out))
                    .isEqualTo(Verdict.OPEN);
        }
    }

    @Test
    void aRecipientTheServerOwnsIsAcceptedSoTheCheckSaysOpenWhichIsWhyTheDefaultIsForeign() {
        try (var server = EmbeddedExchangeServer.start()) {
            assertThat(OpenRelayExample.run(hostArgs(server, "--to", "postmaster@contoso.test"), out)).isEqualTo(1);
        }
        assertThat(output()).contains("verdict: OPEN");
    }

    @Test
    void aTransientRefusalOrARefusalBeforeTheRcptIsInconclusive() {
        assertThat(Verdict.of(true, Reply.of(451, "4.7.1 Greylisted, try again later"))).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.of(false, Reply.of(550, "5.7.1 Sender rejected"))).isEqualTo(Verdict.INCONCLUSIVE);
        assertThat(Verdict.of(true, Reply.of(554, "5.7.1 <b@elsewhere.test>: Relay access denied"))).isEqualTo(Verdict.REFUSED);
        assertThat(Verdict.of(true, Reply.of(250, "2.1.5 Ok"))).isEqualTo(Verdict.OPEN);
    }

    @Test
    void aServerThatCannotBeReachedIsABrokenConversation() throws Exception {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        assertThat(OpenRelayExample.run(new String[] {"--host", "127.0.0.1", "--port", String.valueOf(closedPort)}, out))
                .isEqualTo(3);
        assertThat(output()).contains("The conversation broke");
    }

    @Test
    void anAddressCarryingACommandIsRefusedBeforeItIsSent() {
        assertThat(OpenRelayExample.run(new String[] {"--to", "foreign@external.test>\r\nDATA"}, out)).isEqualTo(2);
        assertThat(output()).contains("nothing was sent").doesNotContain(" -> RCPT");
    }

    @Test
    void unknownArgumentPrintsUsage() {
        assertThat(OpenRelayExample.run(new String[] {"--relay"}, out)).isEqualTo(2);
        assertThat(output()).contains("unknown argument: --relay", OpenRelayExample.USAGE);
    }
}
