package dev.smtpprobe.bench.jmh;

import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.bench.Conversation;
import dev.smtpprobe.spi.ContentEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * DATA content preparation (RFC 5321 §4.1.1.4, §4.5.2: CRLF line endings, dot-stuffing, the final CRLF) as the
 * transport does it: one pass of {@link ContentEncoder} into a reused 64 KiB block (the transport's pooled buffer),
 * with and without the transcript's display lines, for the benchmark's 1 KB message and for a 64 KB message with
 * bare LF line endings and lines starting with a dot.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContentPreparationBenchmark {

    /** Which message: {@code 1k} (the benchmark's, CRLF) or {@code 64k-lf-dots} (bare LF, one line in ten dotted). */
    @Param({"1k", "64k-lf-dots"})
    public String message;

    private byte[] raw;
    private final byte[] block = new byte[64 * 1024];

    /** Builds the message. */
    @Setup
    public void setUp() {
        if (message.equals("1k")) {
            raw = Conversation.MESSAGE;
        } else {
            var sb = new StringBuilder("Subject: big\n\n");
            for (int i = 0; sb.length() < 64 * 1024; i++) {
                sb.append(i % 10 == 0 ? "." : "").append("z".repeat(76)).append('\n');
            }
            raw = sb.toString().getBytes(StandardCharsets.US_ASCII);
        }
    }

    /** The message encoded block by block, the default number of display lines collected on the way. */
    @Benchmark
    public long encodeWithDisplayLines(Blackhole hole) {
        return encode(new ContentEncoder(ProbeOptions.DEFAULT_TRANSCRIPT_BODY_LINES, (end, text, ascii) -> hole.consume(text)));
    }

    /** The message encoded block by block, no display lines. */
    @Benchmark
    public long encodeOnly() {
        return encode(new ContentEncoder(0, (end, text, ascii) -> { }));
    }

    private long encode(ContentEncoder encoder) {
        for (int pos = 0; pos < raw.length; ) {
            pos += encoder.encode(raw, pos, raw.length - pos, block, 0, block.length - 2);
        }
        encoder.finish(block, 0);
        return encoder.octets();
    }
}
