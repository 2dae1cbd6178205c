package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.ReplyLimits;
import dev.smtpprobe.testing.FuzzTries;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

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
 * needs one adaptation there. Brief in every build ({@value #TRIES} tries per property); run longer on demand with
 * {@code mvn -o -pl smtp-probe-netty -am test -Dtest=ReplyDecoderFuzzTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dfuzz.tries=1000000} (see {@link FuzzTries}).
 */
@AddLifecycleHook(FuzzTries.class)
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

    @Property(tries = TRIES)
    void decoderAgreesWithTheReferenceAndSplitReadsChangeNothing(@ForAll("input") byte[] input,
            @ForAll("cuts") List<Integer> cuts, @ForAll("limits") ReplyLimits limits) {
        Outcome expected = reference(input, limits);
        assertThat(decode(input, List.of(), limits)).as("one read").isEqualTo(expected);
        assertThat(decode(input, cuts, limits)).as("reads split at %s", cuts).isEqualTo(expected);
    }

    @Property(tries = TRIES)
    void validRepliesDecodeToWhatWasSentHoweverTheyAreSplit(@ForAll("validReplies") List<View> replies,
            @ForAll("cuts") List<Integer> cuts) {
        byte[] wire = encode(replies);
        Outcome outcome = decode(wire, cuts, ReplyLimits.DEFAULT);
        assertThat(outcome.failed()).isFalse();
        assertThat(outcome.replies()).isEqualTo(replies);
        assertThat(reference(wire, ReplyLimits.DEFAULT).replies()).isEqualTo(replies);
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

    @Provide
    Arbitrary<List<View>> validReplies() {
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('é', '用', '\t')
                .ofMaxLength(30);
        // a continuation line with empty text is "250-", a last one "250"
        Arbitrary<View> reply = Combinators.combine(Arbitraries.integers().between(200, 599), text.list().ofMinSize(1)
                .ofMaxSize(4)).as(View::new);
        return reply.list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<byte[]> input() {
        Arbitrary<byte[]> valid = validReplies().map(ReplyDecoderFuzzTest::encode);
        Arbitrary<Byte> nasty = Arbitraries.of((byte) '\r', (byte) '\n', (byte) ' ', (byte) '-', (byte) '2', (byte) '5',
                (byte) '0', (byte) '9', (byte) '1', (byte) '6', (byte) 0, (byte) 0xff, (byte) 0xc3, (byte) 0xa9,
                (byte) 0x80, (byte) 'a', (byte) 0x1b);
        Arbitrary<byte[]> noise = nasty.list().ofMaxSize(60).map(ReplyDecoderFuzzTest::bytes);
        Arbitrary<byte[]> mutated = Combinators.combine(valid, nasty.list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.integers().between(0, 200).list().ofMinSize(1).ofMaxSize(4), Arbitraries.integers().between(0, 2))
                .as(ReplyDecoderFuzzTest::mutate);
        Arbitrary<byte[]> long_ = Combinators.combine(Arbitraries.integers().between(200, 599),
                Arbitraries.integers().between(0, 120), Arbitraries.of("\r\n", "", "\n", "\r"))
                .as((c, n, end) -> (c + " " + "x".repeat(n) + end).getBytes(StandardCharsets.US_ASCII));
        return Arbitraries.frequencyOf(Tuple.of(3, valid), Tuple.of(2, noise), Tuple.of(5, mutated), Tuple.of(2, long_),
                Tuple.of(5, loose()));
    }

    /** Lines that are nearly replies: codes 0-999 and 2-4 digits, odd separators and line ends, mixed codes. */
    private static Arbitrary<byte[]> loose() {
        Arbitrary<String> code = Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("250", "220", "354", "421", "550", "599", "200")),
                Tuple.of(3, Arbitraries.integers().between(0, 999).map(i -> String.format("%03d", i))),
                Tuple.of(1, Arbitraries.strings().numeric().ofMinLength(0).ofMaxLength(4)));
        Arbitrary<String> separator = Arbitraries.of(" ", " ", "-", "-", "", "x", "\t", "--");
        Arbitrary<String> text = Arbitraries.strings().withCharRange(' ', '~').withChars('\u00e9', '\r', '\u0000')
                .ofMaxLength(12);
        Arbitrary<String> end = Arbitraries.of("\r\n", "\r\n", "\r\n", "\r\n", "\n", "\r", "\r\r\n", "");
        Arbitrary<String> line = Combinators.combine(code, separator, text, end).as((c, sep, t, e) -> c + sep + t + e);
        return line.list().ofMaxSize(8).map(ls -> String.join("", ls).getBytes(StandardCharsets.UTF_8));
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 400).list().ofMaxSize(8);
    }

    @Provide
    Arbitrary<ReplyLimits> limits() {
        return Arbitraries.of(ReplyLimits.DEFAULT, new ReplyLimits(20, 3, 60), new ReplyLimits(3, 1, 5),
                new ReplyLimits(40, 2, 42));
    }

    /** Inserts ({@code how} 0), replaces (1) or drops (2) bytes at the given positions. */
    private static byte[] mutate(byte[] valid, List<Byte> with, List<Integer> at, int how) {
        var out = new ArrayList<Byte>();
        for (byte b : valid) {
            out.add(b);
        }
        for (int i = 0; i < at.size(); i++) {
            int pos = out.isEmpty() ? 0 : at.get(i) % (out.size() + (how == 0 ? 1 : 0));
            byte b = with.get(i % with.size());
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
        return bytes(out);
    }

    private static byte[] bytes(List<Byte> list) {
        byte[] out = new byte[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }
}
