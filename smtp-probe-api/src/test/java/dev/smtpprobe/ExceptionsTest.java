package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExceptionsTest {

    private static final Transcript TRANSCRIPT = new Transcript(
            List.of(new TranscriptEntry(Instant.EPOCH, Direction.RECEIVED, "220 hi", false)));

    // --- ProtocolViolationException.printable ---

    @Test
    void printableEscapesCrLfAndNul() {
        assertThat(ProtocolViolationException.printable("250 ok\r\n\0".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("\"250 ok\\r\\n\\x00\"");
    }

    @Test
    void printableEscapesNonAsciiBytesOneByOne() {
        assertThat(ProtocolViolationException.printable(new byte[] {'a', (byte) 0xC3, (byte) 0xA9, (byte) 0xFF}))
                .isEqualTo("\"a\\xc3\\xa9\\xff\"");
    }

    @Test
    void printableEscapesOtherControlBytesTabBackslashAndQuote() {
        assertThat(ProtocolViolationException.printable(new byte[] {0x1b, 0x7f, '\t', '\\', '"'}))
                .isEqualTo("\"\\x1b\\x7f\\t\\\\\\\"\"");
    }

    @Test
    void printableKeepsPrintableAscii() {
        assertThat(ProtocolViolationException.printable("550 5.7.1 ~!{}".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("\"550 5.7.1 ~!{}\"");
        assertThat(ProtocolViolationException.printable(new byte[0])).isEqualTo("\"\"");
    }

    @Test
    void printableOfAStringEscapesItsUtf8Bytes() {
        assertThat(ProtocolViolationException.printable("\u010d\n")).isEqualTo("\"\\xc4\\x8d\\n\"");
    }

    @Test
    void protocolViolationNamesStepWhatAndTheEscapedBytes() {
        var e = new ProtocolViolationException(Step.EHLO, "line without CRLF", "250-x\n".getBytes(StandardCharsets.US_ASCII),
                TRANSCRIPT);

        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e).hasMessage("protocol violation during EHLO: line without CRLF; received: \"250-x\\n\"");
        assertThat(e.transcript()).isSameAs(TRANSCRIPT);
        assertThat(e).isInstanceOf(ProbeException.class);
    }

    @Test
    void protocolViolationKeepsItsOwnCopyOfTheBytes() {
        byte[] bytes = {'6', '0', '0'};
        var e = new ProtocolViolationException(Step.GREETING, "code out of range", bytes, TRANSCRIPT);
        bytes[0] = 'X';
        e.offendingBytes()[1] = 'Y';

        assertThat(e.offendingBytes()).containsExactly('6', '0', '0');
    }

    // --- the others ---

    @Test
    void everyProbeExceptionRequiresATranscript() {
        assertThatNullPointerException().isThrownBy(() -> new StepTimeoutException(Step.MAIL, Duration.ofSeconds(1), null));
        assertThatNullPointerException()
                .isThrownBy(() -> new InvalidArgumentException("address", 1, "CR", null));
    }

    @Test
    void stepTimeoutNamesTheStepAndTheTimeout() {
        var e = new StepTimeoutException(Step.RCPT, Duration.ofSeconds(2), TRANSCRIPT);

        assertThat(e).hasMessage("RCPT timed out after 2000 ms");
        assertThat(e.step()).isEqualTo(Step.RCPT);
        assertThat(e.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(e.transcript()).isSameAs(TRANSCRIPT);
    }

    @Test
    void connectFailedNamesHostPortReasonAndCause() {
        var e = new ConnectFailedException(ConnectFailure.TIMED_OUT, "mx.example.test", 25,
                new IOException("connect timed out"), Transcript.EMPTY);

        assertThat(e).hasMessage("could not connect to mx.example.test:25: timed out (connect timed out)");
        assertThat(e.reason()).isEqualTo(ConnectFailure.TIMED_OUT);
        assertThat(e.host()).isEqualTo("mx.example.test");
        assertThat(e.port()).isEqualTo(25);
        assertThat(new ConnectFailedException(ConnectFailure.REFUSED, "h", 587, null, Transcript.EMPTY))
                .hasMessage("could not connect to h:587: refused");
    }

    @Test
    void connectionLostKeepsThePartialReply() {
        var partial = new ArrayList<>(List.of("250-mx.example.test", "250-PIPEL"));
        var e = new ConnectionLostException(Step.EHLO, partial, "closed by peer", null, TRANSCRIPT);
        partial.clear();

        assertThat(e.step()).isEqualTo(Step.EHLO);
        assertThat(e.partialReply()).containsExactly("250-mx.example.test", "250-PIPEL");
        assertThat(e).hasMessage("connection lost during EHLO: closed by peer; partial reply: [250-mx.example.test, 250-PIPEL]");
        assertThat(new ConnectionLostException(Step.QUIT, List.of(), null, null, TRANSCRIPT))
                .hasMessage("connection lost during QUIT");
    }

    @Test
    void invalidArgumentIsAnIllegalArgumentExceptionNamingArgumentAndIndex() {
        var e = new InvalidArgumentException("address", 4, "CR (\\r) would end the command line", TRANSCRIPT);

        assertThat(e).isInstanceOf(IllegalArgumentException.class);
        assertThat(e).hasMessage("address refused at index 4: CR (\\r) would end the command line; nothing was sent");
        assertThat(e.argument()).isEqualTo("address");
        assertThat(e.index()).isEqualTo(4);
        assertThat(e.transcript()).isSameAs(TRANSCRIPT);
        assertThat(new InvalidArgumentException("EHLO name", -1, "empty", TRANSCRIPT))
                .hasMessage("EHLO name refused: empty; nothing was sent");
    }

    @Test
    void interruptedStepKeepsTheCause() {
        var cause = new InterruptedException();
        var e = new InterruptedStepException(Step.DATA, cause, TRANSCRIPT);

        assertThat(e).hasMessage("interrupted while waiting for DATA").hasCause(cause);
        assertThat(e.step()).isEqualTo(Step.DATA);
    }

    @Test
    void aBareCrInThePartialReplyIsKeptForCodeAndEscapedInTheMessage() {
        var e = new ConnectionLostException(Step.EHLO, List.of("250-mx.test", "250-x\r ~> AUTH PLAIN AGFsaWNl\u001b[2J"),
                "closed by the server", null, TRANSCRIPT);

        assertThat(e.partialReply()).containsExactly("250-mx.test", "250-x\r ~> AUTH PLAIN AGFsaWNl\u001b[2J");
        assertThat(e).hasMessage("connection lost during EHLO: closed by the server; partial reply: [250-mx.test, "
                + "250-x\\r ~> AUTH PLAIN AGFsaWNl\\x1b[2J]");
    }

    @Test
    void everyProbeExceptionMessageIsEscaped() {
        var tls = new TlsFailedException(TlsFailure.REFUSED, "STARTTLS refused",
                Reply.of(454, "4.7.0 \u001b]0;owned\u0007 not now"), null, null, TRANSCRIPT);
        var dns = new DnsLookupException(DnsFailure.TIMEOUT, "evil\r\n.test", "no answer\u0000", null);

        assertThat(tls.getMessage()).contains("454 4.7.0 \\x1b]0;owned\\x07 not now").doesNotContain("\u001b", "\u0007");
        assertThat(dns.getMessage()).contains("evil\\r\\n.test", "no answer\\x00");
        assertThat(new NotSentException(NotSentException.Reason.TLS_REQUIRED, "the server said \u001b[2J", TRANSCRIPT)
                .onCallerThread().getMessage()).contains("said \\x1b[2J");
    }
}
