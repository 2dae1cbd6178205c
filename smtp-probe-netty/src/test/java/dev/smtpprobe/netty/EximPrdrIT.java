package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.DataResult;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.EximInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * PRDR (draft-hall-prdr-00) against a real Exim 4 (scripts/exim-test.sh): the 353 to the final dot, one reply per
 * accepted recipient ({@link EximInstance#PRDR_REJECT} refuses the message) and the final reply, all read into the
 * result, and the session goes on (issue 14 item 5: the next command used to die on "a reply no command asked for").
 */
class EximPrdrIT {

    private static final MailParameters PRDR = MailParameters.builder().prdr().build();
    private static ProbeClient client;

    @BeforeAll
    static void start() {
        EximInstance.start();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static SmtpSession connect() {
        return client.connect(EximInstance.HOST, EximInstance.port());
    }

    private static String message(String marker) {
        return "Subject: " + marker + "\r\n\r\nprdr body " + marker + "\r\n";
    }

    @Test
    void eachRecipientsReplyAfterTheDotIsReadAndARefusalIsNotAnAcceptedMessage() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().supportsPrdr()).isTrue();
            var tx = hello.mailFrom("someone@elsewhere.test", PRDR);
            assertThat(tx.reply().code()).as(tx.transcript().toString()).isEqualTo(250);
            DataResult sent = tx.rcptTo("probeuser@probe.test").rcptTo(EximInstance.PRDR_REJECT)
                    .data(message("prdr-" + UUID.randomUUID()));
            assertThat(sent.intermediateReply()).as(sent.transcript().toString())
                    .hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(353));
            assertThat(sent.recipientReplies()).extracting(RecipientReply::address, r -> r.reply().code())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("probeuser@probe.test", 250),
                            org.assertj.core.groups.Tuple.tuple(EximInstance.PRDR_REJECT, 550));
            assertThat(sent.contentReply()).hasValueSatisfying(r -> assertThat(r.code()).isEqualTo(250));
            assertThat(sent.queueId()).isPresent();
            assertThat(sent.isAccepted()).isFalse();
            assertThat(sent.acceptedRecipients()).containsExactly("probeuser@probe.test");
            assertThat(hello.noop().reply().code()).as(session.transcript().toString()).isEqualTo(250);
        }
    }

    @Test
    void everyRecipientAcceptedIsAnAcceptedMessageQueuedByExim() throws Exception {
        String marker = "prdr-" + UUID.randomUUID();
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            // the raw parameter, as the issue found it: read as the typed one
            DataResult sent = hello.mailFrom("someone@elsewhere.test", "PRDR").rcptTo("probeuser@probe.test")
                    .rcptTo("alice@probe.test").data(message(marker));
            assertThat(sent.isAccepted()).as(sent.transcript().toString()).isTrue();
            assertThat(sent.contentReplies()).extracting(Reply::code).containsExactly(353, 250, 250, 250);
            assertThat(Files.readString(EximInstance.messageBody(sent.queueId().orElseThrow()), StandardCharsets.UTF_8))
                    .contains(marker);
            var next = hello.nextMailFrom("someone@elsewhere.test").rcptTo("probeuser@probe.test").data(message(marker));
            assertThat(next.isAccepted()).as(next.transcript().toString()).isTrue();
            assertThat(next.recipientReplies()).isEmpty(); // no PRDR asked for: one reply for all
        }
    }

    @Test
    void bdatLastWithPrdrReadsEveryReply() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            DataResult sent = hello.mailFrom("someone@elsewhere.test", PRDR).rcptTo("probeuser@probe.test")
                    .rcptTo(EximInstance.PRDR_REJECT)
                    .dataChunked(message("prdr-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII), 20);
            assertThat(sent.contentReplies()).extracting(Reply::code).as(sent.transcript().toString())
                    .containsExactly(353, 250, 550, 250);
            assertThat(sent.acceptedRecipients()).containsExactly("probeuser@probe.test");
            assertThat(hello.noop().reply().code()).isEqualTo(250);
        }
    }

    @Test
    void aPipelinedPrdrTransactionMatchesEveryReply() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            DataResult sent = hello.pipelined().mailFrom("someone@elsewhere.test", PRDR).rcptTo("probeuser@probe.test")
                    .rcptTo("nobody-here@elsewhere.test").rcptTo(EximInstance.PRDR_REJECT)
                    .data(message("prdr-" + UUID.randomUUID()));
            assertThat(sent.transaction().isPipelined()).isTrue();
            assertThat(sent.transaction().recipients()).extracting(r -> r.reply().isPositive())
                    .as(sent.transcript().toString()).containsExactly(true, false, true);
            assertThat(sent.recipientReplies()).extracting(r -> r.reply().code()).containsExactly(250, 550);
            assertThat(sent.acceptedRecipients()).containsExactly("probeuser@probe.test");
            assertThat(hello.rset().reply().code()).isEqualTo(250);
        }
    }
}
