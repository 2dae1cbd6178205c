package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ReplyLimits;
import dev.smtpprobe.testing.Fuzz;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the reply decoder (issue 11, DESIGN §4): random byte sequences — valid replies, the same with bytes
 * inserted, dropped or replaced (CR, LF, digits, separators, NUL, invalid UTF-8), raw noise — fed through Netty's
 * {@link EmbeddedChannel} whole and at random split points, under default and tiny {@link ReplyLimits}:
 * <ul>
 *   <li>nothing is thrown but the decoder's own {@link ReplyFramingException}, and at most once;</li>
 *   <li>no buffer leaks: every buffer fed in and every one the decoder allocated is released;</li>
 *   <li>the replies decoded (code and lines) and whether framing failed agree with {@link #reference}, a plain
 *       line-and-regex reading of RFC 5321 §4.2 written independently here;</li>
 *   <li>split reads give exactly what one read gives; valid replies decode to what was sent.</li>
 * </ul>
 *
 * <p>The decoder's output is read only through {@link #view(Object)}, so that a change of {@link RawReply}'s shape
 * needs one adaptation there. A failure reports the seed, the try and the input, shrunk, escaped (see {@link Fuzz}).
 *
 * <p>Brief in every build ({@value #TRIES} tries per property). Run it long, for about two minutes per property, with
 * a fresh seed (printed at the start; a failure prints the command that replays it):
 * <pre>
 * mvn -o -q -B -pl smtp-probe-netty -am test -Dtest=ReplyDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.tries=5000000 -Dfuzz.seed=random
 * </pre>
 */
class ReplyDecoderFuzzTest {

    static final int TRIES = 1000;

    /** What a reader made of a reply: its code and the text of each line (after code and separator). */
    record View(int code, List<String> lines) {}

    /** What a reader made of the whole input: the complete replies, and whether it ended in a framing error. */
    record Outcome(List<View> replies, boolean failed) {}

    /** The one place that knows the decoder's output type. */
    static View view(Object message) {
        RawReply reply = (RawReply) message;
        return new View(reply.code(), reply.lines());
    }

    /** Bytes, where the reads split them, and the limits. */
    record AnyInput(byte[] input, List<Integer> cuts, ReplyLimits limits) {}

    /** Valid replies, and where the reads split their bytes. */
    record ValidInput(List<View> replies, List<Integer> cuts) {}

    @Test
    void decoderAgreesWithTheReferenceAndSplitReadsChangeNothing() {
        Fuzz.check(TRIES, r -> new AnyInput(input(r), cuts(r), limits(r)),
                in -> Fuzz.concat(
                        Fuzz.smaller(in.input()).stream().map(b -> new AnyInput(b, in.cuts(), in.limits())).toList(),
                        Fuzz.smaller(in.cuts(), 0).stream().map(c -> new AnyInput(in.input(), c, in.limits()))
                                .toList()),
                in -> {
                    Outcome expected = reference(in.input(), in.limits());
                    assertThat(decode(in.input(), List.of(), in.limits())).as("one read").isEqualTo(expected);
                    assertThat(decode(in.input(), in.cuts(), in.limits())).as("reads split at %s", in.cuts())
                            .isEqualTo(expected);
                });
    }

    @Test
    void validRepliesDecodeToWhatWasSentHoweverTheyAreSplit() {
        Fuzz.check(TRIES, r -> new ValidInput(validReplies(r), cuts(r)),
                in -> Fuzz.concat(
                        Fuzz.smaller(in.replies(), 0).stream().map(v -> new ValidInput(v, in.cuts())).toList(),
                        Fuzz.smallerElement(in.replies(), ReplyDecoderFuzzTest::smaller).stream()
                                .map(v -> new ValidInput(v, in.cuts())).toList(),
                        Fuzz.smaller(in.cuts(), 0).stream().map(c -> new ValidInput(in.replies(), c)).toList()),
                in -> {
                    byte[] wire = encode(in.replies());
                    Outcome outcome = decode(wire, in.cuts(), ReplyLimits.DEFAULT);
                    assertThat(outcome.failed()).isFalse();
                    assertThat(outcome.replies()).isEqualTo(in.replies());
                    assertThat(reference(wire, ReplyLimits.DEFAULT).replies()).isEqualTo(in.replies());
                });
    }

    /** A reply with fewer lines (one at least), or one line's text shorter. */
    private static List<View> smaller(View reply) {
        return Fuzz.concat(
                Fuzz.smaller(reply.lines(), 1).stream().map(ls -> new View(reply.code(), ls)).toList(),
                Fuzz.smallerElement(reply.lines(), Fuzz::smaller).stream().map(ls -> new View(reply.code(), ls)).toList());
    }

    // --- the decoder through EmbeddedChannel ---

    /** A heap allocator that remembers every buffer it made, to prove the decoder released them all. */
    private static final class TrackingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> allocated = new ArrayList<>();

        TrackingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf b = new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
            allocated.add(b);
            return b;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return false;
        }
    }

    static Outcome decode(byte[] input, List<Integer> cuts, ReplyLimits limits) {
        var alloc = new TrackingAllocator();
        var channel = new EmbeddedChannel();
        channel.config().setAllocator(alloc);
        channel.pipeline().addLast(new ReplyDecoder(limits));
        var fed = new ArrayList<ByteBuf>();
        var replies = new ArrayList<View>();
        boolean failed = false;
        int from = 0;
        var points = new ArrayList<>(cuts.stream().map(c -> Math.min(c, input.length)).sorted().toList());
        points.add(input.length);
        for (int to : points) {
            if (to < from) {
                continue;
            }
            ByteBuf chunk = Unpooled.buffer(to - from).writeBytes(input, from, to - from); // never the shared EMPTY_BUFFER
            fed.add(chunk);
            from = to;
            boolean failedBefore = failed;
            try {
                channel.writeInbound(chunk);
            } catch (ReplyFramingException e) {
                assertThat(failed).as("a second framing exception").isFalse();
                failed = true;
            }
            for (Object o; (o = channel.readInbound()) != null; ) {
                assertThat(failedBefore).as("a reply decoded after a framing error").isFalse();
                replies.add(view(o));
            }
        }
        try {
            channel.finish(); // end of input: decodeLast keeps the unterminated rest, throws nothing new
        } catch (ReplyFramingException e) {
            assertThat(failed).as("a framing exception at the end of input after one before").isFalse();
            failed = true;
        }
        for (Object o; (o = channel.readInbound()) != null; ) {
            replies.add(view(o));
        }
        channel.finishAndReleaseAll();
        assertThat(fed).allSatisfy(b -> assertThat(b.refCnt()).as("refCnt of a buffer fed in").isZero());
        assertThat(alloc.allocated).allSatisfy(b -> assertThat(b.refCnt()).as("refCnt of a buffer the decoder made").isZero());
        return new Outcome(replies, failed);
    }

    // --- the reference reader ---

    private static final Pattern LINE = Pattern.compile("([2-5][0-9][0-9])(?:([ -])(.*))?", Pattern.DOTALL);

    /**
     * RFC 5321 §4.2 read the plain way: the input as lines ended by LF, each of which must end in CR and hold no other
     * CR, match {@code ddd[( |-)text]} with a first digit 2-5, and stay within the limits; a reply is lines of one
     * code up to one with a space or nothing after the code. At the first line that fails, reading stops with
     * {@code failed}; an unterminated rest longer than a line may be is a failure too, a shorter one waits.
     */
    static Outcome reference(byte[] input, ReplyLimits limits) {
        String all = new String(input, StandardCharsets.ISO_8859_1); // one char per byte
        var replies = new ArrayList<View>();
        var lines = new ArrayList<String>();
        int code = -1;
        int bytes = 0;
        int start = 0;
        while (start < all.length()) {
            int lf = all.indexOf('\n', start);
            if (lf < 0) {
                return new Outcome(replies, all.length() - start > limits.maxLineLength() + 1);
            }
            String raw = all.substring(start, lf);
            start = lf + 1;
            if (!raw.endsWith("\r")) {
                return new Outcome(replies, true);
            }
            String line = raw.substring(0, raw.length() - 1);
            Matcher m = LINE.matcher(line);
            if (line.indexOf('\r') >= 0 || line.length() > limits.maxLineLength() || !m.matches()) {
                return new Outcome(replies, true);
            }
            int lineCode = Integer.parseInt(m.group(1));
            if ((code >= 0 && lineCode != code) || lines.size() + 1 > limits.maxLines()
                    || (bytes += line.length() + 2) > limits.maxReplyBytes()) {
                return new Outcome(replies, true);
            }
            code = lineCode;
            String text = m.group(3) == null || m.group(3).isEmpty() ? "" : m.group(3);
            lines.add(new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8));
            if (m.group(2) == null || m.group(2).equals(" ")) {
                replies.add(new View(code, List.copyOf(lines)));
                lines.clear();
                code = -1;
                bytes = 0;
            }
        }
        return new Outcome(replies, false);
    }

    static byte[] encode(List<View> replies) {
        var out = new ByteArrayOutputStream();
        for (View r : replies) {
            for (int i = 0; i < r.lines().size(); i++) {
                boolean last = i == r.lines().size() - 1;
                String text = r.lines().get(i);
                String line = r.code() + (last ? (text.isEmpty() ? "" : " " + text) : "-" + text) + "\r\n";
                out.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }

    // --- generators ---

    private static final String TEXT = printableAscii() + "\u00e9\u7528\t";
    private static final String LOOSE_TEXT = printableAscii() + "\u00e9\r\u0000";
    private static final byte[] NASTY = {'\r', '\n', ' ', '-', '2', '5', '0', '9', '1', '6', 0, (byte) 0xff, (byte) 0xc3,
        (byte) 0xa9, (byte) 0x80, 'a', 0x1b};

    private static String printableAscii() {
        var out = new StringBuilder();
        for (char c = ' '; c <= '~'; c++) {
            out.append(c);
        }
        return out.toString();
    }

    /** Up to 5 replies of 1 to 4 lines, codes 200-599, text printable ASCII, {@code é}, {@code 用} and tab. */
    static List<View> validReplies(SplittableRandom r) {
        // a continuation line with empty text is "250-", a last one "250"
        return Fuzz.list(r, 0, 5, x -> new View(Fuzz.between(x, 200, 599),
                Fuzz.list(x, 1, 4, y -> Fuzz.string(y, 0, 30, TEXT))));
    }

    /** Valid replies, noise, valid replies with bytes inserted, replaced or dropped, overlong lines, loose lines. */
    static byte[] input(SplittableRandom r) {
        return switch (Fuzz.weighted(r, 3, 2, 5, 2, 5)) {
            case 0 -> encode(validReplies(r));
            case 1 -> Fuzz.bytes(r, 0, 60, NASTY);
            case 2 -> mutate(encode(validReplies(r)), Fuzz.bytes(r, 1, 4, NASTY),
                    Fuzz.list(r, 1, 4, x -> Fuzz.between(x, 0, 200)), Fuzz.between(r, 0, 2));
            case 3 -> (Fuzz.between(r, 200, 599) + " " + "x".repeat(Fuzz.between(r, 0, 120))
                    + Fuzz.oneOf(r, "\r\n", "", "\n", "\r")).getBytes(StandardCharsets.US_ASCII);
            default -> loose(r);
        };
    }

    /**
     * Lines that are nearly replies: codes 0-999 (199 and 600, just outside 200-599, often) and 0-4 digits, odd
     * separators and line ends, mixed codes.
     */
    private static byte[] loose(SplittableRandom r) {
        var out = new StringBuilder();
        for (String line : Fuzz.list(r, 0, 8, ReplyDecoderFuzzTest::looseLine)) {
            out.append(line);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String looseLine(SplittableRandom r) {
        String code = switch (Fuzz.weighted(r, 6, 3, 1)) {
            case 0 -> Fuzz.oneOf(r, "250", "220", "354", "421", "550", "599", "200", "199", "600");
            case 1 -> String.format("%03d", Fuzz.between(r, 0, 999));
            default -> Fuzz.string(r, 0, 4, "0123456789");
        };
        return code + Fuzz.oneOf(r, " ", " ", "-", "-", "", "x", "\t", "--") + Fuzz.string(r, 0, 12, LOOSE_TEXT)
                + Fuzz.oneOf(r, "\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", "\r\r\n", "");
    }

    static List<Integer> cuts(SplittableRandom r) {
        return Fuzz.list(r, 0, 8, x -> Fuzz.between(x, 0, 400));
    }

    static ReplyLimits limits(SplittableRandom r) {
        return Fuzz.oneOf(r, ReplyLimits.DEFAULT, new ReplyLimits(20, 3, 60), new ReplyLimits(3, 1, 5),
                new ReplyLimits(40, 2, 42));
    }

    /** Inserts ({@code how} 0), replaces (1) or drops (2) bytes at the given positions. */
    private static byte[] mutate(byte[] valid, byte[] with, List<Integer> at, int how) {
        var out = new ArrayList<Byte>();
        for (byte b : valid) {
            out.add(b);
        }
        for (int i = 0; i < at.size(); i++) {
            int pos = out.isEmpty() ? 0 : at.get(i) % (out.size() + (how == 0 ? 1 : 0));
            byte b = with[i % with.length];
            switch (how) {
                case 0 -> out.add(Math.min(pos, out.size()), b);
                case 1 -> {
                    if (!out.isEmpty()) {
                        out.set(Math.min(pos, out.size() - 1), b);
                    }
                }
                default -> {
                    if (!out.isEmpty()) {
                        out.remove(Math.min(pos, out.size() - 1));
                    }
                }
            }
        }
        byte[] bytes = new byte[out.size()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = out.get(i);
        }
        return bytes;
    }
}
