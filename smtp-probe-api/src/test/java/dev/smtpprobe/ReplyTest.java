package dev.smtpprobe;

import java.nio.charset.StandardCharsets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReplyTest {

    @Test
    void codeBelow200IsRefused() {
        assertThatThrownBy(() -> Reply.of(199, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("199");
    }

    @Test
    void codeAbove599IsRefused() {
        assertThatThrownBy(() -> Reply.of(600, "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("600");
    }

    @Test
    void codesAtTheEdgesOfTheRangeAreAccepted() {
        assertThat(Reply.of(200, "ok").code()).isEqualTo(200);
        assertThat(Reply.of(599, "no").code()).isEqualTo(599);
    }

    @Test
    void aReplyWithoutLinesIsRefused() {
        assertThatThrownBy(() -> new Reply(250, List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullLinesAndNullElapsedAreRefused() {
        assertThatNullPointerException().isThrownBy(() -> new Reply(250, null, Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new Reply(250, Arrays.asList("a", null), Duration.ZERO));
        assertThatNullPointerException().isThrownBy(() -> new Reply(250, List.of("a"), null));
    }

    @Test
    void linesAreCopiedSoTheCallersListCannotChangeTheReply() {
        var lines = new ArrayList<>(List.of("first", "second"));
        var reply = new Reply(250, lines, Duration.ofMillis(5));
        lines.set(0, "changed");
        lines.add("third");

        assertThat(reply.lines()).containsExactly("first", "second");
        assertThatThrownBy(() -> reply.lines().add("x")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void textJoinsTheLinesWithNewlinesAndWithoutCodes() {
        var reply = Reply.of(250, "mail.example.com", "PIPELINING", "SIZE 10240000");

        assertThat(reply.text()).isEqualTo("mail.example.com\nPIPELINING\nSIZE 10240000");
    }

    @Test
    void toStringRendersAMultiLineReplyWithHyphenOnAllButTheLastLine() {
        var reply = Reply.of(250, "mail.example.com", "PIPELINING", "SIZE 10240000");

        assertThat(reply).hasToString("250-mail.example.com\n250-PIPELINING\n250 SIZE 10240000");
    }

    @Test
    void toStringRendersASingleLineReplyWithSpace() {
        assertThat(Reply.of(550, "5.7.1 Unable to relay")).hasToString("550 5.7.1 Unable to relay");
    }

    @Test
    void toStringRendersABareCodeWithoutTrailingSpace() {
        assertThat(Reply.of(250, "")).hasToString("250");
    }

    @Test
    void toStringKeepsTheHyphenOfAnEmptyContinuationLine() {
        assertThat(Reply.of(250, "", "last")).hasToString("250-\n250 last");
        assertThat(Reply.of(250, "first", "")).hasToString("250-first\n250");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
            // code, positive, intermediate, transient, permanent, failure, class
            "220, true,  false, false, false, false, 2",
            "250, true,  false, false, false, false, 2",
            "299, true,  false, false, false, false, 2",
            "334, false, true,  false, false, false, 3",
            "354, false, true,  false, false, false, 3",
            "421, false, false, true,  false, true,  4",
            "450, false, false, true,  false, true,  4",
            "500, false, false, false, true,  true,  5",
            "550, false, false, false, true,  true,  5",
            "599, false, false, false, true,  true,  5"})
    void predicatesFollowTheFirstDigitOfTheCode(int code, boolean positive, boolean intermediate, boolean transientFailure,
            boolean permanentFailure, boolean failure, int codeClass) {
        var reply = Reply.of(code, "text");

        assertThat(reply.isPositive()).as("isPositive").isEqualTo(positive);
        assertThat(reply.isIntermediate()).as("isIntermediate").isEqualTo(intermediate);
        assertThat(reply.isTransientFailure()).as("isTransientFailure").isEqualTo(transientFailure);
        assertThat(reply.isPermanentFailure()).as("isPermanentFailure").isEqualTo(permanentFailure);
        assertThat(reply.isFailure()).as("isFailure").isEqualTo(failure);
        assertThat(reply.codeClass()).as("codeClass").isEqualTo(codeClass);
    }

    @Test
    void enhancedStatusIsReadFromTheFirstLine() {
        var reply = Reply.of(550, "5.7.1 Unable to relay");

        assertThat(reply.enhancedStatus()).contains(new EnhancedStatus(5, 7, 1));
    }

    @Test
    void enhancedStatusIsNotReadFromALaterLine() {
        var reply = Reply.of(550, "Unable to relay", "5.7.1 see policy");

        assertThat(reply.enhancedStatus()).isEmpty();
    }

    @Test
    void enhancedStatusIsNotInventedWhenClassDiffersFromReplyCode() {
        assertThat(Reply.of(550, "2.1.1 x").enhancedStatus()).isEmpty();
    }

    @Test
    void messageStripsTheEnhancedStatusCode() {
        assertThat(Reply.of(250, "2.1.0 Sender OK").message()).isEqualTo("Sender OK");
        assertThat(Reply.of(550, "5.7.1 Unable to relay").message()).isEqualTo("Unable to relay");
        assertThat(Reply.of(550, "5.7.10 Encryption Needed").message()).isEqualTo("Encryption Needed");
    }

    @Test
    void messageIsTheWholeFirstLineWhenThereIsNoEnhancedStatus() {
        assertThat(Reply.of(250, "Ok").message()).isEqualTo("Ok");
        assertThat(Reply.of(550, "2.1.1 x").message()).isEqualTo("2.1.1 x");
        assertThat(Reply.of(250, "2.1.0Sender").message()).isEqualTo("2.1.0Sender");
    }

    @Test
    void messageIsEmptyWhenTheFirstLineHoldsOnlyTheEnhancedStatus() {
        assertThat(Reply.of(250, "2.0.0").message()).isEmpty();
    }

    @Test
    void messageIsOnlyTheFirstLine() {
        assertThat(Reply.of(550, "5.1.1 No such user", "see https://example.test").message()).isEqualTo("No such user");
    }

    @Test
    void queueIdIsFoundOnAPositiveReply() {
        assertThat(Reply.of(250, "2.0.0 Ok: queued as 4ABC123DEF").queueId()).contains("4ABC123DEF");
    }

    @Test
    void queueIdIsNeverReportedForANegativeOrIntermediateReply() {
        assertThat(Reply.of(550, "5.7.1 Ok: queued as 4ABC123DEF").queueId()).isEmpty();
        assertThat(Reply.of(451, "4.3.0 queued as 4ABC123DEF but failed").queueId()).isEmpty();
        assertThat(Reply.of(354, "queued as 4ABC123DEF").queueId()).isEmpty();
    }

    @Test
    void elapsedIsKeptAndOfGivesZero() {
        assertThat(new Reply(250, List.of("ok"), Duration.ofMillis(42)).elapsed()).isEqualTo(Duration.ofMillis(42));
        assertThat(Reply.of(250, "ok").elapsed()).isEqualTo(Duration.ZERO);
    }

    @Test
    void repliesWithTheSameCodeLinesAndElapsedAreEqual() {
        assertThat(Reply.of(250, "a", "b")).isEqualTo(new Reply(250, new ArrayList<>(List.of("a", "b")), Duration.ZERO));
        assertThat(Reply.of(250, "a", "b")).isNotEqualTo(Reply.of(251, "a", "b"));
    }

    // --- exact bytes for code, escapes for people (issue 11 item 12) ---

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void wireKeepsInvalidUtf8WhichTheTextReplacesWithU_FFFD() {
        byte[] wire = ascii("250 caf\u00e9 \u00ff\r\n"); // Latin-1 bytes E9 and FF: not UTF-8
        var reply = new Reply(250, List.of("caf\ufffd \ufffd"), Duration.ZERO, wire);

        assertThat(reply.wire()).containsExactly(wire);
        assertThat(reply.text()).isEqualTo("caf\ufffd \ufffd");
        assertThat(reply).hasToString("250 caf\\xe9 \\xff");
    }

    @Test
    void wireIsACopyEachTime() {
        var reply = Reply.of(250, "ok");
        reply.wire()[0] = '5';

        assertThat(reply.wire()).containsExactly(ascii("250 ok\r\n"));
    }

    @Test
    void aHandMadeReplyHasTheBytesAServerWouldHaveSent() {
        assertThat(Reply.of(250, "a", "", "b").wire()).containsExactly(ascii("250-a\r\n250-\r\n250 b\r\n"));
        assertThat(Reply.of(250, "").wire()).containsExactly(ascii("250\r\n"));
        assertThat(Reply.of(250, "Gr\u00fc\u00dfe").wire()).containsExactly("250 Gr\u00fc\u00dfe\r\n".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void wireBytesThatSayOtherwiseThanTheLinesAreRefused() {
        assertThatThrownBy(() -> new Reply(250, List.of("ok"), Duration.ZERO, ascii("550 no\r\n")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("550 no");
        assertThatThrownBy(() -> new Reply(250, List.of("ok"), Duration.ZERO, ascii("250 ok"))) // no CRLF
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of("a", "b"), Duration.ZERO, ascii("250 a\r\n250 b\r\n")))
                .isInstanceOf(IllegalArgumentException.class); // SP before the last line
        assertThatThrownBy(() -> new Reply(250, List.of("ok"), Duration.ZERO, ascii("250 ok\r\n250 ok\r\n")))
                .isInstanceOf(IllegalArgumentException.class);
        // an empty last line: "250" or "250 " say it, "250  " (a space of text) and a cut-off "250 " do not
        assertThatThrownBy(() -> new Reply(250, List.of(""), Duration.ZERO, ascii("250  \r\n")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of(""), Duration.ZERO, ascii("250 \r")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Reply(250, List.of(""), Duration.ZERO, ascii("250 ")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void textKeepsTheServersControlCharactersForCodeAndToStringEscapesThem() {
        var reply = Reply.of(220, "\u001b[2J\u001b]0;owned\u0007mx.test\b\u007f\u0000 ESMTP", "250 ok\r ~> AUTH PLAIN");

        assertThat(reply.lines().get(0)).isEqualTo("\u001b[2J\u001b]0;owned\u0007mx.test\b\u007f\u0000 ESMTP");
        assertThat(reply.toString()).isEqualTo("220-\\x1b[2J\\x1b]0;owned\\x07mx.test\\x08\\x7f\\x00 ESMTP\n"
                + "220 250 ok\\r ~> AUTH PLAIN");
    }

    @Test
    void repliesWithDifferentBytesAreNotEqual() {
        var latin1 = new Reply(250, List.of("\ufffd"), Duration.ZERO, new byte[] {'2', '5', '0', ' ', (byte) 0xff, '\r', '\n'});
        var other = new Reply(250, List.of("\ufffd"), Duration.ZERO, new byte[] {'2', '5', '0', ' ', (byte) 0xfe, '\r', '\n'});

        assertThat(latin1).isNotEqualTo(other).isEqualTo(new Reply(250, List.of("\ufffd"), Duration.ZERO, latin1.wire()));
        assertThat(latin1.hashCode()).isEqualTo(new Reply(250, List.of("\ufffd"), Duration.ZERO, latin1.wire()).hashCode());
    }

    @Test
    void everyFormOfWireBytesComesBackExactlyWhetherKeptAsBytesOrAsLines() {
        String[] wires = {"250 ok\r\n", "250\r\n", "250 \r\n", "250-a\r\n250-\r\n250 b\r\n", "250-x\r\n250\r\n",
                "250-x\r\n250 \r\n", "250 caf\u00e9\r\n", "250 tab\there\r\n", "250 bare\rcr\r\n", "554 5.7.1 no\r\n"};
        for (String w : wires) {
            byte[] bytes = w.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            int code = Integer.parseInt(w.substring(0, 3));
            var lines = new java.util.ArrayList<String>();
            for (String line : w.split("\r\n")) {
                lines.add(line.length() > 4 ? line.substring(4) : "");
            }
            var reply = new Reply(code, lines, Duration.ZERO, bytes);
            assertThat(reply.wire()).as(w).isEqualTo(bytes);
            assertThat(reply).isEqualTo(new Reply(code, lines, Duration.ZERO, bytes));
        }
    }

    @Test
    void linesHoldingALineBreakAreRefusedEvenWhenTheirBytesLookLikeTheWire() {
        byte[] twoLines = "250 a\r\n250 b\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new Reply(250, List.of("a\r\n250 b"), Duration.ZERO, twoLines))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
