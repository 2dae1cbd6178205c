package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.internal.QueueIds;
import org.junit.jupiter.api.Test;

/** The queue id of the reply to the end of DATA, as the common MTAs write it, read through {@link Reply#queueId()}. */
class QueueIdTest {

    @Test
    void postfixQueuedAsGivesTheQueueId() {
        assertThat(Reply.of(250, "2.0.0 Ok: queued as 4ABC123DEF").queueId()).contains("4ABC123DEF");
    }

    @Test
    void postfixLongQueueIdIsReadWhole() {
        assertThat(Reply.of(250, "2.0.0 Ok: queued as 4Xb1Nh3kZpz9Qv2").queueId()).contains("4Xb1Nh3kZpz9Qv2");
    }

    @Test
    void exchangeMessageIdWithInternalIdGivesTheBracketedId() {
        var reply = Reply.of(250,
                "2.6.0 <CA+abc@host.contoso.com> [InternalId=1234, Hostname=EX1] Queued mail for delivery");

        assertThat(reply.queueId()).contains("CA+abc@host.contoso.com");
    }

    @Test
    void exchangeMessageIdWithoutInternalIdGivesTheBracketedId() {
        var reply = Reply.of(250, "2.6.0 <20240101.abc@mail.contoso.com> Queued mail for delivery");

        assertThat(reply.queueId()).contains("20240101.abc@mail.contoso.com");
    }

    @Test
    void sendmailMessageAcceptedGivesTheQueueId() {
        assertThat(Reply.of(250, "2.0.0 q1HKPoTr012345 Message accepted for delivery").queueId())
                .contains("q1HKPoTr012345");
    }

    @Test
    void sendmailWithoutEnhancedStatusGivesTheQueueId() {
        assertThat(Reply.of(250, "q1HKPoTr012345 Message accepted for delivery").queueId()).contains("q1HKPoTr012345");
    }

    @Test
    void eximIdGivesTheQueueId() {
        assertThat(Reply.of(250, "OK id=1pXyZa-000Abc-12").queueId()).contains("1pXyZa-000Abc-12");
    }

    @Test
    void qmailQpGivesTheProcessId() {
        assertThat(Reply.of(250, "ok 1700000000 qp 12345").queueId()).contains("12345");
    }

    @Test
    void gmailGsmtpGivesTheTransactionId() {
        var reply = Reply.of(250, "2.0.0 OK  1700000000 d9443c01a7336-1e2b2f0a5c1si123456pls.123 - gsmtp");

        assertThat(reply.queueId()).contains("d9443c01a7336-1e2b2f0a5c1si123456pls.123");
    }

    @Test
    void harakaMessageQueuedGivesTheId() {
        assertThat(Reply.of(250, "Message Queued (4C2E1C6B-5A3F-4C1B-9E2A-0123456789AB.1.1)").queueId())
                .contains("4C2E1C6B-5A3F-4C1B-9E2A-0123456789AB.1.1");
    }

    @Test
    void plainOkHasNoQueueId() {
        assertThat(Reply.of(250, "OK").queueId()).isEmpty();
        assertThat(Reply.of(250, "2.0.0 Ok").queueId()).isEmpty();
        assertThat(Reply.of(250, "").queueId()).isEmpty();
    }

    @Test
    void otherPositiveRepliesHaveNoQueueId() {
        assertThat(Reply.of(250, "2.1.0 Sender <alice@example.test> OK").queueId()).isEmpty();
        assertThat(Reply.of(250, "2.1.5 Recipient OK").queueId()).isEmpty();
        assertThat(Reply.of(221, "2.0.0 Bye").queueId()).isEmpty();
    }

    @Test
    void failedDeliveryWithQueueLikeTextHasNoQueueId() {
        assertThat(Reply.of(554, "5.7.1 id=1pXyZa-000Abc-12 rejected").queueId()).isEmpty();
        assertThat(Reply.of(451, "4.3.0 Ok: queued as 4ABC123DEF").queueId()).isEmpty();
    }

    @Test
    void queueIdsFindReadsTheRawText() {
        assertThat(QueueIds.find("2.0.0 Ok: queued as 4ABC123DEF")).contains("4ABC123DEF");
        assertThat(QueueIds.find("nothing to see")).isEmpty();
    }
}
