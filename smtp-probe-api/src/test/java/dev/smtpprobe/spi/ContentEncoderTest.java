package dev.smtpprobe.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** DATA content from {@link ContentEncoder}: line endings, dot-stuffing, the final CRLF, display lines, in any blocks. */
class ContentEncoderTest {

    /** The whole message encoded in one go. */
    static byte[] prepareWhole(byte[] message) {
        return encodeInBlocks(message, Math.max(1, message.length), Math.max(2, 2 * message.length + 2));
    }

    /**
     * The message fed {@code in} octets at a time into output blocks of {@code out} octets (at least 2), as a
     * transport does; all output concatenated.
     */
    static byte[] encodeInBlocks(byte[] message, int in, int out) {
        var encoder = new ContentEncoder(0, (end, text, ascii) -> { });
        var result = new java.io.ByteArrayOutputStream();
        byte[] block = new byte[out];
        int pos = 0;
        while (pos < message.length) {
            int feed = Math.min(in, message.length - pos);
            int taken = 0;
            while (taken < feed) {
                long before = encoder.octets();
                taken += encoder.encode(message, pos + taken, feed - taken, block, 0, out);
                result.write(block, 0, (int) (encoder.octets() - before));
            }
            pos += feed;
        }
        result.write(block, 0, encoder.finish(block, 0));
        return result.toByteArray();
    }

    /** The transcript's lines for a raw message: the display lines, then the summary. */
    static List<String> displayLines(byte[] message, int max) {
        var lines = new ArrayList<String>();
        var encoder = new ContentEncoder(max, (end, text, ascii) -> lines.add(text));
        byte[] block = new byte[7];
        int pos = 0;
        while (pos < message.length) {
            pos += encoder.encode(message, pos, message.length - pos, block, 0, block.length);
        }
        encoder.finish(block, 0);
        encoder.summary().ifPresent(lines::add);
        return lines;
    }


