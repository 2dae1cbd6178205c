package dev.smtpprobe.netty.internal;

import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Writes the payload of one step, message content after {@code 354} (RFC 5321 §4.1.1.4) or a BDAT chunk (RFC 3030
 * §2), one block at a time: the next block goes once the previous one has been taken, and each block must be taken
 * within the data block timeout (RFC 5321 §4.5.3.2.5), so that a slow but steady reader never times out and a
 * server that stops reading does not hang the step.
 *
 * <p>It counts the octets the transport has handed to the operating system (exactly in plaintext, from Netty's
 * write progress; block by block inside TLS) and records the display lines in the transcript only once their
 * bytes are written, so that a step cut short by a reply that came too early shows exactly how far it got
 * ({@link #unfinished()}). All methods run on the channel's event loop.
 */
final class ContentWriter {

    /** Content is written in blocks of this size; each must be taken within the data block timeout. */
    static final int BLOCK_SIZE = 64 * 1024;

    private final Channel channel;
    private final ConversationHandler handler;
    private final TranscriptRecorder recorder;
    private final Pending pending;
    private final byte[] content;
    private final Function<ByteBuf, Object> wrap;
    private final Duration blockTimeout;
    private final List<String> displayLines;
    private final int[] displayEnds;
    private final String what;
    private int nextDisplayLine;
    private long written;

    /**
     * A writer of {@code content} for {@code pending}; {@code wrap} turns each block into what the encoder takes;
     * {@code displayLines} go to the transcript as their bytes are written; {@code what} names the payload in the
     * transcript ("content", "chunk").
     */
    ContentWriter(Channel channel, ConversationHandler handler, TranscriptRecorder recorder, Pending pending,
            byte[] content, Function<ByteBuf, Object> wrap, Duration blockTimeout, List<String> displayLines, String what) {
        this.channel = channel;
        this.handler = handler;
        this.recorder = recorder;
        this.pending = pending;
        this.content = content;
        this.wrap = wrap;
        this.blockTimeout = blockTimeout;
        this.displayLines = displayLines;
        this.displayEnds = displayEnds(content, displayLines);
        this.what = what;
    }

    /**
     * Where in {@code content} each display line ends: a display line that is the content's line of the same index
     * ends with that line's CRLF; any other (a summary of the lines left out) once the whole content is written.
     */
    private static int[] displayEnds(byte[] content, List<String> displayLines) {
        int[] ends = new int[displayLines.size()];
        int start = 0;
        int line = 0;
        for (int i = 0; i + 1 < content.length && line < ends.length; i++) {
            if (content[i] == '\r' && content[i + 1] == '\n') {
                boolean same = displayLines.get(line).equals(new String(content, start, i - start, StandardCharsets.UTF_8));
                ends[line] = same ? i + 2 : content.length;
                line++;
                start = i + 2;
                i++;
            }
        }
        for (; line < ends.length; line++) {
            ends[line] = content.length;
        }
        return ends;
    }

    /** Octets of the payload handed to the operating system so far. */
    long written() {
        return written;
    }

    /** How far the writing got, for the transcript, when a reply cut it short. */
    String unfinished() {
        boolean tls = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        return what + " cut after " + written + " of " + content.length + " octets"
                + (tls ? " (inside TLS counted in whole blocks: more of the next block may have gone out)" : "");
    }

    /** Writes the payload from the start; {@code then} runs once all of it has been written. */
    void write(Runnable then) {
        writeFrom(0, then);
    }

    private void writeFrom(int offset, Runnable then) {
        if (pending.future.isDone()) {
            // failed meanwhile, or the server answered too early: the stream is mid-payload, nothing can follow
            handler.close();
            return;
        }
        if (offset >= content.length) {
            progressed(content.length);
            then.run();
            return;
        }
        int n = Math.min(BLOCK_SIZE, content.length - offset);
        ScheduledFuture<?> guard = guard();
        var promise = channel.newProgressivePromise();
        promise.addListener(new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture future, long progress, long total) {
                progressed(offset + Math.min(progress, n));
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture future) {
                guard.cancel(false);
                if (!future.isSuccess()) {
                    handler.writeFailed(pending, future.cause());
                } else {
                    progressed(offset + n);
                    writeFrom(offset + n, then);
                }
            }
        });
        channel.writeAndFlush(wrap.apply(Unpooled.wrappedBuffer(content, offset, n)), promise);
    }

    /** Fails the step if the block being written is not taken within the data block timeout. */
    ScheduledFuture<?> guard() {
        return channel.eventLoop().schedule(() -> handler.blockTimedOut(pending, blockTimeout),
                blockTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@code upTo} octets are written: counts them and records the display lines they complete. */
    private void progressed(long upTo) {
        written = Math.max(written, upTo);
        while (nextDisplayLine < displayEnds.length && displayEnds[nextDisplayLine] <= written) {
            recorder.content(displayLines.get(nextDisplayLine++));
        }
    }
}
