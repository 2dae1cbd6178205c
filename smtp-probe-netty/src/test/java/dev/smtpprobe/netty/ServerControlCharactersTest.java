package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ConnectionLostException;
import dev.smtpprobe.Direction;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.TranscriptListener;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What a hostile server sends reaches code byte for byte and people escaped (issue 11 item 12), and a listener that
 * throws cannot break the conversation (item 11): end to end through the Netty transport against a scripted server.
 */
@Timeout(20)
class ServerControlCharactersTest extends FakeServerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);
    /** Clear screen, set the window title, then BS, DEL, NUL; and {@code café} in Latin-1 (0xE9 is not UTF-8). */
    private static final String GREETING_TEXT = "\u001b[2J\u001b]0;owned\u0007mx.test\b\u007f\u0000 ESMTP caf\u00e9";
    private static final String GREETING = "220 " + GREETING_TEXT + "\r\n";
    private static final String EHLO = "250-mx.test\u001b[31m says hi\r\n250 SIZE 1000\b\b\b\b9999\r\n";

    private SmtpSession connect(TranscriptListener listener) {
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5)))
                .transcriptListener(listener).build());
        return client.connect(server.host(), server.port());
    }

    private static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** No control character but the line breaks between entries, and no DEL. */
    private static void assertPrintable(String shown) {
        assertThat(shown.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f || c >= 0x80 && c < 0xa0))
                .as("control characters in %s", shown).isEmpty();
    }

    @Test
    void aHostileGreetingAndEhloReachCodeExactlyAndPeopleEscaped() {
        server = FakeSmtpServer.start(s -> s.send(GREETING).reply("EHLO", EHLO).reply("QUIT", "221 bye\r\n"));
        try (var session = connect(TranscriptListener.NONE)) {
            var hello = session.ehlo("client.test");

            assertThat(session.greeting().wire()).containsExactly(latin1(GREETING));
            assertThat(session.greeting().text()).isEqualTo("\u001b[2J\u001b]0;owned\u0007mx.test\b\u007f\u0000 ESMTP caf\ufffd");
            // the first word, as code compares it (String.trim() drops the leading ESC); escaped only when shown
            assertThat(session.greetingHost()).isEqualTo("[2J\u001b]0;owned\u0007mx.test\b\u007f\u0000");
            assertThat(session.greeting()).hasToString("220 \\x1b[2J\\x1b]0;owned\\x07mx.test\\x08\\x7f\\x00 ESMTP caf\\xe9");
            assertThat(hello.reply().wire()).containsExactly(latin1(EHLO));
            assertThat(hello.reply()).hasToString("250-mx.test\\x1b[31m says hi\n250 SIZE 1000\\x08\\x08\\x08\\x089999");

            Transcript transcript = hello.transcript();
            List<TranscriptEntry> received = transcript.entries().stream()
                    .filter(e -> e.direction() == Direction.RECEIVED).toList();
            assertThat(received.get(0).bytes()).containsExactly(latin1(GREETING.substring(0, GREETING.length() - 2)));
            assertThat(received.get(0).line()).isEqualTo("220 " + session.greeting().text());
            assertThat(transcript.toString()).contains(
                    "<-  220 \\x1b[2J\\x1b]0;owned\\x07mx.test\\x08\\x7f\\x00 ESMTP caf\\xe9",
                    "<-  250-mx.test\\x1b[31m says hi", "<-  250 SIZE 1000\\x08\\x08\\x08\\x089999");
            assertPrintable(transcript.toString());
            assertPrintable(transcript.toStringWithTimes());
        }
        server.awaitScript(WAIT);
    }

    @Test
    void aBareCrInTheFragmentKeptAtACloseCannotForgeAClientLine() {
        String forged = "250-x\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==\u00ff"; // 0xFF: not UTF-8 either
        server = FakeSmtpServer.start(s -> {
            s.send("220 mx.test ESMTP\r\n");
            s.expect("EHLO");
            s.send("250-mx.test\r\n" + forged);
            s.close();
        });
        var session = connect(TranscriptListener.NONE);
        var e = catchThrowableOfType(ConnectionLostException.class, () -> session.ehlo("client.test"));

        assertThat(e.partialReply()).containsExactly("250-mx.test", "250-x\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==\ufffd");
        assertThat(e.getMessage()).contains("250-x\\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==\ufffd").doesNotContain("\r");
        List<TranscriptEntry> received = e.transcript().entries().stream()
                .filter(entry -> entry.direction() == Direction.RECEIVED).toList();
        assertThat(received.get(received.size() - 1).bytes()).containsExactly(latin1(forged));
        String shown = e.transcript().toString();
        assertThat(shown).contains("<-  250-x\\r ~> AUTH PLAIN AGFsaWNlAHNlY3JldA==\\xff");
        assertThat(shown.lines()).noneMatch(line -> line.startsWith(" ~> AUTH"));
        assertPrintable(shown);
        assertPrintable(e.getMessage());
    }

    @Test
    void aListenerThrowingAnAssertionErrorDoesNotBreakTheConversation() {
        server = FakeSmtpServer.start(s -> s.send("220 mx.test ESMTP\r\n").answerEachLine(new java.util.function.Function<>() {
            private boolean inData;

            @Override
            public String apply(String line) {
                if (inData) {
                    inData = !line.equals(".");
                    return inData ? null : "250 2.0.0 Ok: queued as Q1\r\n";
                }
                return switch (line.split(" ", 2)[0].toUpperCase(Locale.ROOT)) {
                    case "EHLO" -> "250-mx.test\r\n250 PIPELINING\r\n";
                    case "DATA" -> {
                        inData = true;
                        yield "354 go\r\n";
                    }
                    case "QUIT" -> "221 bye\r\n";
                    default -> "250 ok\r\n";
                };
            }
        }));
        var calls = new AtomicInteger();
        TranscriptListener asserting = entry -> {
            calls.incrementAndGet();
            if (entry.direction() == Direction.RECEIVED) {
                throw new AssertionError("a test's assertion failed on " + entry.line());
            }
        };
        try (var session = connect(asserting)) {
            var sent = session.ehlo("client.test").mailFrom("a@client.test").rcptTo("b@mx.test").data("Subject: x\n\nhi\n");

            assertThat(sent.isAccepted()).isTrue();
            assertThat(sent.queueId()).hasValue("Q1");
            assertThat(sent.quit().reply().code()).isEqualTo(221);
            Transcript transcript = sent.transcript();
            assertThat(transcript.lines(Direction.INFO).stream().filter(l -> l.startsWith("listener failed: "))).containsExactly(
                    "listener failed: java.lang.AssertionError: a test's assertion failed on 220 mx.test ESMTP");
            assertThat(calls.get()).as("the listener keeps being called").isEqualTo(transcript.entries().size());
        }
        server.awaitScript(WAIT);
    }

    @Test
    void controlCharactersReachTheListenerAsReceivedAndItsToStringEscapesThem() {
        var seen = new java.util.concurrent.CopyOnWriteArrayList<TranscriptEntry>();
        server = FakeSmtpServer.start(s -> s.send(GREETING).reply("QUIT", "221 bye\r\n"));
        try (var session = connect(seen::add)) {
            assertThat(session.greeting().code()).isEqualTo(220);
        }
        server.awaitScript(WAIT);
        TranscriptEntry greeting = seen.stream().filter(e -> e.direction() == Direction.RECEIVED).findFirst().orElseThrow();
        assertThat(Arrays.equals(greeting.bytes(), latin1(GREETING.substring(0, GREETING.length() - 2)))).isTrue();
        assertThat(greeting.printableLine()).isEqualTo("220 \\x1b[2J\\x1b]0;owned\\x07mx.test\\x08\\x7f\\x00 ESMTP caf\\xe9");
    }
}
