package dev.smtpprobe.testing;

import io.netty.util.ResourceLeakDetector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A Netty leak detector that writes each leak it finds into a {@link Log} instead of (only) logging it, so that a
 * test run can fail on it. Netty reports a leak when the detector next tracks an object after the leaked one
 * was garbage collected without being released.
 */
public final class RecordingLeakDetector<T> extends ResourceLeakDetector<T> {

    /** Where leaks are written: thread-safe, drained by whoever checks. */
    public static final class Log {
        private final ConcurrentLinkedQueue<String> leaks = new ConcurrentLinkedQueue<>();

        void add(String leak) {
            leaks.add(leak);
        }

        /** Whether no leak has been recorded since the last {@link #drain()}. */
        public boolean isEmpty() {
            return leaks.isEmpty();
        }

        /** The leaks recorded so far, removed from the log. */
        public List<String> drain() {
            var out = new ArrayList<String>();
            for (String s; (s = leaks.poll()) != null; ) {
                out.add(s);
            }
            return out;
        }
    }

    private final Log log;

    /** A detector for {@code resourceType} tracking one in {@code samplingInterval} objects below PARANOID. */
    public RecordingLeakDetector(Class<?> resourceType, int samplingInterval, Log log) {
        super(resourceType, samplingInterval);
        this.log = log;
    }

    /** Always report: do not depend on the logging configuration of the test run. */
    @Override
    protected boolean needReport() {
        return true;
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
        log.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected." + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
        log.add("LEAK: " + resourceType + ".release() was not called before it was garbage-collected"
                + " (run with -Dio.netty.leakDetection.level=paranoid to see where it was accessed)");
    }
}
