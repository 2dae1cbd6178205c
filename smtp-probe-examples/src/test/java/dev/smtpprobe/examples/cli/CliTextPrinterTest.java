package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Direction;
import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The swaks-like text: markers, TLS markers, each enhanced status code explained once, failures on stderr. */
class CliTextPrinterTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final List<TranscriptEntry> entries = new ArrayList<>();
    private final List<Exchange> exchanges = new ArrayList<>();
    private final List<String> replyLines = new ArrayList<>();
    private String lastCommand = "";

    /**
     * Adds a line as a session records it: a received line that ends a reply ({@code "250 ..."}, not
     * {@code "250-..."}) also records the exchange of that reply, at that line's time, as the library does.
     */
    private void add(long millis, Direction direction, String line, boolean tls) {
        var entry = new TranscriptEntry(T0.plusMillis(millis), direction, line, tls);
        entries.add(entry);
        if (direction == Direction.SENT) {
            lastCommand = line;
        } else if (direction == Direction.RECEIVED) {
            replyLines.add(line.length() > 4 ? line.substring(4) : "");
            if (line.length() <= 3 || line.charAt(3) != '-') {
                var reply = new Reply(Integer.parseInt(line.substring(0, 3)), List.copyOf(replyLines), Duration.ZERO);
                exchanges.add(new Exchange(Step.COMMAND, lastCommand, reply, entry.epochNanos(), entry.epochNanos(), tls));
                replyLines.clear();
            }
        }
    }

    private Transcript transcript() {
        return new Transcript(entries, exchanges);
    }

    private TextPrinter printer(boolean showTime) {
        return new TextPrinter(new PrintWriter(out), new PrintWriter(err), showTime);
    }

    private void relayConversation() {
        add(0, Direction.INFO, "Connected to mx.test (127.0.0.1:25)", false);
        add(5, Direction.RECEIVED, "220 mx.test ESMTP", false);
        add(6, Direction.SENT, "EHLO client.test", false);
        add(7, Direction.RECEIVED, "250-mx.test", false);
        add(7, Direction.RECEIVED, "250 STARTTLS", false);
        add(8, Direction.SENT, "STARTTLS", false);
        add(9, Direction.RECEIVED, "220 2.0.0 Ready to start TLS", false);
        add(30, Direction.SENT, "MAIL FROM:<a@client.test>", true);
        add(31, Direction.RECEIVED, "250 2.1.0 Ok", true);
        add(32, Direction.SENT, "RCPT TO:<x@foreign.test>", true);
        add(33, Direction.RECEIVED, "554 5.7.1 <x@foreign.test>: Relay access denied", true);
        add(34, Direction.SENT, "RCPT TO:<y@foreign.test>", true);
        add(35, Direction.RECEIVED, "554 5.7.1 <y@foreign.test>: Relay access denied", true);
    }

    @Test
    void linesAreMarkedLikeSwaksAndEachStatusCodeIsExplainedOnce() {
        relayConversation();
        printer(false).progress(transcript());

        assertThat(out.toString()).isEqualTo(String.join("\n",
                "=== Connected to mx.test (127.0.0.1:25)",
                "<-  220 mx.test ESMTP",
                " -> EHLO client.test",
                "<-  250-mx.test",
                "<-  250 STARTTLS",
                " -> STARTTLS",
                "<-  220 2.0.0 Ready to start TLS",
                "=== 2.0.0: Success: Other undefined Status",
                " ~> MAIL FROM:<a@client.test>",
                "<~  250 2.1.0 Ok",
                "=== 2.1.0: Success: Other address status",
                " ~> RCPT TO:<x@foreign.test>",
                "<~  554 5.7.1 <x@foreign.test>: Relay access denied",
                "=== 5.7.1: Permanent Failure: Delivery not authorized, message refused",
                " ~> RCPT TO:<y@foreign.test>",
                "<~  554 5.7.1 <y@foreign.test>: Relay access denied",
                "").replace("\n", System.lineSeparator()));
    }

    @Test
    void progressShowsOnlyWhatIsNewAndFinishTheRest() {
        var printer = printer(false);
        add(0, Direction.RECEIVED, "220 mx.test ESMTP", false);
        printer.progress(transcript());
        printer.progress(transcript());
        add(1, Direction.SENT, "QUIT", false);
        add(2, Direction.RECEIVED, "221 2.0.0 Bye", false);
        printer.finish(new Outcome(ExitCode.SUCCESS, "ok", List.of(), transcript(), Optional.empty(), Optional.empty()));

        assertThat(out.toString().lines()).containsExactly("<-  220 mx.test ESMTP", " -> QUIT", "<-  221 2.0.0 Bye",
                "=== 2.0.0: Success: Other undefined Status");
        assertThat(err.toString()).isEmpty();
    }

    @Test
    void aQueueIdIsShownUnderTheReplyThatGivesIt() {
        add(0, Direction.RECEIVED, "250 2.0.0 Ok: queued as 4XyZ12", false);
        printer(false).progress(transcript());
        assertThat(out.toString().lines()).contains("=== queue id: 4XyZ12");
    }

    @Test
    void showTimePutsTheSecondsSinceTheFirstLineBeforeEachLine() {
        relayConversation();
        var printer = printer(true);
        printer.progress(transcript());
        printer.note("a remark");

        assertThat(out.toString().lines()).startsWith("   0.000s === Connected to mx.test (127.0.0.1:25)",
                "   0.005s <-  220 mx.test ESMTP").contains("   0.031s === 2.1.0: Success: Other address status")
                .endsWith("   0.035s === a remark");
    }

    @Test
    void aFailureEndsWithWhyAndTheExitCodeOnStandardError() {
        relayConversation();
        printer(false).finish(new Outcome(ExitCode.RCPT, "no recipient was accepted", transcript().exchanges(),
                transcript(), Optional.empty(), Optional.empty()));

        assertThat(err.toString().lines()).containsExactly("*** no recipient was accepted",
                "*** exit code 24: no RCPT TO was accepted");
        assertThat(out.toString()).contains("Relay access denied").doesNotContain("***");
    }

    @Test
    void serverControlCharactersArePrintedEscapedOnBothStreams() {
        add(0, Direction.RECEIVED, "220 \u001b[2J\u001b]0;owned\u0007mx.test\b\u007f\u0000 ESMTP", false);
        add(1, Direction.RECEIVED, "250 2.0.0 Ok: queued as Q\u001b[8m1", false);
        add(2, Direction.RECEIVED, "250-x\r ~> AUTH PLAIN AGFsaWNl", false);
        var printer = printer(true);
        printer.note("the server says \u001b[2J");
        printer.finish(new Outcome(ExitCode.RCPT, "refused: 550 \u001b]0;x\u0007", List.of(), transcript(), Optional.empty(),
                Optional.empty()));

        assertThat(out.toString().lines()).containsExactly(
                "   0.000s === the server says \\x1b[2J",
                "   0.000s <-  220 \\x1b[2J\\x1b]0;owned\\x07mx.test\\x08\\x7f\\x00 ESMTP",
                "   0.001s <-  250 2.0.0 Ok: queued as Q\\x1b[8m1",
                "   0.001s === 2.0.0: Success: Other undefined Status",
                "   0.001s === queue id: Q", // a queue id is letters and digits: it stops at the ESC
                "   0.002s <-  250-x\\r ~> AUTH PLAIN AGFsaWNl");
        assertThat(err.toString().lines()).first().isEqualTo("*** refused: 550 \\x1b]0;x\\x07");
        assertThat(out.toString() + err.toString()).doesNotContain("\u001b", "\u0007", "\b", "\u007f", "\u0000", "\r");
    }
}
