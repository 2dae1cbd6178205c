package dev.smtpprobe.bench.jmh;

import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.bench.Conversation;
import dev.smtpprobe.internal.MessageContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * DATA content preparation (RFC 5321 §4.1.1.4, §4.5.2: CRLF line endings, dot-stuffing, the final CRLF) of the
 * benchmark's 1 KB message and of a 64 KB message with bare LF line endings and lines starting with a dot, and
 * the transcript's display lines of the prepared content.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ContentPreparationBenchmark {

    /** Which message: {@code 1k} (the benchmark's, CRLF) or {@code 64k-lf-dots} (bare LF, one line in ten dotted). */
    @Param({"1k", "64k-lf-dots"})
    public String message;

    private byte[] raw;
    private byte[] prepared;

    /** Builds the message and its prepared form. */
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
        prepared = MessageContent.prepare(raw);
    }

    /** The message made into DATA content. */
    @Benchmark
    public byte[] prepare() {
        return MessageContent.prepare(raw);
    }

    /** The transcript's lines for prepared content, with the default number of body lines. */
    @Benchmark
    public List<String> displayLines() {
        return MessageContent.displayLines(prepared, ProbeOptions.DEFAULT_TRANSCRIPT_BODY_LINES);
    }
}
