package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.ReplyLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Feeds raw bytes to {@link ReplyDecoder} through an {@link EmbeddedChannel}, as Netty's codec tests do. */
class ReplyDecoderTest {

    private EmbeddedChannel channel = new EmbeddedChannel(new ReplyDecoder(ReplyLimits.DEFAULT));
    private final List<ByteBuf> fed = new ArrayList<>();

    @AfterEach
    void noBufferLeftBehind() {
        channel.finishAndReleaseAll();
        // every buffer written into the channel must have been released by the decoder
        assertThat(fed).allSatisfy(b -> assertThat(b.refCnt()).as("refCnt of a fed buffer").isZero());
    }

    private ByteBuf buf(String s) {
        ByteBuf b = Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
        fed.add(b);
        return b;
    }

    private ByteBuf buf(byte[] bytes) {
        ByteBuf b = Unpooled.copiedBuffer(bytes);
        fed.add(b);
        return b;
    }

    private List<RawReply> feed(String... chunks) {
        for (String c : chunks) {
            channel.writeInbound(buf(c));
        }
        return drain();
    }

    private List<RawReply> drain() {
        var out = new ArrayList<RawReply>();
        for (Object o; (o = channel.readInbound()) != null; ) {
            out.add((RawReply) o);
        }
        return out;
    }

    private static List<String> texts(List<byte[]> lines) {
        return lines.stream().map(b -> new String(b, StandardCharsets.ISO_8859_1)).toList();
    }

    private void assertRefused(String bytes, String messagePart) {
        assertThatThrownBy(() -> channel.writeInbound(buf(bytes)))
                .isInstanceOf(ReplyFramingException.class)
                .hasMessageContaining(messagePart);
        assertThat(drain()).isEmpty();
    }

    @Test
    void decodesSingleLineReply() {
        assertThat(feed("250 2.1.0 Sender OK\r\n"))
                .containsExactly(new RawReply(250, List.of("2.1.0 Sender OK"), List.of("250 2.1.0 Sender OK")));
    }

