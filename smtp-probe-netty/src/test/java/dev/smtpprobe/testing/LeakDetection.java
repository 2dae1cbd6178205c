package dev.smtpprobe.testing;

import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Makes a Netty leak fail the build (DESIGN §6). Registered for every test class through JUnit's extension
 * autodetection ({@code META-INF/services/org.junit.jupiter.api.extension.Extension} and
 * {@code junit-platform.properties}). Loading this class installs a {@link ResourceLeakDetectorFactory} whose
 * detectors record leaks in {@link #LOG}; it must happen before Netty's buffer classes are initialised, which
 * autodetection guarantees (the extension is loaded before any test class runs). After each test class, garbage
 * is collected and buffers are allocated so that Netty reports what was collected unreleased; any recorded leak
 * fails that class.
 */
public final class LeakDetection implements BeforeAllCallback, AfterAllCallback {

    /** Every leak found by the installed detectors. */
    public static final RecordingLeakDetector.Log LOG = new RecordingLeakDetector.Log();

    /** The factory installed for the whole test JVM. */
    public static final ResourceLeakDetectorFactory FACTORY = new ResourceLeakDetectorFactory() {
        @Override
        @SuppressWarnings("deprecation")
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval, long maxActive) {
            return new RecordingLeakDetector<>(resource, samplingInterval, LOG);
        }

        @Override
        public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
            return new RecordingLeakDetector<>(resource, samplingInterval, LOG);
        }
    };

    static {
        ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(FACTORY);
    }

    /** How many GC-and-allocate rounds to run before concluding there is no leak. */
    private static final int ROUNDS = 3;

    @Override
    public void beforeAll(ExtensionContext context) {
        // loading the class installed the factory; leaks left by an earlier class were reported there
    }

    @Override
    public void afterAll(ExtensionContext context) {
        flush(ROUNDS);
        failIfLeaked(LOG, context.getDisplayName());
    }

    /** Collects garbage and allocates buffers so that Netty's detectors report what was collected unreleased. */
    public static void flush(int rounds) {
        for (int i = 0; i < rounds && LOG.isEmpty(); i++) {
            System.gc();
            try {
                Thread.sleep(20); // let the reference handler enqueue the collected trackers
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            for (ByteBufAllocator alloc : List.of(ByteBufAllocator.DEFAULT, PooledByteBufAllocator.DEFAULT, UnpooledByteBufAllocator.DEFAULT)) {
                for (int j = 0; j < 16; j++) {
                    alloc.buffer(8).release(); // each tracked allocation drains the detector's reference queue
                }
            }
        }
    }

    /** Throws an {@link AssertionError} naming every leak in {@code log} (and empties it), if there is any. */
    public static void failIfLeaked(RecordingLeakDetector.Log log, String where) {
        List<String> leaks = log.drain();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " Netty buffer leak(s) found after " + where + ":\n"
                    + String.join("\n\n", leaks));
        }
    }
}
