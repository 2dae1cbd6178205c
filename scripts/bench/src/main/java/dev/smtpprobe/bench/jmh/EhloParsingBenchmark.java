package dev.smtpprobe.bench.jmh;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.Reply;
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
 * EHLO parsing ({@link Capabilities#fromEhlo}, RFC 5321 §4.1.1.1) of the replies of Postfix's smtpd and of
 * its {@code smtp-sink}, as the benchmark's servers send them.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class EhloParsingBenchmark {

    /** Which server's reply: {@code postfix} (11 lines) or {@code smtp-sink} (10 lines, the last one empty). */
    @Param({"postfix", "smtp-sink"})
    public String server;

    private Reply reply;

    /** Builds the reply. */
    @Setup
    public void setUp() {
        reply = server.equals("postfix")
                ? Reply.of(250, "mx.probe.test", "PIPELINING", "SIZE 200000", "VRFY", "ETRN", "STARTTLS",
                        "ENHANCEDSTATUSCODES", "8BITMIME", "DSN", "SMTPUTF8", "CHUNKING")
                : Reply.of(250, "sink.probe.test", "PIPELINING", "8BITMIME", "AUTH PLAIN LOGIN", "XCLIENT NAME HELO",
                        "XFORWARD NAME ADDR PROTO HELO", "ENHANCEDSTATUSCODES", "DSN", "");
    }

    /** The capabilities of one EHLO reply. */
    @Benchmark
    public Capabilities fromEhlo() {
        return Capabilities.fromEhlo(reply);
    }
}
