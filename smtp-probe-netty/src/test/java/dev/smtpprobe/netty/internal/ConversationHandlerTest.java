package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Direction;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.Step;
import dev.smtpprobe.TranscriptListener;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ConversationHandler}'s matching of replies to steps (RFC 2920 §3.1: replies come in the order of the
 * commands), on an {@link EmbeddedChannel} where the test decides which commands count as written.
 */
class ConversationHandlerTest {

    private final TranscriptRecorder recorder = new TranscriptRecorder(TranscriptListener.NONE);
    private final ConversationHandler handler = new ConversationHandler(recorder, Duration.ofSeconds(5), "mx.test");
    private final EmbeddedChannel channel = new EmbeddedChannel();

    ConversationHandlerTest() {
        channel.pipeline().addLast(handler); // added to an active channel: no greeting is awaited
    }

    @AfterEach
    void close() {
        channel.finishAndReleaseAll();
    }

    private static RawReply reply(String line) {
        return new RawReply(Integer.parseInt(line.substring(0, 3)), List.of(line.substring(4)), List.of(line));
    }

    /** A step queued as its command is handed to the transport; {@code written} says whether it has gone out whole. */
    private Pending queued(Step step, boolean written) {
        var p = new Pending(step);
        assertThat(handler.expect(p)).isTrue();
        if (written) {
            p.start(Duration.ofSeconds(5), handler);
        }
        return p;
    }

    @Test
    void replyToAPipelinedCommandNotYetWrittenIsAProtocolViolationAndNeverItsReply() {
        Pending mail = queued(Step.MAIL, true);
        Pending rcpt = queued(Step.RCPT, false); // still in the outbound buffer

        channel.writeInbound(reply("250 2.1.0 sender ok"));
        channel.writeInbound(reply("250 2.1.5 recipient ok"));

        assertThat(mail.join().code()).isEqualTo(250);
        assertThat(rcpt).isCompletedExceptionally();
        var e = (ProtocolViolationException) rcpt.handle((r, t) -> t).join();
        assertThat(e.step()).isEqualTo(Step.RCPT);
        assertThat(e.getMessage()).contains("the server answered before RCPT was written");
        assertThat(e.earlyReply()).hasValueSatisfying(r -> assertThat(r.lines()).containsExactly("2.1.5 recipient ok"));
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.transcript().lines(Direction.INFO)).anyMatch(l -> l.contains("the command was not fully written"));
        assertThat(channel.isOpen()).isFalse();
    }

    @Test
    void replyToAWrittenPipelinedCommandIsItsReply() {
        Pending mail = queued(Step.MAIL, true);
        Pending rcpt = queued(Step.RCPT, true);

        channel.writeInbound(reply("250 2.1.0 sender ok"));
        channel.writeInbound(reply("550 5.1.1 no such user"));

        assertThat(mail.join().code()).isEqualTo(250);
        assertThat(rcpt.join().code()).isEqualTo(550);
        assertThat(channel.isOpen()).isTrue();
    }

    @Test
    void contentStepOpenedBy354FailsOnAReplyBeforeItsFirstOctet() {
        Pending content = handler.expectContent();

        channel.writeInbound(reply("250 2.0.0 queued as X"));

        var e = (ProtocolViolationException) content.handle((r, t) -> t).join();
        assertThat(e.step()).isEqualTo(Step.DATA_CONTENT);
        assertThat(e.getMessage()).contains("the server answered before the end of data");
        assertThat(e.earlyReply()).isPresent();
        assertThat(e.transcript().lines(Direction.INFO)).anyMatch(l -> l.contains("the final dot was not sent"));
        assertThat(new String(e.offendingBytes(), StandardCharsets.US_ASCII)).isEqualTo("250 2.0.0 queued as X");
    }
}
