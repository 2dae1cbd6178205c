package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 item 4 on the wire: thousands of messages on one connection keep the session's transcript under its
 * limit, message content going first, with a marker that says what went; the listener hears every line.
 */
@Timeout(120)
class LongSessionTranscriptTest extends FakeServerTest {

    private static final int MESSAGES = 2_000;
    private static final int MAX_LINES = 600;
    private static final Pattern MARKER = Pattern.compile("transcript limit \\(600 lines, 1048576 bytes\\) reached: "
            + "dropped the oldest (\\d+) message-content lines \\((\\d+) bytes\\)"
            + "(?: and then the oldest (\\d+) other lines \\(commands, replies, events; (\\d+) bytes\\))?"
            + "(?:, and the oldest (\\d+) exchanges)?; a TranscriptListener sees every line");

    /** A server that takes any number of messages: 354 to DATA, 250 with a queue id to each final dot. */
    private static FakeSmtpServer acceptingServer() {
        return FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            boolean[] inData = {false};
            int[] queued = {0};
            s.answerEachLine(line -> {
                if (inData[0]) {
                    if (line.equals(".")) {
                        inData[0] = false;
                        return "250 2.0.0 Ok: queued as Q" + queued[0]++ + "\r\n";
                    }
                    return null;
                }
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                return switch (verb) {
                    case "EHLO" -> "250-fake.test\r\n250 8BITMIME\r\n";
                    case "MAIL" -> "250 2.1.0 Ok\r\n";
                    case "RCPT" -> "250 2.1.5 Ok\r\n";
                    case "DATA" -> {
                        inData[0] = true;
                        yield "354 End data with <CR><LF>.<CR><LF>\r\n";
                    }
                    case "QUIT" -> "221 2.0.0 Bye\r\n";
                    default -> "502 5.5.2 Error: command not recognized\r\n";
                };
            });
        });
    }

    @Test
    void thousandsOfMessagesOnOneConnectionKeepTheTranscriptUnderItsLimitAndTheListenerHearsEveryLine() {
        server = acceptingServer();
        var heard = new CopyOnWriteArrayList<TranscriptEntry>();
        client = Probe.client(ProbeOptions.builder().transcriptMaxLines(MAX_LINES).transcriptListener(heard::add).build());
        Hello hello = client.connect(server.host(), server.port()).ehlo("client.test");
        String message = "Subject: test\r\n\r\nfirst line\r\nsecond line\r\nthird line\r\n"; // 5 lines of content

        for (int n = 0; n < MESSAGES; n++) {
            var result = hello.mailFrom("a@b.test").rcptTo("p@fake.test").data(message);
            assertThat(result.queueId()).hasValue("Q" + n);
            hello = result.hello();
        }
        Transcript transcript = hello.transcript();

        List<TranscriptEntry> entries = transcript.entries();
        List<TranscriptEntry> kept = entries.subList(1, entries.size());
        assertThat(kept).hasSizeLessThanOrEqualTo(MAX_LINES).hasSizeGreaterThanOrEqualTo(MAX_LINES * 3 / 4);
        assertThat(entries.get(0).direction()).isEqualTo(Direction.INFO);
        Matcher marker = MARKER.matcher(entries.get(0).line());
        assertThat(marker.matches()).as(entries.get(0).line()).isTrue();

        // every line the listener heard is either kept or counted by the marker, of the right kind
        List<String> contentLines = List.of("Subject: test", "", "first line", "second line", "third line");
        List<TranscriptEntry> heardContent = heard.stream().filter(e -> isContent(e, contentLines)).toList();
        List<TranscriptEntry> heardOther = heard.stream().filter(e -> !isContent(e, contentLines)).toList();
        assertThat(heardContent).hasSize(MESSAGES * contentLines.size());
        assertThat(heard.stream().filter(e -> e.line().startsWith("MAIL FROM:"))).hasSize(MESSAGES);
        long keptContent = kept.stream().filter(e -> isContent(e, contentLines)).count();
        long keptOther = kept.size() - keptContent;
        assertThat(Long.parseLong(marker.group(1))).isEqualTo(heardContent.size() - keptContent);
        assertThat(Long.parseLong(marker.group(2))).isEqualTo(bytes(heardContent) - bytes(kept.stream()
                .filter(e -> isContent(e, contentLines)).toList()));
        assertThat(marker.group(3) == null ? 0 : Long.parseLong(marker.group(3))).isEqualTo(heardOther.size() - keptOther);
        // what was kept is the newest part of what was heard, in order
        List<TranscriptEntry> heardOtherTail = heardOther.subList(heardOther.size() - (int) keptOther, heardOther.size());
        assertThat(kept.stream().filter(e -> !isContent(e, contentLines)).toList()).isEqualTo(heardOtherTail);
        assertThat(kept.get(kept.size() - 1).line()).isEqualTo("250 2.0.0 Ok: queued as Q" + (MESSAGES - 1));
        assertThat(transcript.toString()).startsWith("=== transcript limit (600 lines, 1048576 bytes) reached: ");
        // the exchanges are bounded alike: the newest kept, in order, the dropped ones counted by the marker
        List<dev.smtpprobe.Exchange> exchanges = transcript.exchanges();
        int replies = 2 + MESSAGES * 4; // greeting, EHLO, then MAIL, RCPT, DATA and the content's reply per message
        assertThat(exchanges).hasSizeLessThanOrEqualTo(MAX_LINES).hasSizeGreaterThanOrEqualTo(MAX_LINES * 3 / 4);
        assertThat(Long.parseLong(marker.group(5))).isEqualTo(replies - exchanges.size());
        assertThat(exchanges.get(exchanges.size() - 1).reply().text()).isEqualTo("2.0.0 Ok: queued as Q" + (MESSAGES - 1));
        hello.session().close();
    }

    private static boolean isContent(TranscriptEntry e, List<String> contentLines) {
        return e.direction() == Direction.SENT && contentLines.contains(e.line());
    }

    private static long bytes(List<TranscriptEntry> entries) {
        return entries.stream().mapToLong(TranscriptEntry::byteLength).sum();
    }

    @Test
    void anOrdinaryConversationIsKeptWholeUnderTheDefaultLimits() {
        server = acceptingServer();
        var heard = new CopyOnWriteArrayList<TranscriptEntry>();
        client = Probe.client(ProbeOptions.builder().transcriptListener(heard::add).build());
        Hello hello = client.connect(server.host(), server.port()).ehlo("client.test");
        String body = "Subject: long\r\n\r\n" + "a line of a longer message body, as mail has them\r\n".repeat(200);

        for (int n = 0; n < 50; n++) {
            hello = hello.mailFrom("a@b.test").rcptTo("p@fake.test").data(body).hello();
        }

        assertThat(hello.transcript().entries()).containsExactlyElementsOf(heard);
        assertThat(hello.transcript().entries()).noneMatch(e -> e.line().startsWith("transcript limit"));
        hello.session().close();
    }
}
