package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ReplyLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Strict SMTP reply framing (RFC 5321 §4.2), used instead of Netty's lenient {@code SmtpResponseDecoder}: lines
 * end in CRLF (bare LF or CR is an error), start with three digits whose first is 2–5, continue with {@code -},
 * end with a space or nothing (a bare {@code 250} is accepted, RFC 5321 §4.2.1), share one code, and stay within
 * the {@link ReplyLimits}. Anything else raises {@link ReplyFramingException}; after one, every byte is dropped.
 * Each reply is handed over with its exact bytes ({@link RawReply#wire()}) beside the decoded text; nothing is
 * escaped here: control characters are escaped where text is rendered for people ({@code Printable}).
 */
final class ReplyDecoder extends ByteToMessageDecoder {

    private static final int EXCERPT = 256;

    private final ReplyLimits limits;
    private final List<String> lines = new ArrayList<>();
    /** The largest scratch array a thread keeps for the next replies (a larger one is left to the collector). */
    private static final int KEPT_SCRATCH = 4096;
    /**
     * Each I/O thread's scratch array, in which a reply is collected while {@link #decode} runs: one per thread,
     * not per connection, so that an idle session holds no buffer (a decoded reply is handed on only after decode
     * returns, so decode does not nest on one thread; should it, the inner call would take a fresh array).
     */
    private static final ThreadLocal<byte[][]> SCRATCH = ThreadLocal.withInitial(() -> new byte[][] {new byte[512]});
    private static final byte[] NONE = new byte[0];

    /**
     * The reply in progress as received, each line with its CRLF, its first {@link #wireLength} octets: while
     * {@link #decode} runs, the thread's scratch array (grown as a reply needs, copied once per reply); between
     * calls, {@link #carry}.
     */
    private byte[] wire;
    private int wireLength;
    /** Between calls of {@link #decode}: the octets of a reply whose last line has not come yet (rare). */
    private byte[] carry = NONE;
    /** The same lines decoded as UTF-8, whole (code and separator included). */
    private int code = -1;
    private boolean failed;
    private boolean upgradeOn220;
    /** An unterminated line left when the input ended; Netty releases the buffer before channelInactive. */
    private byte[] fragment = new byte[0];

    ReplyDecoder(ReplyLimits limits) {
        this.limits = limits;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        if (failed) {
            in.skipBytes(in.readableBytes());
            return;
        }
        byte[][] scratch = SCRATCH.get();
        wire = scratch[0];
        scratch[0] = null; // taken while in use: a decode nested on this thread (none is known) gets its own
        if (wire == null) {
            wire = new byte[512];
        }
        if (wireLength > 0) { // a reply that began in an earlier read
            if (wire.length < wireLength) {
                wire = new byte[Math.max(wireLength, wire.length * 2)];
            }
            System.arraycopy(carry, 0, wire, 0, wireLength);
        }
        try {
            decodeLines(in, out);
        } finally {
            carry = wireLength > 0 ? Arrays.copyOf(wire, wireLength) : NONE;
            if (wire.length <= KEPT_SCRATCH) {
                scratch[0] = wire;
            }
            wire = null;
        }
    }

    private void decodeLines(ByteBuf in, List<Object> out) {
        while (in.isReadable()) {
            int start = in.readerIndex();
            int lf = in.indexOf(start, in.writerIndex(), (byte) '\n');
            if (lf < 0) {
                if (in.readableBytes() > limits.maxLineLength() + 1) {
                    fail(in, "reply line longer than " + limits.maxLineLength() + " bytes");
                }
                return;
            }
            int length = lf - start; // without LF
            if (length == 0 || in.getByte(lf - 1) != '\r') {
                fail(in, "line not ended by CRLF (bare LF)");
            }
            length--; // without CR
            if (length > limits.maxLineLength()) {
                fail(in, "reply line longer than " + limits.maxLineLength() + " bytes");
            }
            if (in.indexOf(start, start + length, (byte) '\r') >= 0) {
                fail(in, "bare CR inside a reply line");
            }
            boolean last = parseLine(in, start, length);
            in.skipBytes(length + 2);
            if (last) {
                boolean upgrade = upgradeOn220 && code == 220;
                upgradeOn220 = false;
                byte[] trailing = null;
                if (upgrade && in.isReadable()) { // bytes after the 220 to STARTTLS: response injection
                    trailing = ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), EXCERPT));
                    failed = true;
                    in.skipBytes(in.readableBytes());
                }
                out.add(new RawReply(code, List.copyOf(lines), Arrays.copyOf(wire, wireLength), trailing));
                lines.clear();
                code = -1;
                wireLength = 0;
                if (upgrade) {
                    return; // the handler swaps this decoder out for TLS before another byte is read
                }
            }
        }
    }

    /** At end of input: decodes what is complete, then keeps the unterminated rest for {@link #partial()}. */
    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        decode(ctx, in, out);
        if (!failed && in.isReadable()) {
            fragment = ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), EXCERPT));
            in.skipBytes(in.readableBytes());
        }
    }

    /** Checks one line and records it; returns whether it ends the reply. */
    private boolean parseLine(ByteBuf in, int start, int length) {
        if (length < 3 || !digit(in.getByte(start), '2', '5') || !digit(in.getByte(start + 1), '0', '9')
                || !digit(in.getByte(start + 2), '0', '9')) {
            fail(in, "reply line does not start with a code of three digits 200-599");
        }
        int lineCode = (in.getByte(start) - '0') * 100 + (in.getByte(start + 1) - '0') * 10 + (in.getByte(start + 2) - '0');
        boolean last;
        if (length == 3) {
            last = true;
        } else {
            byte sep = in.getByte(start + 3);
            if (sep != ' ' && sep != '-') {
                fail(in, "reply code followed by neither space nor '-'");
            }
            last = sep == ' ';
        }
        if (code >= 0 && lineCode != code) {
            fail(in, "continuation line code " + lineCode + " differs from " + code);
        }
        code = lineCode;
        if (lines.size() + 1 > limits.maxLines()) {
            fail(in, "reply longer than " + limits.maxLines() + " lines");
        }
        if (wireLength + length + 2 > limits.maxReplyBytes()) {
            fail(in, "reply larger than " + limits.maxReplyBytes() + " bytes");
        }
        int at = wireLength;
        wireLength += length + 2;
        if (wire.length < wireLength) {
            wire = Arrays.copyOf(wire, Math.max(wireLength, wire.length * 2));
        }
        in.getBytes(start, wire, at, length);
        wire[at + length] = '\r';
        wire[at + length + 1] = '\n';
        // decoded as Reply decodes its wire bytes, so that the two always agree: the text after code and separator
        // alone (the transcript's whole line is made from code, separator and this text when it is read)
        lines.add(length > 4 ? new String(wire, at + 4, length - 4, StandardCharsets.UTF_8) : "");
        return last;
    }

    private static boolean digit(byte b, char min, char max) {
        return b >= min && b <= max;
    }

    private void fail(ByteBuf in, String what) {
        failed = true;
        byte[] excerpt = ByteBufUtil.getBytes(in, in.readerIndex(), Math.min(in.readableBytes(), EXCERPT));
        in.skipBytes(in.readableBytes());
        throw new ReplyFramingException(what, excerpt);
    }

    /**
     * The next reply answers STARTTLS: if it is {@code 220}, stop decoding after it, and hand over any byte that
     * followed it in the same read as {@link RawReply#trailing()} instead of decoding it (RFC 3207 §5 forbids the
     * client to act on anything sent before the TLS negotiation completes).
     */
    void expectUpgrade() {
        upgradeOn220 = true;
    }

    /**
     * The lines of a reply in progress, and a trailing fragment without CRLF (an excerpt, which may hold a bare
     * CR), as received, for a "connection lost" report.
     */
    List<byte[]> partial() {
        var partial = new ArrayList<byte[]>();
        int lineStart = 0;
        for (int i = 0; i + 1 < wireLength; i++) {
            if (carry[i] == '\r' && carry[i + 1] == '\n') {
                partial.add(Arrays.copyOfRange(carry, lineStart, i));
                lineStart = i + 2;
                i++;
            }
        }
        ByteBuf buffered = internalBuffer();
        if (buffered.isReadable()) {
            int n = Math.min(buffered.readableBytes(), EXCERPT);
            partial.add(ByteBufUtil.getBytes(buffered, buffered.readerIndex(), n));
        } else if (fragment.length > 0) {
            partial.add(fragment);
        }
        return partial;
    }
}
