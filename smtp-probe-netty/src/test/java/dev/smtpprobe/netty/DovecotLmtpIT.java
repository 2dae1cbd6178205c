package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Protocol;
import dev.smtpprobe.RecipientReply;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.DovecotInstance;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * LMTP (RFC 2033) against a real Dovecot lmtp (scripts/dovecot-test.sh): LHLO, and after the final dot or BDAT LAST
 * one reply per accepted recipient, in RCPT order ({@link DovecotInstance#FULL_USER} is refused after the dot).
 */
class DovecotLmtpIT {

    private static ProbeClient client;

    @BeforeAll
    static void start() {
        DovecotInstance.start();
        client = Probe.client(ProbeOptions.builder().protocol(Protocol.LMTP)
                .timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static Hello lhlo() {
        return client.connect(DovecotInstance.HOST, DovecotInstance.lmtpPort()).ehlo("client.probe.test");
    }

    private static String message(String marker) {
        return "Subject: " + marker + "\r\n\r\nlmtp body " + marker + "\r\n";
    }

    /** Whether a message holding {@code marker} was delivered to {@code localPart}'s Maildir. */
    private static boolean delivered(String localPart, String marker) throws IOException {
        Path inbox = DovecotInstance.maildir(localPart).resolve("new");
        if (!Files.isDirectory(inbox)) {
            return false;
        }
        try (Stream<Path> files = Files.list(inbox)) {
            return files.anyMatch(f -> {
                try {
                    return Files.readString(f, StandardCharsets.UTF_8).contains(marker);
                } catch (IOException e) {
                    return false;
                }
            });
        }
    }

    @Test
    void eachAcceptedRecipientGetsItsOwnReplyAfterTheDotInRcptOrder() throws IOException {
        String marker = "lmtp-" + UUID.randomUUID();
        var hello = lhlo();
        try (var session = hello.session()) {
            assertThat(hello.reply().code()).isEqualTo(250);
            assertThat(hello.capabilities().keywords()).contains("PIPELINING", "CHUNKING", "ENHANCEDSTATUSCODES");
            DataResult sent = hello.mailFrom("someone@elsewhere.test").rcptTo("probeuser@probe.test")
                    .rcptTo("nobody@probe.test").rcptTo(DovecotInstance.FULL_USER).data(message(marker));
            assertThat(sent.transaction().recipients()).extracting(r -> r.reply().code())
                    .as(session.transcript().toString()).containsExactly(250, 550, 250);
            assertThat(sent.recipientReplies()).extracting(RecipientReply::address, r -> r.reply().code())
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("probeuser@probe.test", 250),
                            org.assertj.core.groups.Tuple.tuple(DovecotInstance.FULL_USER, 552));
            assertThat(sent.isAccepted()).isFalse();
            assertThat(sent.acceptedRecipients()).containsExactly("probeuser@probe.test");
            assertThat(sent.reply().enhancedStatus().map(Object::toString)).hasValue("5.2.2");
            assertThat(hello.noop().reply().code()).isEqualTo(250); // no reply of the message was left over
            assertThat(delivered("probeuser", marker)).isTrue();
        }
    }

    @Test
    void bdatLastIsAnsweredOncePerRecipient() throws IOException {
        String marker = "lmtp-bdat-" + UUID.randomUUID();
        var hello = lhlo();
        try (var session = hello.session()) {
            DataResult sent = hello.mailFrom("someone@elsewhere.test").rcptTo("probeuser@probe.test")
                    .rcptTo("alice@probe.test").dataChunked(message(marker).getBytes(StandardCharsets.US_ASCII), 16);
            assertThat(sent.recipientReplies()).extracting(r -> r.reply().code())
                    .as(session.transcript().toString()).containsExactly(250, 250);
            assertThat(sent.isAccepted()).isTrue();
            assertThat(delivered("probeuser", marker)).isTrue();
            assertThat(delivered("alice", marker)).isTrue();
        }
    }

    @Test
    void aPipelinedTransactionWithTheWholeMessageInTheBatch() throws IOException {
        String marker = "lmtp-pipe-" + UUID.randomUUID();
        var hello = lhlo();
        try (var session = hello.session()) {
            DataResult sent = hello.pipelined().mailFrom("someone@elsewhere.test").rcptTo("alice@probe.test")
                    .rcptTo("nobody@probe.test").rcptTo("probeuser@probe.test")
                    .bdatLast(message(marker).getBytes(StandardCharsets.US_ASCII));
            assertThat(sent.transaction().isPipelined()).isTrue();
            assertThat(sent.recipientReplies()).extracting(RecipientReply::address)
                    .as(session.transcript().toString()).containsExactly("alice@probe.test", "probeuser@probe.test");
            assertThat(sent.isAccepted()).isTrue();
            assertThat(delivered("alice", marker)).isTrue();
            assertThat(hello.rset().reply().code()).isEqualTo(250);
        }
    }
}
