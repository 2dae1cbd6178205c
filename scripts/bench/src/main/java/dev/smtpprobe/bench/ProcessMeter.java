package dev.smtpprobe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM process has used so far, over all its threads (client threads, event loops, JIT and GC): CPU time
 * ({@code OperatingSystemMXBean.getProcessCpuTime}), bytes allocated on the heap (HotSpot's per-thread counters,
 * {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}, summed), and context switches (voluntary and
 * nonvoluntary, from {@code /proc/self/task/*}/status, summed). A thread that ends between two readings takes its
 * share with it; the scenarios keep their threads for the whole run, so only short-lived JVM helpers are missed.
 */
public final class ProcessMeter {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ProcessMeter() {}

    /** A reading of the counters at one moment. */
    public record Reading(long nanoTime, long cpuNanos, Map<Long, Long> allocated, Map<String, Long> switches) {

        /** What was used from {@code earlier} to this reading; threads born in between count from zero. */
        public Usage since(Reading earlier) {
            return new Usage(nanoTime - earlier.nanoTime, cpuNanos - earlier.cpuNanos,
                    delta(allocated, earlier.allocated), delta(switches, earlier.switches));
        }

        private static <K> long delta(Map<K, Long> now, Map<K, Long> before) {
            long sum = 0;
            for (var e : now.entrySet()) {
                sum += e.getValue() - before.getOrDefault(e.getKey(), 0L);
            }
            return sum;
        }
    }

    /** Used between two readings: wall and CPU nanoseconds, bytes allocated, context switches. */
    public record Usage(long wallNanos, long cpuNanos, long allocatedBytes, long contextSwitches) {}

    /** Reads every counter now. */
    public static Reading read() {
        long now = System.nanoTime();
        long cpu = OS.getProcessCpuTime();
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        var allocated = new HashMap<Long, Long>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                allocated.put(ids[i], bytes[i]);
            }
        }
        return new Reading(now, cpu, allocated, contextSwitches());
    }

    /** Voluntary plus nonvoluntary context switches of each live thread (Linux), by task id. */
    private static Map<String, Long> contextSwitches() {
        var out = new HashMap<String, Long>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                long sum = 0;
                try {
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException ended) {
                    continue; // the thread ended while we looked
                }
                out.put(task.getFileName().toString(), sum);
            }
        } catch (IOException noProc) {
            return Map.of(); // not Linux: no figure
        }
        return out;
    }

    /** Heap in use after full collections: at least three, until two readings agree within 16 KB (at most ten). */
    public static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long last = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100); // lets the Cleaner release what closed sockets left
            long used = memory.getHeapMemoryUsage().getUsed();
            if (i >= 2 && Math.abs(last - used) < 16 * 1024) {
                return used;
            }
            last = used;
        }
        return last;
    }
}
