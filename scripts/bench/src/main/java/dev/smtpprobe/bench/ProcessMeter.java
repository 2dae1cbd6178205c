package dev.smtpprobe.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * What this JVM process has used so far, over all its threads (client threads, event loops, JIT and GC): CPU time,
 * bytes allocated on the heap and context switches.
 *
 * <ul>
 *   <li>CPU: the time each thread ran, in nanoseconds, from {@code /proc/self/task/*}/schedstat (its first field),
 *       summed; without /proc, {@code OperatingSystemMXBean.getProcessCpuTime}, which on Linux counts in ticks of
 *       10 ms, too coarse for a round of 150 ms.</li>
 *   <li>Allocation: HotSpot's per-thread counters ({@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes}),
 *       summed, less what the meter itself allocated after reading them (its maps and its reading of /proc, about
 *       as much per round for every client, which the rounds' conversations would otherwise be charged with).</li>
 *   <li>Context switches: voluntary and nonvoluntary, from {@code /proc/self/task/*}/status, summed.</li>
 * </ul>
 *
 * A thread that ends between two readings takes its share with it; the scenarios keep their threads for the whole
 * run, so only short-lived JVM helpers are missed. A thread born in between counts from zero.
 */
public final class ProcessMeter {

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private ProcessMeter() {}

    /** A reading of the counters at one moment; the maps are keyed by thread (Java id or Linux task id). */
    public record Reading(long nanoTime, long processCpuNanos, Map<String, Long> cpu, Map<Long, Long> allocated,
            Map<String, Long> switches, long ownAllocated) {

        /** What was used from {@code earlier} to this reading. */
        public Usage since(Reading earlier) {
            long cpuNanos = cpu.isEmpty() ? processCpuNanos - earlier.processCpuNanos : delta(cpu, earlier.cpu);
            // what the earlier reading allocated after its counters were read (its maps, /proc) is the meter's own
            return new Usage(nanoTime - earlier.nanoTime, cpuNanos,
                    delta(allocated, earlier.allocated) - earlier.ownAllocated, delta(switches, earlier.switches));
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
        long processCpu = OS.getProcessCpuTime();
        long[] ids = THREADS.getAllThreadIds();
        long[] bytes = THREADS.getThreadAllocatedBytes(ids);
        long ownBefore = THREADS.getCurrentThreadAllocatedBytes();
        var allocated = new HashMap<Long, Long>();
        for (int i = 0; i < ids.length; i++) {
            if (bytes[i] >= 0) {
                allocated.put(ids[i], bytes[i]);
            }
        }
        var cpu = new HashMap<String, Long>();
        var switches = new HashMap<String, Long>();
        readTasks(cpu, switches);
        return new Reading(now, processCpu, cpu, allocated, switches,
                THREADS.getCurrentThreadAllocatedBytes() - ownBefore);
    }

    /** CPU nanoseconds and context switches of each live thread (Linux), by task id; nothing elsewhere. */
    private static void readTasks(Map<String, Long> cpu, Map<String, Long> switches) {
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/self/task"))) {
            for (Path task : tasks) {
                String id = task.getFileName().toString();
                try {
                    String schedstat = Files.readString(task.resolve("schedstat")).trim();
                    long sum = 0;
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                            sum += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                    cpu.put(id, Long.parseLong(schedstat.substring(0, schedstat.indexOf(' '))));
                    switches.put(id, sum);
                } catch (IOException | RuntimeException ended) {
                    // the thread ended while we looked (or no schedstat): leave it out
                }
            }
        } catch (IOException noProc) {
            cpu.clear(); // not Linux: the process CPU time, no context switches
            switches.clear();
        }
    }

    /** The process's resident set size (VmRSS of /proc/self/status), in bytes; 0 where there is no procfs. */
    public static long residentSetBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
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
