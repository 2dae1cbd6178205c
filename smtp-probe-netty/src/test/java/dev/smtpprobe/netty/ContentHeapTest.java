package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The heap a big message costs, measured in a child JVM ({@link ContentHeapProbe}) so that nothing else in the
 * test run counts: (1) the octets allocated on the heap by every thread of the client while the message is sent,
 * an upper bound of what the send holds at its peak, independent of when the GC runs; (2) the send completing in
 * a heap too small for a send that copies the message: the control, three copies made the way the old content
 * preparation made them, fails with an OutOfMemoryError under the same {@code -Xmx}.
 */
@Timeout(180)
class ContentHeapTest {

    private static final long MIB = 1024 * 1024;
    private static final Pattern REPORT = Pattern.compile(
            "accepted=(\\w+) allocated=(\\d+) usedBefore=(\\d+) received=(\\d+) expected=(-?\\d+)");

    /** The child's exit code and what it printed. */
    private record Child(int exit, String output) {
        /** The heap octets allocated while the message was sent, once the child says it went through intact. */
        long allocated() {
            assertThat(exit).as("the child's exit code: %s", output).isZero();
            var m = REPORT.matcher(output);
            assertThat(m.find()).as("the child's report in: %s", output).isTrue();
            assertThat(m.group(1)).as("the message was accepted: %s", output).isEqualTo("true");
            if (Long.parseLong(m.group(5)) >= 0) {
                assertThat(m.group(4)).as("the content the sink received: %s", output).isEqualTo(m.group(5));
            }
            return Long.parseLong(m.group(2));
        }
    }

    private static Child child(String heap, String form, int mebibytes) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap, "-XX:+UseSerialGC",
                "-Dio.netty.leakDetection.level=disabled", "-cp", System.getProperty("java.class.path"),
                ContentHeapProbe.class.getName(), form, String.valueOf(mebibytes)));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(out, StandardCharsets.UTF_8);
        System.out.println(form + " " + mebibytes + " MiB in -Xmx" + heap + ": exit " + p.exitValue() + ": " + output.trim());
        return new Child(p.exitValue(), output);
    }

    @Test
    void anEightMebibyteArrayIsSentWithLessThanHalfItsSizeMoreHeap() throws Exception {
        // the message itself (8 MiB) plus at most 4 MiB: 1.5 times its size at the peak, at most
        assertThat(child("24m", "array", 8).allocated()).isLessThan(4 * MIB);
    }

    @Test
    void theControlCopiesOfTheMessageDoNotFitInThatHeap() throws Exception {
        // what the old preparation held (the message, its clone, the stuffing buffer, its copy) fails where the
        // send above succeeds: the heap is small enough for the measurement to mean something
        assertThat(child("24m", "copies", 8).exit()).isEqualTo(3);
    }

    @Test
    void anEightMebibyteStreamIsSentWithLessThanOneMebibyteOfHeap() throws Exception {
        assertThat(child("24m", "stream", 8).allocated()).isLessThan(MIB);
    }

    @Test
    void aStreamFourTimesTheHeapIsSentWhole() throws Exception {
        Child c = child("16m", "stream", 64);
        assertThat(c.exit()).as(c.output()).isZero();
        assertThat(c.output()).contains("accepted=true");
    }

    @Test
    void bdatFromAnEightMebibyteStreamIsSentWithLessThanOneMebibyteOfHeap() throws Exception {
        assertThat(child("24m", "bdat-stream", 8).allocated()).isLessThan(MIB);
    }
}