    /** Bytes as a string, one char per byte, so that every byte value round-trips. */
    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static String prepare(String message) {
        return latin1(prepareWhole(message.getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void bareLfBecomesCrlf() {
        assertThat(prepare("a\nb\n")).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void bareCrBecomesCrlf() {
        assertThat(prepare("a\rb\r")).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void crlfIsKeptAsIs() {
        assertThat(prepare("Subject: x\r\n\r\nbody\r\n")).isEqualTo("Subject: x\r\n\r\nbody\r\n");
    }

    @Test
    void crBeforeCrlfIsALineOfItsOwn() {
        assertThat(prepare("a\r\r\nb")).isEqualTo("a\r\n\r\nb\r\n");
    }

    @Test
    void lfFollowedByCrIsTwoLineEndings() {
        assertThat(prepare("a\n\rb")).isEqualTo("a\r\n\r\nb\r\n");
    }

    @Test
    void finalCrlfIsAddedWhenMissing() {
        assertThat(prepare("body")).isEqualTo("body\r\n");
        assertThat(prepare("a\r\nb")).isEqualTo("a\r\nb\r\n");
    }

    @Test
    void emptyMessageStaysEmpty() {
        assertThat(prepareWhole(new byte[0])).isEmpty();
    }

    @Test
    void messageOfOneLineEndingIsOneEmptyLine() {
        assertThat(prepare("\r\n")).isEqualTo("\r\n");
        assertThat(prepare("\n")).isEqualTo("\r\n");
    }

    @Test
    void lineOfASingleDotIsStuffed() {
        assertThat(prepare(".")).isEqualTo("..\r\n");
        assertThat(prepare("a\r\n.\r\nb\r\n")).isEqualTo("a\r\n..\r\nb\r\n");
    }

    @Test
    void dotOnTheFirstLineIsStuffed() {
        assertThat(prepare(".hidden")).isEqualTo("..hidden\r\n");
        assertThat(prepare("..")).isEqualTo("...\r\n");
    }

    @Test
    void dotAfterEachKindOfLineEndingIsStuffed() {
        assertThat(prepare("a\r\n.b")).isEqualTo("a\r\n..b\r\n");
        assertThat(prepare("a\n.b")).isEqualTo("a\r\n..b\r\n");
        assertThat(prepare("a\r.b")).isEqualTo("a\r\n..b\r\n");
    }

    @Test
    void dotInsideALineIsNotStuffed() {
        assertThat(prepare("a.b. c.\r\n")).isEqualTo("a.b. c.\r\n");
        assertThat(prepare(" .\r\n")).isEqualTo(" .\r\n");
    }

    @Test
    void otherBytesPassThroughUnchanged() {
        byte[] message = {0, 1, (byte) 0x80, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, '\t', 0x7F};
        byte[] expected = {0, 1, (byte) 0x80, (byte) 0xC3, (byte) 0xA9, (byte) 0xFF, '\t', 0x7F, '\r', '\n'};

        assertThat(prepareWhole(message)).containsExactly(expected);
    }

    @Test
    void inputArrayIsNotModified() {
        byte[] message = ".a\nb".getBytes(StandardCharsets.US_ASCII);

        prepareWhole(message);

        assertThat(message).containsExactly(".a\nb".getBytes(StandardCharsets.US_ASCII));
    }

    // --- property: for random bytes, prepare gives valid DATA content that decodes back to the input ---

    /** What prepare should do to line endings, written independently: CRLF, then CR, then LF, each to one CRLF. */
    private static String normalisedLineEndings(String message) {
        String lf = message.replace("\r\n", "\n").replace('\r', '\n');
        String crlf = lf.replace("\n", "\r\n");
        return crlf.isEmpty() || crlf.endsWith("\r\n") ? crlf : crlf + "\r\n";
    }

    /** The lines of prepared content; the content ends with CRLF, so there is no text after the last one. */
    private static List<String> lines(String content) {
        var lines = new ArrayList<String>();
        int start = 0;
        for (int end; (end = content.indexOf("\r\n", start)) >= 0; start = end + 2) {
            lines.add(content.substring(start, end));
        }
        assertThat(content.substring(start)).as("text after the last CRLF").isEmpty();
        return lines;
    }

    /** What a receiving server does (RFC 5321 §4.5.2): drops the first dot of each line that starts with one. */
    private static String unstuffed(String content) {
        var out = new StringBuilder();
        for (String line : lines(content)) {
            out.append(line.startsWith(".") ? line.substring(1) : line).append("\r\n");
        }
        return out.toString();
    }

    private static byte[] randomMessage(Random random) {
        // weighted towards the bytes that matter: CR, LF, dot; sometimes any byte at all
        byte[] alphabet = {'\r', '\n', '.', '.', 'a', 'b', ' ', '\r', '\n'};
        byte[] message = new byte[random.nextInt(40)];
        for (int i = 0; i < message.length; i++) {
            message[i] = random.nextInt(8) == 0 ? (byte) random.nextInt(256) : alphabet[random.nextInt(alphabet.length)];
        }
        return message;
    }

    @Test
    void preparedContentOfRandomBytesIsValidAndDecodesToTheInput() {
        var random = new Random(5321);
        for (int run = 0; run < 5000; run++) {
            byte[] input = randomMessage(random);
            String message = latin1(input);
            String content = latin1(prepareWhole(input));
            String as = "input \"" + message.replace("\r", "\\r").replace("\n", "\\n") + "\"";

            for (int i = 0; i < content.length(); i++) {
                if (content.charAt(i) == '\r') {
                    assertThat(i + 1 < content.length() && content.charAt(i + 1) == '\n').as("bare CR at %d, %s", i, as).isTrue();
                }
                if (content.charAt(i) == '\n') {
                    assertThat(i > 0 && content.charAt(i - 1) == '\r').as("bare LF at %d, %s", i, as).isTrue();
                }
            }
            if (input.length == 0) {
                assertThat(content).as(as).isEmpty();
            } else {
                assertThat(content).as(as).endsWith("\r\n");
            }
            assertThat(lines(content)).as("no line may be a lone dot (it would end DATA early), %s", as)
                    .doesNotContain(".");
            assertThat(("\r\n" + content)).as(as).doesNotContain("\r\n.\r\n");
            assertThat(unstuffed(content)).as(as).isEqualTo(normalisedLineEndings(message));
        }
    }

    // --- transcript display ---

    private static byte[] preparedLines(int count) {
        var text = new StringBuilder();
        for (int i = 1; i <= count; i++) {
            text.append("line ").append(i).append("\r\n");
        }
        return text.toString().getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void displayLinesShowsEveryLineWhenThereAreNoMoreThanMax() {
        assertThat(displayLines(preparedLines(3), 5)).containsExactly("line 1", "line 2", "line 3");
        assertThat(displayLines(preparedLines(3), 3)).containsExactly("line 1", "line 2", "line 3");
    }

    @Test
    void displayLinesTruncatesAndSummarisesTheRest() {
        byte[] content = preparedLines(5);

        assertThat(displayLines(content, 2)).containsExactly("line 1", "line 2",
                "[... 3 more lines; " + content.length + " bytes of content in all]");
    }

    @Test
    void displayLinesSummarisesEvenASingleLineBeyondMax() {
        byte[] content = preparedLines(3);

        assertThat(displayLines(content, 2)).containsExactly("line 1", "line 2",
                "[... 1 more lines; " + content.length + " bytes of content in all]");
    }

    @Test
    void displayLinesWithMaxZeroGivesOnlyTheSummary() {
        byte[] content = preparedLines(4);

        assertThat(displayLines(content, 0))
                .containsExactly("[... 4 more lines; " + content.length + " bytes of content in all]");
    }

    @Test
    void displayLinesOfEmptyContentIsEmpty() {
        assertThat(displayLines(new byte[0], 20)).isEmpty();
    }

    @Test
    void displayLinesKeepsEmptyLinesAndDotStuffing() {
        byte[] content = "Subject: x\n\n.\n".getBytes(StandardCharsets.US_ASCII);

        assertThat(displayLines(content, 10)).containsExactly("Subject: x", "", "..");
    }

    @Test
    void displayLinesDecodesUtf8() {
        byte[] content = "Subject: caf\u00e9\n".getBytes(StandardCharsets.UTF_8);

        assertThat(displayLines(content, 10)).containsExactly("Subject: caf\u00e9");
    }

    @Test
    void everySplitIntoBlocksGivesTheSameContent() {
        var random = new Random(3030);
        for (int run = 0; run < 3000; run++) {
            byte[] input = randomMessage(random);
            byte[] whole = prepareWhole(input);
            int in = 1 + random.nextInt(5);
            int out = 2 + random.nextInt(6);
            assertThat(encodeInBlocks(input, in, out)).as("input %s in %d/out %d", latin1(input), in, out).isEqualTo(whole);
        }
    }

    /** The same as {@link #encodeInBlocks}, into direct buffers (no array: the bulk path), with the display lines. */
    private static byte[] encodeInDirectBuffers(byte[] message, int in, int out, List<String> shown, List<Long> ends) {
        var encoder = new ContentEncoder(3, (end, text, ascii) -> {
            shown.add(text);
            ends.add(end);
        });
        var result = new java.io.ByteArrayOutputStream();
        var block = java.nio.ByteBuffer.allocateDirect(out);
        int pos = 0;
        while (pos < message.length) {
            int feed = Math.min(in, message.length - pos);
            int taken = 0;
            while (taken < feed) {
                block.clear();
                taken += encoder.encode(message, pos + taken, feed - taken, block);
                block.flip();
                byte[] written = new byte[block.remaining()];
                block.get(written);
                result.writeBytes(written);
            }
            pos += feed;
        }
        block.clear();
        encoder.finish(block);
        block.flip();
        byte[] tail = new byte[block.remaining()];
        block.get(tail);
        result.writeBytes(tail);
        return result.toByteArray();
    }

    @Test
    void everySplitIntoDirectBuffersGivesTheSameContentAndDisplayLinesAsOneArray() {
        var random = new Random(8461);
        for (int run = 0; run < 3000; run++) {
            byte[] input = randomMessage(random);
            int in = 1 + random.nextInt(40);
            int out = 2 + random.nextInt(random.nextBoolean() ? 6 : 40_000); // also past the scratch array's size
            var shown = new ArrayList<String>();
            var ends = new ArrayList<Long>();
            byte[] direct = encodeInDirectBuffers(input, in, out, shown, ends);

            var expectedShown = new ArrayList<String>();
            var expectedEnds = new ArrayList<Long>();
            var encoder = new ContentEncoder(3, (end, text, ascii) -> {
                expectedShown.add(text);
                expectedEnds.add(end);
            });
            byte[] whole = new byte[(int) ContentEncoder.maxEncodedLength(input.length)];
            int n = 0;
            int taken = encoder.encode(input, 0, input.length, whole, 0, whole.length);
            n += (int) encoder.octets();
            n += encoder.finish(whole, n);

            assertThat(taken).isEqualTo(input.length);
            assertThat(direct).as("input %s in %d/out %d", latin1(input), in, out)
                    .isEqualTo(java.util.Arrays.copyOf(whole, n)).isEqualTo(prepareWhole(input));
            assertThat(shown).isEqualTo(expectedShown);
            assertThat(ends).isEqualTo(expectedEnds);
        }
    }

    @Test
    void aLongMessageIntoALargeDirectBufferIsEncodedWhole() {
        byte[] message = ("line .\n.dot\r\n" + "x".repeat(70_000) + "\r\nend").getBytes(StandardCharsets.US_ASCII);
        assertThat(encodeInDirectBuffers(message, message.length, 300_000, new ArrayList<>(), new ArrayList<>()))
                .isEqualTo(prepareWhole(message));
    }

    @Test
    void crAtTheEndOfOneBlockAndLfAtTheStartOfTheNextAreOneLineEnding() {
        byte[] message = "ab\r\ncd\r\n".getBytes(StandardCharsets.US_ASCII);
        assertThat(latin1(encodeInBlocks(message, 3, 64))).isEqualTo("ab\r\ncd\r\n");
        assertThat(latin1(encodeInBlocks(message, 3, 2))).isEqualTo("ab\r\ncd\r\n");
    }

    @Test
    void aDotThatStartsABlockAfterALineEndingIsStuffed() {
        byte[] message = "ab\r\n.cd\n.".getBytes(StandardCharsets.US_ASCII);
        assertThat(latin1(encodeInBlocks(message, 4, 64))).isEqualTo("ab\r\n..cd\r\n..\r\n");
        assertThat(latin1(encodeInBlocks(message, 1, 2))).isEqualTo("ab\r\n..cd\r\n..\r\n");
    }

    @Test
    void displayLinesEndAtTheOffsetOfTheirCrlf() {
        var ends = new ArrayList<Long>();
        var encoder = new ContentEncoder(2, (end, text, ascii) -> ends.add(end));
        byte[] message = "a\n.b\nccc\n".getBytes(StandardCharsets.US_ASCII);
        byte[] block = new byte[64];
        encoder.encode(message, 0, message.length, block, 0, block.length);
        assertThat(ends).containsExactly(3L, 8L); // "a\r\n" and "..b\r\n"
        assertThat(encoder.lines()).isEqualTo(3);
    }

    @Test
    void aLongDisplayLineIsCutWithItsLength() {
        byte[] message = ("x".repeat(5000) + "\nnext").getBytes(StandardCharsets.US_ASCII);
        assertThat(displayLines(message, 5)).containsExactly("x".repeat(ContentEncoder.DISPLAY_LINE_LIMIT)
                + " [... line of 5000 octets]", "next");
    }

    @Test
    void theMostAMessageCanGrowIsTwiceItsOctetsAndACrlf() {
        byte[] crs = new byte[100];
        java.util.Arrays.fill(crs, (byte) '\r');
        assertThat(prepareWhole(crs)).hasSize(200);
        assertThat(prepareWhole(new byte[] {'.'})).hasSize((int) ContentEncoder.maxEncodedLength(1));
    }

    @Test
    void encodedLengthCountsWhatEncodingWrites() {
        var random = new Random(1870);
        for (int run = 0; run < 2000; run++) {
            byte[] input = randomMessage(random);
            assertThat(ContentEncoder.encodedLength(input)).as(latin1(input)).isEqualTo(prepareWhole(input).length);
        }
    }

    @Test
    void encodingIntoADirectBufferGivesTheSameContentAsIntoAnArray() {
        var random = new Random(6152);
        for (int run = 0; run < 2000; run++) {
            byte[] input = randomMessage(random);
            var encoder = new ContentEncoder(3, (end, text, ascii) -> { });
            var out = new java.io.ByteArrayOutputStream();
            var block = java.nio.ByteBuffer.allocateDirect(2 + random.nextInt(6));
            int pos = 0;
            while (pos < input.length) {
                block.clear();
                pos += encoder.encode(input, pos, input.length - pos, block);
                block.flip();
                byte[] bytes = new byte[block.remaining()];
                block.get(bytes);
                out.writeBytes(bytes);
            }
            block.clear();
            encoder.finish(block);
            block.flip();
            byte[] rest = new byte[block.remaining()];
            block.get(rest);
            out.writeBytes(rest);
            assertThat(out.toByteArray()).as(latin1(input)).isEqualTo(prepareWhole(input));
        }
    }

    @Test
    void displayLinesSayWhetherTheyAreAsciiSoThatTheirSizeIsTheirLength() {
        var texts = new ArrayList<String>();
        var ascii = new ArrayList<Boolean>();
        var encoder = new ContentEncoder(5, (end, text, isAscii) -> {
            texts.add(text);
            ascii.add(isAscii);
        });
        byte[] message = ("Subject: plain\r\nCaf\u00e9 au lait\r\n" + "x".repeat(1200) + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] invalid = {'b', 'a', 'd', (byte) 0xff, '\r', '\n'};
        byte[] all = new byte[message.length + invalid.length];
        System.arraycopy(message, 0, all, 0, message.length);
        System.arraycopy(invalid, 0, all, message.length, invalid.length);
        byte[] out = new byte[2 * all.length + 8];
        encoder.encode(all, 0, all.length, out, 0, out.length);

        assertThat(ascii).containsExactly(true, false, true, false);
        assertThat(texts.get(2)).endsWith(" [... line of 1200 octets]"); // cut for display, its mark ASCII too
        for (int i = 0; i < texts.size(); i++) {
            if (ascii.get(i)) { // what the transcript counts without a scan: the UTF-8 length is the length
                assertThat(texts.get(i).getBytes(StandardCharsets.UTF_8)).hasSize(texts.get(i).length());
            }
        }
        assertThat(texts.get(1).getBytes(StandardCharsets.UTF_8).length).isGreaterThan(texts.get(1).length());
        assertThat(texts.get(3)).isEqualTo("bad\ufffd"); // one char for the invalid octet, three in UTF-8: no shortcut
    }

    @Test
    void wholeAsciiLinesAreHandedOutAsRangesThatNeverChangeAgain() {
        record Range(byte[] bytes, int offset, int length) {
            String text() {
                return new String(bytes, offset, length, StandardCharsets.ISO_8859_1);
            }
        }
        var ranges = new ArrayList<Range>();
        var texts = new ArrayList<String>();
        var encoder = new ContentEncoder(60, new ContentEncoder.DisplayLineListener() {
            @Override
            public void line(long end, String text, boolean ascii) {
                texts.add(text);
            }

            @Override
            public void asciiLine(long end, byte[] bytes, int offset, int length) {
                ranges.add(new Range(bytes, offset, length));
                texts.add(new Range(bytes, offset, length).text());
            }
        }, -1); // a stream: chunks of 2 KB, then 4 KB, ...
        var message = new StringBuilder();
        var expected = new ArrayList<String>();
        for (int i = 0; i < 50; i++) {
            String line = i == 7 ? "Caf\u00e9 " + i : i == 9 ? "y".repeat(1500) : ".dot line " + i + " " + "z".repeat(i * 10);
            message.append(line).append("\r\n");
            expected.add(i == 9 ? "y".repeat(1000) + " [... line of 1500 octets]" : line.startsWith(".") ? "." + line : line);
        }
        byte[] bytes = message.toString().getBytes(StandardCharsets.UTF_8);
        byte[] out = new byte[64];
        for (int pos = 0; pos < bytes.length; ) { // in small blocks: lines cross them
            pos += encoder.encode(bytes, pos, bytes.length - pos, out, 0, out.length);
        }

        assertThat(texts).containsExactlyElementsOf(expected);
        assertThat(ranges).as("all but the non-ASCII and the cut line").hasSize(48);
        assertThat(ranges.stream().map(Range::bytes).distinct().count()).as("a few shared arrays").isBetween(2L, 6L);
        var later = ranges.stream().map(Range::text).toList();
        assertThat(later).as("still what they were when handed out, after every later line")
                .containsExactlyElementsOf(expected.stream().filter(l -> !l.startsWith("Caf") && !l.startsWith("yyy")).toList());
    }

    @Test
    void aShortMessageKeepsItsDisplayLinesInOneArrayNoLargerThanItself() {
        var arrays = new java.util.IdentityHashMap<byte[], Boolean>();
        byte[] message = "Subject: hi\r\n\r\nshort\r\n".getBytes(StandardCharsets.US_ASCII);
        var encoder = new ContentEncoder(20, new ContentEncoder.DisplayLineListener() {
            @Override
            public void line(long end, String text, boolean ascii) {
                throw new AssertionError("every line is ASCII and whole: " + text);
            }

            @Override
            public void asciiLine(long end, byte[] bytes, int offset, int length) {
                arrays.put(bytes, true);
            }
        }, message.length);
        encoder.encode(message, 0, message.length, new byte[64], 0, 64);

        assertThat(arrays).hasSize(1);
        assertThat(arrays.keySet().iterator().next().length).isLessThanOrEqualTo(message.length + 20);
    }
}
