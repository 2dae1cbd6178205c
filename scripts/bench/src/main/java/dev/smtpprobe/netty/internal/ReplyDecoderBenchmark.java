package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ReplyLimits;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * The reply decoder (RFC 5321 §4.2 framing) on a one-line reply and on a Postfix-like EHLO reply of eleven
 * lines: through an {@link EmbeddedChannel} (the pipeline's cost included), and its parsing core
 * ({@code decode} called directly). In the decoder's package because the decoder is package-private; the
 * benchmark runs on the class path, where that is allowed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ReplyDecoderBenchmark {

    private static final String ONE_LINE = "250 2.0.0 Ok: queued as 4XyZ1abc\r\n";
    private static final String EHLO = "250-mx.probe.test\r\n250-PIPELINING\r\n250-SIZE 200000\r\n250-VRFY\r\n"
            + "250-ETRN\r\n250-STARTTLS\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250-SMTPUTF8\r\n"
            + "250 CHUNKING\r\n";

    /** Which reply: {@code one-line} or {@code ehlo}. */
    @Param({"one-line", "ehlo"})
    public String reply;

    private byte[] bytes;
    private EmbeddedChannel channel;
    private ReplyDecoder core;
    private final List<Object> out = new ArrayList<>(2);

    /** Builds the reply bytes and a channel with the decoder. */
    @Setup
    public void setUp() {
        bytes = (reply.equals("ehlo") ? EHLO : ONE_LINE).getBytes(StandardCharsets.US_ASCII);
        channel = new EmbeddedChannel(new ReplyDecoder(ReplyLimits.DEFAULT));
        core = new ReplyDecoder(ReplyLimits.DEFAULT);
    }

    /** Closes the channel. */
    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    /** One reply written into the channel and read out as a {@link RawReply}. */
    @Benchmark
    public Object throughChannel() {
        channel.writeInbound(Unpooled.wrappedBuffer(bytes));
        return channel.readInbound();
    }

    /** One reply decoded by {@code decode} itself, without the pipeline. */
    @Benchmark
    public Object parsingCore() {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        out.clear();
        core.decode(null, in, out);
        return out.get(0);
    }
}
