package dev.smtpprobe.netty.internal;

import dev.smtpprobe.spi.ContentEncoder;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelProgressiveFuture;
import io.netty.channel.ChannelProgressiveFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Writes the payload of one step, message content after {@code 354} (RFC 5321 §4.1.1.4) or a BDAT chunk (RFC 3030
 * §2), one block at a time: the next block is made and written once the previous one has been taken, and each
 * block must be taken within the data block timeout (RFC 5321 §4.5.3.2.5), so that a slow but steady reader never
 * times out and a server that stops reading does not hang the step. Message content is encoded block by block
 * ({@link #encoding}) into pooled buffers: the message is never copied whole.
 *
 * <p>It counts the octets the transport has handed to the operating system (exactly in plaintext, from Netty's
 * write progress; block by block inside TLS) and records the display lines in the transcript only once their
 * bytes are written, so that a step cut short by a reply that came too early shows exactly how far it got
 * ({@link #unfinished()}). A payload may be written in several runs ({@link #write}), one after the other (the
 * parts of a streamed message). All methods run on the channel's event loop.
 */
final class ContentWriter {

    /** Content is written in blocks of this size; each must be taken within the data block timeout. */
    static final int BLOCK_SIZE = 64 * 1024;

    /** The blocks of one run of writing, made on the event loop when the previous one has been taken. */
    interface Blocks {
        /** The next block, or null when this run has none left. */
        ByteBuf next();
    }

    private final Channel channel;
    private final ConversationHandler handler;
    private final TranscriptRecorder recorder;
    private final Pending pending;
    private final Function<ByteBuf, Object> wrap;
    private final Duration blockTimeout;
    private final LongSupplier total;
    private final String what;
    /**
     * The display lines not yet recorded, {@link #displayHead} to {@link #displayTail}, the payload offset each
     * one's bytes end at, and what it is (parallel arrays: no object per line): a {@code String} with
     * {@link #TEXT} or {@link #ASCII_TEXT}, or the encoder's display chunk with the line's offset and length packed
     * ({@code offset << 10 | length}: see {@link ContentEncoder.DisplayLineListener#asciiLine}).
     */
    private Object[] displayText = new Object[0]; // allocated at the first line: a BDAT chunk has none
    private long[] displayEnd = new long[0];
    private int[] displayForm = new int[0];
    private static final int TEXT = -1;
    private static final int ASCII_TEXT = -2;
    private static final int SLICE_LENGTH_BITS = 10; // a display line has at most ContentEncoder.DISPLAY_LINE_LIMIT octets
    /** How many display lines the arrays first take room for: the lines the transcript shows, at most 32. */
    private int initialDisplay = 32;
    private int displayHead;
    private int displayTail;
    private long queued;
    private volatile long written;

    /**
     * A writer for {@code pending}; {@code wrap} turns each block into what the encoder takes; {@code total} says,
     * when asked after a cut, how many octets the whole payload has (negative when not known: a stream);
     * {@code what} names the payload in the transcript ("content", "chunk").
     */
    ContentWriter(Channel channel, ConversationHandler handler, TranscriptRecorder recorder, Pending pending,
            Function<ByteBuf, Object> wrap, Duration blockTimeout, LongSupplier total, String what) {
        this.channel = channel;
        this.handler = handler;
        this.recorder = recorder;
        this.pending = pending;
        this.wrap = wrap;
        this.blockTimeout = blockTimeout;
        this.total = total;
        this.what = what;
    }

    /**
     * A display line that goes to the transcript once the payload is written up to {@code end}; {@code ascii} as the
     * encoder says ({@link ContentEncoder.DisplayLineListener}).
     */
    void displayLine(long end, String text, boolean ascii) {
        queueDisplay(end, text, ascii ? ASCII_TEXT : TEXT);
    }

    /**
     * An ASCII display line that is {@code chunk[offset, offset + length)}, which the encoder never writes again: it
     * goes to the transcript as that range, once the payload is written up to {@code end}.
     */
    void asciiLine(long end, byte[] chunk, int offset, int length) {
        if (length >> SLICE_LENGTH_BITS != 0 || offset > Integer.MAX_VALUE >> SLICE_LENGTH_BITS) {
            displayLine(end, new String(chunk, offset, length, java.nio.charset.StandardCharsets.ISO_8859_1), true);
        } else {
            queueDisplay(end, chunk, offset << SLICE_LENGTH_BITS | length);
        }
    }

    private void queueDisplay(long end, Object text, int form) {
        if (displayTail == displayText.length) {
            int n = displayTail - displayHead;
            if (displayHead == 0) {
                int capacity = displayText.length == 0 ? initialDisplay : Math.max(32, n * 2);
                displayText = java.util.Arrays.copyOf(displayText, capacity);
                displayEnd = java.util.Arrays.copyOf(displayEnd, capacity);
                displayForm = java.util.Arrays.copyOf(displayForm, capacity);
            } else { // recorded ones at the front: move the rest down
                System.arraycopy(displayText, displayHead, displayText, 0, n);
                System.arraycopy(displayEnd, displayHead, displayEnd, 0, n);
                System.arraycopy(displayForm, displayHead, displayForm, 0, n);
                java.util.Arrays.fill(displayText, n, displayTail, null);
            }
            displayHead = 0;
            displayTail = n;
        }
        displayText[displayTail] = text;
        displayForm[displayTail] = form;
        displayEnd[displayTail++] = end;
    }

    /**
     * An encoder whose display lines (at most {@code displayLines}) this writer records as their bytes are written;
     * {@code messageOctets} as {@link ContentEncoder#ContentEncoder(int, ContentEncoder.DisplayLineListener, long)}.
     */
    ContentEncoder encoder(int displayLines, long messageOctets) {
        initialDisplay = Math.max(1, Math.min(displayLines, 32));
        return new ContentEncoder(displayLines, displayListener(), messageOctets);
    }

    private ContentEncoder.DisplayLineListener displayListener() {
        return new ContentEncoder.DisplayLineListener() {
            @Override
            public void line(long end, String text, boolean ascii) {
                displayLine(end, text, ascii);
            }

            @Override
            public void asciiLine(long end, byte[] bytes, int offset, int length) {
                ContentWriter.this.asciiLine(end, bytes, offset, length);
            }
        };
    }

    /** Octets of the payload handed to the operating system so far (any thread). */
    long written() {
        return written;
    }

    /** How far the writing got, for the transcript, when a reply cut it short. */
    String unfinished() {
        boolean tls = channel.pipeline().get(io.netty.handler.ssl.SslHandler.class) != null;
        long all = total.getAsLong();
        return what + " cut after " + written + (all >= 0 ? " of " + all : "") + " octets"
                + (tls ? " (inside TLS counted in whole blocks: more of the next block may have gone out)" : "");
    }

    /** The blocks of {@code chunk[0, length)} as they are (no copy). */
    static Blocks slices(byte[] chunk, int length) {
        return new Blocks() {
            private int offset;

            @Override
            public ByteBuf next() {
                if (offset >= length) {
                    return null;
                }
                int n = Math.min(BLOCK_SIZE, length - offset);
                ByteBuf block = Unpooled.wrappedBuffer(chunk, offset, n);
                offset += n;
                return block;
            }
        };
    }

    /**
     * The blocks of {@code message[off, off + len)} encoded by {@code encoder} into pooled buffers of
     * {@link #BLOCK_SIZE}; with {@code finish}, the content's end (the CRLF of an unterminated last line) too.
     */
    Blocks encoding(ContentEncoder encoder, byte[] message, int off, int len, boolean finish) {
        return new Blocks() {
            private int pos = off;
            private boolean finished = !finish;

            @Override
            public ByteBuf next() {
                int end = off + len;
                if (pos >= end && finished) {
                    return null;
                }
                // a buffer of the transport's pool (direct, as the socket wants it): recycled, no heap garbage
                ByteBuf block = channel.alloc().ioBuffer(BLOCK_SIZE, BLOCK_SIZE);
                if (block.nioBufferCount() != 1) { // not one region: a view of it would be a copy
                    block.release();
                    block = Unpooled.directBuffer(BLOCK_SIZE, BLOCK_SIZE);
                }
                java.nio.ByteBuffer out = block.nioBuffer(block.writerIndex(), BLOCK_SIZE);
                pos += encoder.encode(message, pos, end - pos, out);
                if (pos >= end && !finished && out.remaining() >= 2) {
                    encoder.finish(out);
                    finished = true;
                }
                int n = out.position();
                if (n == 0) {
                    block.release();
                    return null; // nothing left: an empty message, or a last line that was already terminated
                }
                block.writerIndex(block.writerIndex() + n);
                return block;
            }
        };
    }

    /**
     * Writes the blocks of one run, each once the previous one has been taken; {@code then} runs once all of them
     * have been written. When the step failed meanwhile (or the server answered too early) the connection is
     * closed and {@code then} never runs: the stream is mid-payload, nothing can follow.
     */
    void write(Blocks blocks, Runnable then) {
        if (pending.isDone()) {
            handler.close();
            return;
        }
        ByteBuf block = blocks.next();
        if (block == null) {
            progressed(queued);
            then.run();
            return;
        }
        long offset = queued;
        int n = block.readableBytes();
        queued += n;
        ScheduledFuture<?> guard = guard();
        var promise = channel.newProgressivePromise();
        promise.addListener(new ChannelProgressiveFutureListener() {
            @Override
            public void operationProgressed(ChannelProgressiveFuture future, long progress, long all) {
                progressed(offset + Math.min(progress, n));
            }

            @Override
            public void operationComplete(ChannelProgressiveFuture future) {
                guard.cancel(false);
                if (!future.isSuccess()) {
                    handler.writeFailed(pending, future.cause());
                } else {
                    progressed(offset + n);
                    write(blocks, then);
                }
            }
        });
        channel.writeAndFlush(wrap.apply(block), promise);
    }

    /** Fails the step if the block being written is not taken within the data block timeout. */
    ScheduledFuture<?> guard() {
        return channel.eventLoop().schedule(() -> handler.blockTimedOut(pending, blockTimeout),
                blockTimeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** {@code upTo} octets are written: counts them and records the display lines they complete. */
    private void progressed(long upTo) {
        if (upTo > written) {
            written = upTo;
        }
        while (displayHead < displayTail && displayEnd[displayHead] <= written) {
            Object text = displayText[displayHead];
            int form = displayForm[displayHead];
            displayText[displayHead++] = null;
            if (form == ASCII_TEXT) {
                recorder.contentAscii((String) text); // its size is its length: no scan
            } else if (form == TEXT) {
                recorder.content((String) text);
            } else { // the encoder's chunk: kept, not copied
                recorder.contentAscii((byte[]) text, form >>> SLICE_LENGTH_BITS, form & ((1 << SLICE_LENGTH_BITS) - 1));
            }
        }
    }
}
