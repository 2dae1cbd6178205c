package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.AbstractByteBuf;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import io.netty.util.ResourceLeakTracker;
import java.lang.reflect.Field;
import org.junit.jupiter.api.Test;

/**
 * Proves that {@link LeakDetection} can fail the build without making it red: the deliberate leak here goes to a
 * private detector and log, never to the global one the extension checks.
 */
class LeakDetectionTest {

    @Test
    void factoryIsInstalledBeforeNettyCreatedTheByteBufDetector() throws Exception {
        assertThat(ResourceLeakDetectorFactory.instance()).isSameAs(LeakDetection.FACTORY);
        Field field = AbstractByteBuf.class.getDeclaredField("leakDetector");
        field.setAccessible(true);
        assertThat(field.get(null)).isInstanceOf(RecordingLeakDetector.class);
    }

    @Test
    void testsRunAtParanoidLevel() {
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void recordingDetectorRecordsADeliberatelyLeakedByteBuf() {
        var log = new RecordingLeakDetector.Log();
        var detector = new RecordingLeakDetector<ByteBuf>(ByteBuf.class, 1, log);
        leakOneBuffer(detector);
        awaitLeakReport(detector, log);
        var leaks = log.drain();
        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0)).startsWith("LEAK: ByteBuf.release() was not called");
        // at PARANOID the record says where the buffer was touched
        assertThat(leaks.get(0)).contains("leakOneBuffer");
        assertThat(LeakDetection.LOG.isEmpty()).as("the global log stays clean").isTrue();
    }

    @Test
    void releasedBufferIsNotALeak() {
        var log = new RecordingLeakDetector.Log();
        var detector = new RecordingLeakDetector<ByteBuf>(ByteBuf.class, 1, log);
        ByteBuf buf = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 16, 16);
        ResourceLeakTracker<ByteBuf> tracker = detector.track(buf);
        assertThat(tracker.close(buf)).isTrue();
        buf.release();
        buf = null;
        for (int i = 0; i < 3; i++) {
            System.gc();
            sleep(20);
            ByteBuf probe = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 1, 1);
            detector.track(probe).close(probe);
        }
        assertThat(log.isEmpty()).isTrue();
    }

    @Test
    void failIfLeakedThrowsWithEveryLeakAndEmptiesTheLog() {
        var log = new RecordingLeakDetector.Log();
        var detector = new RecordingLeakDetector<ByteBuf>(ByteBuf.class, 1, log);
        leakOneBuffer(detector);
        awaitLeakReport(detector, log);
        assertThatThrownBy(() -> LeakDetection.failIfLeaked(log, "SomeTest"))
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("1 Netty buffer leak(s) found after SomeTest")
                .hasMessageContaining("LEAK: ByteBuf");
        assertThat(log.isEmpty()).isTrue();
        assertThatCode(() -> LeakDetection.failIfLeaked(log, "SomeTest")).doesNotThrowAnyException();
    }

    /** Tracks a buffer, touches it, and drops it unreleased; in its own frame so that nothing keeps it reachable. */
    private static void leakOneBuffer(RecordingLeakDetector<ByteBuf> detector) {
        ByteBuf buf = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 16, 16);
        ResourceLeakTracker<ByteBuf> tracker = detector.track(buf);
        assertThat(tracker).isNotNull();
        tracker.record("touched in leakOneBuffer");
    }

    /** Netty reports collected leaks when the detector next tracks something: collect, then track, until reported. */
    private static void awaitLeakReport(RecordingLeakDetector<ByteBuf> detector, RecordingLeakDetector.Log log) {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (log.isEmpty() && System.nanoTime() < deadline) {
            System.gc();
            sleep(20);
            ByteBuf probe = new UnpooledHeapByteBuf(UnpooledByteBufAllocator.DEFAULT, 1, 1);
            detector.track(probe).close(probe);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
