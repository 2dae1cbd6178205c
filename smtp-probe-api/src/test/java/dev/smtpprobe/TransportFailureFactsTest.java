package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The facts a transport failure carries survive the copy a blocking step throws on the caller's thread. */
class TransportFailureFactsTest {

    private static final Transcript TRANSCRIPT = new Transcript(List.of());

    @Test
    void earlyReplyIsKeptOnTheCallersCopy() {
        var reply = new Reply(250, List.of("2.0.0 queued as X"), Duration.ZERO);
        var e = new ProtocolViolationException(Step.DATA_CONTENT, "the server answered before the end of data", reply,
                "250 2.0.0 queued as X".getBytes(StandardCharsets.US_ASCII), TRANSCRIPT, ClosedBy.CLIENT);

        var copy = e.onCallerThread();

        assertThat(copy.earlyReply()).containsSame(reply);
        assertThat(copy.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(copy.getMessage()).isEqualTo(e.getMessage()).contains("the server answered before the end of data");
        assertThat(copy.getCause()).isSameAs(e);
    }

    @Test
    void otherViolationsHaveNoEarlyReply() {
        var e = new ProtocolViolationException(Step.EHLO, "bare LF", new byte[] {'\n'}, TRANSCRIPT);
        assertThat(e.earlyReply()).isEmpty();
        assertThat(e.onCallerThread().earlyReply()).isEmpty();
    }

    @Test
    void handshakeCauseIsKeptOnTheCallersCopy() {
        var e = new TlsFailedException(TlsFailure.HANDSHAKE, TlsFailureCause.PROTOCOL_VERSION,
                "the server sent the TLS alert protocol_version", null, null, null, TRANSCRIPT, ClosedBy.SERVER);

        var copy = e.onCallerThread();

        assertThat(copy.handshakeCause()).hasValue(TlsFailureCause.PROTOCOL_VERSION);
        assertThat(copy.closedBy()).isEqualTo(ClosedBy.SERVER);
        assertThat(copy.getMessage()).isEqualTo(e.getMessage());
    }

    @Test
    void tlsFailuresWithoutAHandshakeHaveNoCause() {
        var e = new TlsFailedException(TlsFailure.REFUSED, "STARTTLS answered 454", null, null, null, TRANSCRIPT);
        assertThat(e.handshakeCause()).isEmpty();
        assertThat(e.onCallerThread().handshakeCause()).isEmpty();
    }
}