    @Test
    void decodesMultiLineReply() {
        var replies = feed("250-fake.test Hello\r\n250-SIZE 1000\r\n250 PIPELINING\r\n");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).code()).isEqualTo(250);
        assertThat(replies.get(0).lines()).containsExactly("fake.test Hello", "SIZE 1000", "PIPELINING");
        assertThat(replies.get(0).wireLines()).containsExactly("250-fake.test Hello", "250-SIZE 1000", "250 PIPELINING");
    }

    @Test
    void acceptsBareCodeWithEmptyText() {
        assertThat(feed("250\r\n")).containsExactly(new RawReply(250, List.of(""), List.of("250")));
    }

    @Test
    void saysWhetherTheLastLineIsTheBareCode() {
        assertThat(feed("250\r\n").get(0).lastLineBare()).isTrue();
        assertThat(feed("250-a\r\n250\r\n").get(0).lastLineBare()).isTrue();
        assertThat(feed("250 \r\n").get(0).lastLineBare()).isFalse();
        assertThat(feed("250 x\r\n").get(0).lastLineBare()).isFalse();
        assertThat(feed("250-\r\n250 x\r\n").get(0).lastLineBare()).isFalse();
        assertThat(feed("250-a\r\n250 b\r\n").get(0).wireLines()).containsExactly("250-a", "250 b");
    }

    @Test
    void acceptsCodeWithTrailingSpaceAsEmptyText() {
        assertThat(feed("250 \r\n")).containsExactly(new RawReply(250, List.of(""), List.of("250 ")));
    }

    @Test
    void bareCodeEndsAMultiLineReply() {
        var replies = feed("250-first\r\n250\r\n");
        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).lines()).containsExactly("first", "");
    }

    @Test
    void decodesTheSameReplySplitAtEveryBytePosition() {
        String wire = "250-fake.test Hello [127.0.0.1]\r\n250-SIZE 1000\r\n250 PIPELINING\r\n";
        var expected = new RawReply(250, List.of("fake.test Hello [127.0.0.1]", "SIZE 1000", "PIPELINING"),
                List.of("250-fake.test Hello [127.0.0.1]", "250-SIZE 1000", "250 PIPELINING"));
        for (int cut = 1; cut < wire.length(); cut++) {
            channel.finishAndReleaseAll();
            channel = new EmbeddedChannel(new ReplyDecoder(ReplyLimits.DEFAULT));
            channel.writeInbound(buf(wire.substring(0, cut)));
            assertThat(drain()).as("after %d bytes", cut).isEmpty();
            channel.writeInbound(buf(wire.substring(cut)));
            assertThat(drain()).as("split at %d", cut).containsExactly(expected);
        }
    }

    @Test
    void decodesReplyFedOneByteAtATime() {
        String wire = "220-a\r\n220 b\r\n";
        var out = new ArrayList<RawReply>();
        for (char c : wire.toCharArray()) {
            out.addAll(feed(String.valueOf(c)));
        }
        assertThat(out).containsExactly(new RawReply(220, List.of("a", "b"), List.of("220-a", "220 b")));
    }

    @Test
    void decodesSeveralRepliesMergedInOneRead() {
        var replies = feed("250 2.1.0 ok\r\n550-5.7.1 no\r\n550 5.7.1 relay\r\n354 go\r\n");
        assertThat(replies).extracting(RawReply::code).containsExactly(250, 550, 354);
        assertThat(replies.get(1).lines()).containsExactly("5.7.1 no", "5.7.1 relay");
    }

    @Test
    void keepsAPartialReplyAcrossMergedReads() {
        var replies = feed("250 one\r\n250-two\r\n25", "0 three\r\n");
        assertThat(replies).extracting(RawReply::lines).containsExactly(List.of("one"), List.of("two", "three"));
    }

    @Test
    void refusesBareLf() {
        assertRefused("250 ok\n", "bare LF");
    }

    @Test
    void refusesBareLfInsideMultiLineReply() {
        assertRefused("250-a\r\n250 b\n", "bare LF");
    }

    @Test
    void refusesLineThatIsOnlyLf() {
        assertRefused("\n", "bare LF");
    }

    @Test
    void refusesBareCrInsideALine() {
        assertRefused("250 a\rb\r\n", "bare CR");
    }

    @Test
    void refusesInjectedLineAfterBareCr() {
        assertRefused("250 ok\r250 injected\r\n", "bare CR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"850 x\r\n", "2x5 x\r\n", "199 x\r\n", "600 x\r\n", "25\r\n", "25 x\r\n", "100 x\r\n",
            "099 x\r\n", " 250 x\r\n", "\r\n", "abc\r\n"})
    void refusesLineWithoutAValidCode(String line) {
        assertRefused(line, "three digits 200-599");
    }

    @ParameterizedTest
    @ValueSource(strings = {"250x\r\n", "250_ok\r\n", "250\tok\r\n"})
    void refusesCodeFollowedByNeitherSpaceNorHyphen(String line) {
        assertRefused(line, "neither space nor '-'");
    }

    @Test
    void refusesMismatchedCodesAcrossLines() {
        assertRefused("250-a\r\n251 b\r\n", "differs from 250");
    }

    @Test
    void refusesMismatchedCodesAcrossReads() {
        assertThat(feed("250-a\r\n")).isEmpty();
        assertRefused("550 b\r\n", "differs from 250");
    }

    @Test
    void acceptsLineAtTheLengthLimit() {
        var limits = new ReplyLimits(100, 10, 1000);
        channel = new EmbeddedChannel(new ReplyDecoder(limits));
        String text = "x".repeat(96);
        assertThat(feed("250 " + text + "\r\n")).containsExactly(new RawReply(250, List.of(text), List.of("250 " + text)));
    }

    @Test
    void refusesOverLongLineWithCrlf() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 10, 1000)));
        assertRefused("250 " + "x".repeat(97) + "\r\n", "longer than 100");
    }

    @Test
    void refusesOverLongLineBeforeItsCrlfArrives() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 10, 1000)));
        assertThat(feed("250 " + "x".repeat(90))).isEmpty();
        assertRefused("x".repeat(20), "longer than 100");
    }

    @Test
    void refusesEndlessLineWithoutEverBufferingMoreThanTheLimit() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 10, 1000)));
        feed("250 ");
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1000; i++) {
                channel.writeInbound(buf("y".repeat(10)));
            }
        }).isInstanceOf(ReplyFramingException.class).hasMessageContaining("longer than");
    }

    @Test
    void refusesEndlessContinuationAtTheLineCountCap() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 5, 10_000)));
        assertThat(feed("250-1\r\n250-2\r\n250-3\r\n250-4\r\n")).isEmpty();
        assertRefused("250-5\r\n250-6\r\n", "longer than 5 lines");
    }

    @Test
    void acceptsReplyOfExactlyTheLineCountCap() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 3, 10_000)));
        assertThat(feed("250-1\r\n250-2\r\n250 3\r\n")).hasSize(1);
    }

    @Test
    void lineCountCapIsPerReply() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 2, 10_000)));
        assertThat(feed("250-1\r\n250 2\r\n", "250-1\r\n250 2\r\n")).hasSize(2);
    }

    @Test
    void refusesReplyOverTheByteCap() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 1000, 300)));
        String line = "250-" + "z".repeat(90) + "\r\n"; // 96 bytes
        assertThat(feed(line + line + line)).isEmpty();
        assertRefused(line, "larger than 300 bytes");
    }

    @Test
    void decodesUtf8Text() {
        var replies = feed("250 2.0.0 Přijato 受け付けました\r\n");
        assertThat(replies.get(0).lines()).containsExactly("2.0.0 Přijato 受け付けました");
    }

    @Test
    void decodesUtf8CharacterSplitBetweenReads() {
        byte[] bytes = "250 č\r\n".getBytes(StandardCharsets.UTF_8);
        channel.writeInbound(buf(java.util.Arrays.copyOfRange(bytes, 0, 5)));
        channel.writeInbound(buf(java.util.Arrays.copyOfRange(bytes, 5, bytes.length)));
        assertThat(drain()).extracting(RawReply::lines).containsExactly(List.of("č"));
    }

    @Test
    void dropsEveryByteAfterAFailure() {
        assertRefused("250 ok\n", "bare LF");
        channel.writeInbound(buf("250 fine afterwards\r\n"));
        channel.writeInbound(buf("220 also\r\n"));
        assertThat(drain()).isEmpty();
        channel.checkException(); // nothing pending: the failure was reported once
    }

    @Test
    void dropsTheRestOfTheFailingReadIncludingValidReplies() {
        var good = new ArrayList<RawReply>();
        assertThatThrownBy(() -> channel.writeInbound(buf("250 first\r\n850 bad\r\n250 after\r\n")))
                .isInstanceOf(ReplyFramingException.class);
        good.addAll(drain());
        assertThat(good).extracting(RawReply::code).containsExactly(250);
    }

    @Test
    void failureCarriesABoundedExcerptOfTheOffendingBytes() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(1000, 10, 100_000)));
        String junk = "850 " + "q".repeat(900) + "\r\n";
        assertThatThrownBy(() -> channel.writeInbound(buf(junk)))
                .isInstanceOfSatisfying(ReplyFramingException.class, e -> {
                    assertThat(e.excerpt()).hasSizeLessThanOrEqualTo(256);
                    assertThat(new String(e.excerpt(), StandardCharsets.US_ASCII)).startsWith("850 qqq");
                });
    }

    @Test
    void partialHoldsTheLinesOfAnUnfinishedReplyAndTheFragment() {
        feed("250-a\r\n250-b\r\n250 fr");
        ReplyDecoder decoder = channel.pipeline().get(ReplyDecoder.class);
        assertThat(texts(decoder.partial())).containsExactly("250-a", "250-b", "250 fr");
    }

    @Test
    void partialAfterAReplyOverTheByteLimitHoldsTheLinesReadBeforeIt() {
        channel = new EmbeddedChannel(new ReplyDecoder(new ReplyLimits(100, 10, 250)));
        String line = "250-" + "x".repeat(76); // 80 octets, 82 with CRLF: the fourth passes 250
        assertRefused(line + "\r\n" + line + "\r\n" + line + "\r\n" + line + "\r\n", "larger than 250");
        ReplyDecoder decoder = channel.pipeline().get(ReplyDecoder.class);
        assertThat(texts(decoder.partial())).containsExactly(line, line, line);
    }

    @Test
    void aReplyLargerThanTheFirstBufferComesWholeAndTheNextOneAlone() {
        var wire = new StringBuilder();
        var lines = new java.util.ArrayList<String>();
        for (int i = 0; i < 20; i++) {
            String text = "line " + i + " " + "y".repeat(60);
            lines.add(text);
            wire.append(i < 19 ? "250-" : "250 ").append(text).append("\r\n");
        }
        var replies = feed(wire + "221 bye\r\n");
        assertThat(replies).hasSize(2);
        assertThat(replies.get(0).lines()).isEqualTo(lines);
        assertThat(new String(replies.get(0).wire(), StandardCharsets.US_ASCII)).isEqualTo(wire.toString());
        assertThat(replies.get(1)).isEqualTo(new RawReply(221, List.of("bye"), List.of("221 bye")));
    }

    @Test
    void partialKeepsTheFragmentAfterTheChannelCloses() {
        feed("250-a\r\n250-b");
        ReplyDecoder decoder = channel.pipeline().get(ReplyDecoder.class);
        channel.close();
        assertThat(texts(decoder.partial())).containsExactly("250-a", "250-b");
    }

    @Test
    void releasesBuffersOfCompleteAndIncompleteReplies() {
        ByteBuf complete = buf("250 ok\r\n");
        ByteBuf incomplete = buf("250-a\r\n25");
        channel.writeInbound(complete);
        channel.writeInbound(incomplete);
        drain();
        assertThat(complete.refCnt()).isZero();
        assertThat(channel.finishAndReleaseAll()).isFalse();
        assertThat(incomplete.refCnt()).isZero();
    }

    @Test
    void releasesBuffersAfterAFailure() {
        ByteBuf bad = buf("850 no\r\nmore");
        assertThatThrownBy(() -> channel.writeInbound(bad)).isInstanceOf(ReplyFramingException.class);
        ByteBuf later = buf("250 later\r\n");
        channel.writeInbound(later);
        assertThat(bad.refCnt()).isZero();
        assertThat(later.refCnt()).isZero();
    }

    // --- exact bytes for code (issue 11 item 12): the decoder escapes nothing and loses nothing ---

    @Test
    void controlsAndInvalidUtf8ReachTheReplyAsTheyCame() {
        byte[] wire = {'2', '2', '0', '-', 0x1b, '[', '2', 'J', 0x08, 0x7f, 0x00, '\r', '\n',
                '2', '2', '0', ' ', 'c', 'a', 'f', (byte) 0xe9, (byte) 0xc3, (byte) 0xa9, '\r', '\n'};
        channel.writeInbound(buf(wire));
        List<RawReply> replies = drain();

        assertThat(replies).hasSize(1);
        assertThat(replies.get(0).wire()).containsExactly(wire);
        assertThat(replies.get(0).lines()).containsExactly("\u001b[2J\b\u007f\u0000", "caf\ufffd\u00e9");
        assertThat(replies.get(0).wireLineBytes()).hasSize(2);
        assertThat(replies.get(0).wireLineBytes().get(1)).containsExactly('2', '2', '0', ' ', 'c', 'a', 'f', (byte) 0xe9,
                (byte) 0xc3, (byte) 0xa9);
        // what the session builds from it: the same text, the same bytes
        var reply = new dev.smtpprobe.Reply(220, replies.get(0).lines(), java.time.Duration.ZERO, replies.get(0).wire());
        assertThat(reply.wire()).containsExactly(wire);
    }

    @Test
    void theFragmentKeptAtACloseHoldsItsBareCrAndInvalidBytes() {
        byte[] fragment = {'2', '5', '0', '-', 'x', '\r', ' ', '~', '>', ' ', 'A', 'U', 'T', 'H', (byte) 0xff};
        feed("250-a\r\n");
        channel.writeInbound(buf(fragment));
        ReplyDecoder decoder = channel.pipeline().get(ReplyDecoder.class);
        channel.close();

        List<byte[]> partial = decoder.partial();
        assertThat(partial).hasSize(2);
        assertThat(partial.get(0)).containsExactly('2', '5', '0', '-', 'a');
        assertThat(partial.get(1)).containsExactly(fragment);
    }
}
