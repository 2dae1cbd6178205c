package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.ContentReadException;
import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ProtocolViolationException;
import dev.smtpprobe.Step;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.Direction;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Message content on the wire, byte for byte, from every form: {@code data(byte[])}, {@code data(InputStream)}
 * (blocking and async), {@code data(Path)}, and BDAT from a stream; the stream is read in parts off the I/O thread
 * with backpressure, and a failing stream cuts the content and closes the connection.
 */
@Timeout(60)
class StreamedContentTest extends FakeServerTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int PART = 64 * 1024;

    @TempDir
    Path dir;

    /** RFC 5321 §4.5.2 content, written independently of the library: the old whole-message preparation. */
    static byte[] reference(byte[] message) {
        var out = new ByteArrayOutputStream();
        boolean lineStart = true;
        for (int i = 0; i < message.length; i++) {
            byte b = message[i];
            if (lineStart && b == '.') {
                out.write('.');
            }
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < message.length && message[i + 1] == '\n') {
                    i++;
                }
                lineStart = true;
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
                lineStart = true;
            } else {
                out.write(b);
                lineStart = false;
            }
        }
        if (!lineStart) {
            out.write('\r');
            out.write('\n');
        }
        return out.toByteArray();
    }

    /** A server that takes {@code count} transactions with DATA, then waits for the client to close. */
    private Hello hello(int count) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 CHUNKING\r\n");
            for (int i = 0; i < count; i++) {
                s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
                s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
                s.reply("DATA", "354 go ahead\r\n");
                s.readData();
                s.send("250 2.0.0 Ok: queued as Q" + i + "\r\n");
            }
            s.reply("QUIT", "221 2.0.0 bye\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    private static Transaction tx(Hello hello) {
        return hello.mailFrom("a@b.test").rcptTo("p@fake.test");
    }

    /** The content of each DATA on the wire, in order: from after {@code DATA CRLF} up to the final dot line. */
    private static List<byte[]> contents(byte[] wire) {
        var out = new ArrayList<byte[]>();
        byte[] data = "\r\nDATA\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] end = "\r\n.\r\n".getBytes(StandardCharsets.US_ASCII);
        for (int at = indexOf(wire, data, 0); at >= 0; at = indexOf(wire, data, at + 1)) {
            int start = at + data.length;
            int dot = indexOf(wire, end, start - 2); // an empty content is "DATA\r\n.\r\n"
            out.add(Arrays.copyOfRange(wire, start, Math.max(start, dot + 2)));
        }
        return out;
    }

    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = Math.max(0, from); i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** {@code n} filler octets, then {@code tail}: puts {@code tail} at a block boundary. */
    private static byte[] at(int n, String tail) {
        byte[] filler = new byte[n];
        Arrays.fill(filler, (byte) 'f');
        byte[] t = ascii(tail);
        byte[] all = Arrays.copyOf(filler, n + t.length);
        System.arraycopy(t, 0, all, n, t.length);
        return all;
    }

    /** The tricky inputs: line endings of every kind, dots, and both at the boundary of a 64 KiB part. */
    private static List<byte[]> trickyInputs() {
        var inputs = new ArrayList<byte[]>(List.of(ascii(""), ascii("\r"), ascii("\n"), ascii("."), ascii("a\rb"),
                ascii("a\nb"), ascii("a\r\rb\n\n"), ascii(".lead\r\n..two\n.\r\n"), ascii("no final line ending"),
                ascii("a\r\n\r\n.\r\n"), at(PART, ""), at(PART - 2, "\r\n"), at(PART - 1, "\r\n"),
                at(PART - 1, "\r.x"), at(PART - 1, "\n.x"), at(PART - 2, "\r\n.x"), at(PART, "\n.x"),
                at(2 * PART - 1, "\r\nend"), at(3 * PART + 17, ".")));
        // a line-leading dot on every line: the content grows, so content blocks and stream parts fall apart
        inputs.add(ascii(".x\n".repeat(PART)));
        byte[] crs = new byte[PART + 1];
        Arrays.fill(crs, (byte) '\r');
        inputs.add(crs); // every octet doubles
        return inputs;
    }

    /** Sends each input with {@code form} on one session; returns what the server got for each. */
    private List<byte[]> sent(List<byte[]> inputs, Function<Transaction, Function<byte[], DataResult>> form) {
        Hello hello = hello(inputs.size());
        for (byte[] input : inputs) {
            DataResult result = form.apply(tx(hello)).apply(input);
            assertThat(result.isAccepted()).isTrue();
        }
        hello.session().close();
        server.awaitScript(WAIT);
        return contents(server.received());
    }

    private void assertEveryFormSendsTheReference(List<byte[]> inputs) throws IOException {
        var expected = inputs.stream().map(StreamedContentTest::reference).toList();
        var files = new ArrayList<Path>();
        for (int i = 0; i < inputs.size(); i++) {
            files.add(Files.write(dir.resolve("m" + i + "-" + System.nanoTime()), inputs.get(i)));
        }
        var forms = new java.util.LinkedHashMap<String, Function<Transaction, Function<byte[], DataResult>>>();
        forms.put("data(byte[])", tx -> tx::data);
        forms.put("data(InputStream)", tx -> m -> tx.data(new ByteArrayInputStream(m)));
        forms.put("data(trickling InputStream)", tx -> m -> tx.data(trickling(m)));
        forms.put("dataAsync(InputStream)", tx -> m -> tx.dataAsync(new ByteArrayInputStream(m)).join());
        forms.put("data(Path)", tx -> m -> tx.data(files.get(indexOfSame(inputs, m))));
        for (var form : forms.entrySet()) {
            List<byte[]> wire = sent(inputs, form.getValue());
            assertThat(wire).as(form.getKey()).hasSameSizeAs(expected);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(wire.get(i)).as("%s, input %d", form.getKey(), i).isEqualTo(expected.get(i));
            }
            client.close();
            server.close();
        }
    }

    private static int indexOfSame(List<byte[]> inputs, byte[] m) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.get(i) == m) {
                return i;
            }
        }
        throw new AssertionError("unknown input");
    }

    /** A stream that gives 1 to 7 octets per read, as a slow pipe does. */
    private static InputStream trickling(byte[] m) {
        var random = new Random(m.length);
        return new FilterInputStream(new ByteArrayInputStream(m)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                return super.read(b, off, Math.min(len, 1 + random.nextInt(7)));
            }
        };
    }

    @Test
    void everyFormPutsTheSameBytesOnTheWireForTrickyInputs() throws IOException {
        assertEveryFormSendsTheReference(trickyInputs());
    }

    @Test
    void streamAndArrayAgreeOnRandomInputsAcrossBlockBoundaries() throws IOException {
        var random = new Random(20260);
        byte[] alphabet = {'\r', '\n', '.', 'a', ' ', '\r', '\n', '.'};
        var inputs = new ArrayList<byte[]>();
        for (int run = 0; run < 12; run++) {
            byte[] m = new byte[random.nextInt(3 * PART)];
            for (int i = 0; i < m.length; i++) {
                m[i] = random.nextInt(4) == 0 ? alphabet[random.nextInt(alphabet.length)] : (byte) random.nextInt(256);
            }
            inputs.add(m);
        }
        assertEveryFormSendsTheReference(inputs);
    }

    /** The transcript's sent lines of the last message: from after DATA up to the final dot. */
    private static List<String> contentLines(List<String> sent) {
        int data = sent.lastIndexOf("DATA");
        return sent.subList(data + 1, sent.lastIndexOf("."));
    }

    @Test
    void aStreamedMessageShowsTheSameTranscriptLinesAsTheArrayForm() {
        Hello hello = hello(2);
        var text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append(i % 5 == 0 ? "." : "").append("line ").append(i).append(i % 3 == 0 ? "\n" : "\r\n");
        }
        byte[] message = ascii(text.toString()); // about 40 KiB: more lines than the transcript shows
        List<String> fromArray = contentLines(tx(hello).data(message).transcript().sent());
        List<String> fromStream = contentLines(tx(hello).data(new ByteArrayInputStream(message)).transcript().sent());
        assertThat(fromArray).hasSize(ProbeOptions.DEFAULT_TRANSCRIPT_BODY_LINES + 1).startsWith("..line 0", "line 1")
                .last().asString().startsWith("[... " + (3000 - ProbeOptions.DEFAULT_TRANSCRIPT_BODY_LINES) + " more lines; ");
        assertThat(fromStream).isEqualTo(fromArray);
    }

    @Test
    void theStreamIsReadOnTheCallersThreadWhenBlockingAndOnAReaderThreadWhenAsync() {
        Hello hello = hello(2);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        byte[] message = at(3 * PART, "\r\n");
        tx(hello).data(recordingThreads(message, threads));
        assertThat(threads).containsExactly(Thread.currentThread().getName());
        threads.clear();
        tx(hello).dataAsync(recordingThreads(message, threads)).join();
        assertThat(threads).containsExactly("smtp-probe-content-reader");
    }

    private static InputStream recordingThreads(byte[] m, Set<String> threads) {
        return new FilterInputStream(new ByteArrayInputStream(m)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                threads.add(Thread.currentThread().getName());
                return super.read(b, off, len);
            }
        };
    }

    /** A stream of {@code size} octets of 100-octet lines that counts what was read and fails after {@code failAt}. */
    private static final class CountingStream extends InputStream {
        final AtomicLong read = new AtomicLong();
        private final long size;
        private final long failAt;

        CountingStream(long size, long failAt) {
            this.size = size;
            this.failAt = failAt;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            long at = read.get();
            if (at >= failAt) {
                throw new IOException("disk on fire at octet " + at);
            }
            if (at >= size) {
                return -1;
            }
            int n = (int) Math.min(len, Math.min(size, failAt) - at);
            for (int i = 0; i < n; i++) {
                long pos = at + i;
                b[off + i] = pos % 100 == 98 ? (byte) '\r' : pos % 100 == 99 ? (byte) '\n' : (byte) 'm';
            }
            read.addAndGet(n);
            return n;
        }
    }

    @Test
    void aServerThatStopsReadingStopsTheReadingOfTheStream() {
        server = FakeSmtpServer.start(8 * 1024, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            s.reply("DATA", "354 go ahead\r\n");
            s.readBytes(1000);
            s.pause(Duration.ofMillis(1500)); // reads nothing more
            s.send("451 4.3.0 out of spool space\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        var tx = tx(client.connect(server.host(), server.port()).ehlo("client.test"));
        var stream = new CountingStream(256L * 1024 * 1024, Long.MAX_VALUE);

        var e = catchThrowableOfType(ProtocolViolationException.class, () -> tx.data(stream));

        assertThat(e.getMessage()).contains("the server answered before the end of data");
        // what the socket buffers take, and a part or two: never the 256 MiB the stream would give
        assertThat(stream.read.get()).isLessThan(16L * 1024 * 1024);
        assertThat(e.transcript().lines(Direction.INFO)).anyMatch(l -> l.contains("content cut after"));
    }

    private Transaction txExpectingACut() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 CHUNKING\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        return tx(client.connect(server.host(), server.port()).ehlo("client.test"));
    }

    private void assertCutAndClosedByTheClient(Throwable thrown, Transaction tx, Step step) {
        assertThat(thrown).isInstanceOf(ContentReadException.class);
        var e = (ContentReadException) thrown;
        assertThat(e.step()).isEqualTo(step);
        assertThat(e.readFailure()).isInstanceOf(IOException.class).hasMessageContaining("disk on fire");
        assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
        assertThat(e.getMessage()).contains("reading the message failed", "the content is cut");
        assertThat(e.transcript().lines(Direction.INFO)).anyMatch(l -> l.contains("reading the message failed")
                && l.contains("closing the connection"));
        assertThat(tx.session().isOpen()).isFalse();
        server.awaitScript(WAIT); // the client closed: the server's readUntilClosed returned
    }

    @Test
    void aFailingStreamCutsTheContentAndTheClientClosesWithoutTheFinalDot() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            s.reply("DATA", "354 go ahead\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        var tx = tx(client.connect(server.host(), server.port()).ehlo("client.test"));

        Throwable thrown = catchThrowable(() -> tx.data(new CountingStream(10_000_000, 300_000)));

        assertCutAndClosedByTheClient(thrown, tx, Step.DATA_CONTENT);
        assertThat(((ContentReadException) thrown).octetsWritten()).isBetween(1L, 300_000L);
        String wire = server.receivedText();
        String content = wire.substring(wire.indexOf("DATA\r\n") + "DATA\r\n".length());
        assertThat(content).doesNotContain("\r\n.\r\n").startsWith("m".repeat(98) + "\r\n");
        assertThat(((ContentReadException) thrown).transcript().sent()).doesNotContain(".");
    }

    @Test
    void aFailingStreamFailsTheAsyncStepWithTheSameException() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            s.reply("DATA", "354 go ahead\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        var tx = tx(client.connect(server.host(), server.port()).ehlo("client.test"));

        Throwable thrown = catchThrowable(() -> tx.dataAsync(new CountingStream(10_000_000, 100_000)).join());

        assertCutAndClosedByTheClient(ProbeException.unwrap(thrown), tx, Step.DATA_CONTENT);
    }

    @Test
    void aStreamThatFailsBeforeItsFirstOctetStillEndsTheSession() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            s.reply("DATA", "354 go ahead\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        var tx = tx(client.connect(server.host(), server.port()).ehlo("client.test"));

        Throwable thrown = catchThrowable(() -> tx.data(new CountingStream(10, 0)));

        assertCutAndClosedByTheClient(thrown, tx, Step.DATA_CONTENT);
        assertThat(server.receivedText()).endsWith("DATA\r\n");
    }

    @Test
    void theSessionDeadlineEndsASlowStreamWithADeadlineFailure() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.reply("MAIL FROM:", "250 2.1.0 ok\r\n");
            s.reply("RCPT TO:", "250 2.1.5 ok\r\n");
            s.reply("DATA", "354 go ahead\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT))
                .sessionDeadline(Duration.ofMillis(1500)).build());
        var tx = tx(client.connect(server.host(), server.port()).ehlo("client.test"));
        var slow = new FilterInputStream(new CountingStream(100_000_000, Long.MAX_VALUE)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return super.read(b, off, Math.min(len, 1000));
            }
        };

        var e = catchThrowableOfType(dev.smtpprobe.StepTimeoutException.class, () -> tx.data(slow));

        assertThat(e.getMessage()).contains("session deadline");
        assertThat(tx.session().isOpen()).isFalse();
    }

    @Test
    void aFileThatCannotBeOpenedIsRefusedBeforeAnythingIsSent() {
        var tx = txExpectingACut();
        Path missing = dir.resolve("no-such-message.eml");

        assertThat(catchThrowable(() -> tx.data(missing))).isInstanceOf(java.io.UncheckedIOException.class)
                .hasMessageContaining("nothing was sent");
        assertThat(catchThrowable(() -> tx.dataAsync(missing))).isInstanceOf(java.io.UncheckedIOException.class);
        assertThat(server.receivedText()).doesNotContain("DATA");
        assertThat(tx.session().isOpen()).isTrue();
    }

    // --- BDAT from a stream ---

    /** A server that answers every BDAT chunk with 250 and records the chunks as "BDAT n [LAST]:bytes". */
    private Hello chunkingHello(List<String> chunks, String refuseAt) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 CHUNKING\r\n");
            s.answerEachLine(line -> {
                if (line.startsWith("BDAT ")) {
                    int n = Integer.parseInt(line.split(" ")[1]);
                    chunks.add(line + ":" + new String(s.readBytes(n), StandardCharsets.ISO_8859_1));
                    return line.equals(refuseAt) ? "552 5.3.4 too big\r\n" : "250 ok\r\n";
                }
                return line.startsWith("QUIT") ? "221 bye\r\n" : "250 ok\r\n";
            });
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(WAIT)).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    @Test
    void bdatFromAStreamSendsTheSameChunksAsFromAnArray() {
        var random = new Random(3030);
        var inputs = new ArrayList<byte[]>(List.of(new byte[0], ascii("x"), ascii(".\r\n.\r"), new byte[1000],
                new byte[2000], new byte[2001]));
        for (int i = 0; i < 6; i++) {
            byte[] m = new byte[random.nextInt(5000)];
            random.nextBytes(m);
            inputs.add(m);
        }
        for (byte[] input : inputs) {
            var fromArray = new java.util.concurrent.CopyOnWriteArrayList<String>();
            var hello = chunkingHello(fromArray, null);
            assertThat(tx(hello).dataChunked(input, 1000).isAccepted()).isTrue();
            client.close();
            server.close();
            var fromStream = new java.util.concurrent.CopyOnWriteArrayList<String>();
            hello = chunkingHello(fromStream, null);
            assertThat(tx(hello).dataChunked(trickling(input), 1000).isAccepted()).isTrue();
            client.close();
            server.close();
            var fromStreamAsync = new java.util.concurrent.CopyOnWriteArrayList<String>();
            hello = chunkingHello(fromStreamAsync, null);
            assertThat(tx(hello).dataChunkedAsync(new ByteArrayInputStream(input), 1000).join().isAccepted()).isTrue();
            assertThat(fromStream).as("input of %d octets", input.length).isEqualTo(fromArray);
            assertThat(fromStreamAsync).as("input of %d octets", input.length).isEqualTo(fromArray);
            client.close();
            server.close();
        }
    }

    @Test
    void bdatFromAStreamEndsWithLastExactlyWhenTheStreamEnds() {
        var chunks = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var result = tx(chunkingHello(chunks, null)).dataChunked(new ByteArrayInputStream(new byte[2000]), 1000);
        assertThat(chunks).extracting(c -> c.substring(0, c.indexOf(':'))).containsExactly("BDAT 1000", "BDAT 1000 LAST");
        assertThat(result.transaction().chunkReplies()).hasSize(2);
        client.close();
        server.close();
        chunks.clear();
        tx(chunkingHello(chunks, null)).dataChunked(new ByteArrayInputStream(new byte[0]), 1000);
        assertThat(chunks).containsExactly("BDAT 0 LAST:");
    }

    @Test
    void bdatFromAStreamStopsAtTheFirstRefusedChunkWithoutReadingFurther() {
        var chunks = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var stream = new CountingStream(1_000_000, Long.MAX_VALUE);
        var result = tx(chunkingHello(chunks, "BDAT 1000")).dataChunked(stream, 1000);
        assertThat(result.isAccepted()).isFalse();
        assertThat(result.reply().code()).isEqualTo(552);
        assertThat(chunks).hasSize(1);
        assertThat(stream.read.get()).isEqualTo(1001); // the chunk and the octet read ahead to know it is not the last
    }

    @Test
    void aFailingStreamDuringBdatClosesTheConnectionWithoutLast() {
        var chunks = new java.util.concurrent.CopyOnWriteArrayList<String>();
        var tx = tx(chunkingHello(chunks, null));

        Throwable thrown = catchThrowable(() -> tx.dataChunked(new CountingStream(1_000_000, 2500), 1000));

        assertCutAndClosedByTheClient(thrown, tx, Step.BDAT);
        assertThat(((ContentReadException) thrown).octetsWritten()).isEqualTo(2000);
        assertThat(chunks).extracting(c -> c.substring(0, c.indexOf(':'))).containsExactly("BDAT 1000", "BDAT 1000");
    }
}
