package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Direction;
import dev.smtpprobe.InterruptedStepException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TranscriptEntry;
import dev.smtpprobe.testing.FakeMta;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 12 item 1: a session opened by a blocking connect runs its I/O on the thread that waits for its steps (no
 * hand-off to an event-loop thread), by default; with {@code -Dsmtp-probe.blocking=shared} on the client's shared
 * event loops. Either way the same session also serves async steps, other threads, interrupts, and leaves nothing
 * behind when closed. (Timers firing while the caller drives are proven by the timeout tests, which run on both.)
 */
@Timeout(60)
class CallerDrivenIoTest extends FakeServerTest {

    private static final boolean SHARED = "shared".equals(System.getProperty("smtp-probe.blocking"));
    private static final Timeouts LONG = Timeouts.all(Duration.ofSeconds(20));

    private FakeMta mta;

    @AfterEach
    void closeMta() {
        if (mta != null) {
            mta.close();
        }
    }

    private SmtpSession connectToMta(Set<String> ioThreads) {
        mta = FakeMta.start("220 fake.test ESMTP", line -> "250 2.0.0 ok");
        var options = ProbeOptions.builder().timeouts(LONG)
                .transcriptListener((TranscriptEntry e) -> {
                    if (e.direction() == Direction.RECEIVED) { // recorded where the replies are read
                        ioThreads.add(Thread.currentThread().getName());
                    }
                }).build();
        client = Probe.client(options);
        return client.connect(mta.host(), mta.port());
    }

    @Test
    void aBlockingConversationRunsItsIoOnTheCallersThread() {
        Set<String> ioThreads = ConcurrentHashMap.newKeySet();
        var session = connectToMta(ioThreads);

        session.ehlo("client.test");
        session.noop();
        session.close();

        if (SHARED) {
            assertThat(ioThreads).allMatch(name -> name.startsWith("smtp-probe-io"));
        } else {
            assertThat(ioThreads).containsExactly(Thread.currentThread().getName());
        }
        assertThat(mta.allLines()).containsExactly("EHLO client.test", "NOOP", "QUIT");
    }

    @Test
    void aSessionOpenedBlockingServesAsyncStepsFromAnotherThreadAndAChainOfThem() throws Exception {
        var session = connectToMta(ConcurrentHashMap.newKeySet());
        var other = Executors.newSingleThreadExecutor();
        try {
            var joined = other.submit(() -> session.noopAsync().join().reply().code()).get(20, TimeUnit.SECONDS);
            assertThat(joined).isEqualTo(250);

            int chained = session.noopAsync()
                    .thenCompose(r -> session.rsetAsync())
                    .thenCompose(r -> session.noopAsync())
                    .thenApply(r -> r.reply().code())
                    .get(20, TimeUnit.SECONDS);
            assertThat(chained).isEqualTo(250);

            assertThat(session.noop().reply().code()).isEqualTo(250); // blocking again after the async steps
        } finally {
            other.shutdownNow();
        }
        session.close();
        assertThat(mta.allLines()).containsExactly("NOOP", "NOOP", "RSET", "NOOP", "NOOP", "QUIT");
    }

    @Test
    void aSessionOpenedOnOneThreadIsDrivenByTheNextThreadThatBlocksOnIt() throws Exception {
        Set<String> ioThreads = ConcurrentHashMap.newKeySet();
        var session = connectToMta(ioThreads);
        ioThreads.clear();
        var other = Executors.newSingleThreadExecutor(r -> new Thread(r, "the-other-caller"));
        try {
            int code = other.submit(() -> session.noop().reply().code()).get(20, TimeUnit.SECONDS);
            assertThat(code).isEqualTo(250);
        } finally {
            other.shutdownNow();
        }
        if (!SHARED) {
            assertThat(ioThreads).containsExactly("the-other-caller");
        }
        session.close();
    }

    @Test
    void aBlockingCallFromACallbackOnTheThreadThatDrivesTheIoIsRefusedAndTheStepGoesOn() {
        mta = FakeMta.start("220 fake.test ESMTP", line -> "250 2.0.0 ok");
        var sessionRef = new java.util.concurrent.atomic.AtomicReference<SmtpSession>();
        var refusals = new java.util.concurrent.CopyOnWriteArrayList<Throwable>();
        var options = ProbeOptions.builder().timeouts(LONG).transcriptListener((TranscriptEntry e) -> {
            SmtpSession session = sessionRef.get();
            if (session != null && e.direction() == Direction.RECEIVED) { // called by the I/O, during noop() below
                refusals.add(org.assertj.core.api.Assertions.catchThrowable(session::rset));
                refusals.add(org.assertj.core.api.Assertions.catchThrowable(() -> client.connect(mta.host(), mta.port())));
            }
        }).build();
        client = Probe.client(options);
        var session = client.connect(mta.host(), mta.port());
        sessionRef.set(session);

        assertThat(session.noop().reply().code()).isEqualTo(250);

        sessionRef.set(null);
        assertThat(refusals).hasSize(2).allSatisfy(t -> assertThat(t)
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("deadlock"));
        session.close();
        assertThat(mta.sessions()).hasSize(1); // the refused connect opened nothing
        assertThat(mta.allLines()).containsExactly("NOOP", "QUIT"); // the refused RSET was not sent
    }

    @Test
    void interruptingTheThreadThatWaitsForAStepFailsTheStepAtOnceAndKeepsTheInterrupt() throws Exception {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("NOOP");
            s.readUntilClosed(); // never answers
        });
        client = Probe.client(ProbeOptions.builder().timeouts(LONG).build());
        var session = client.connect(server.host(), server.port());
        Thread caller = Thread.currentThread();
        var interruptedAt = new java.util.concurrent.atomic.AtomicLong();
        var interrupter = CompletableFuture.runAsync(() -> {
            sleep(300);
            interruptedAt.set(System.nanoTime());
            caller.interrupt();
        });

        var e = catchThrowableOfType(InterruptedStepException.class, session::noop);
        long noticedAfterMillis = (System.nanoTime() - interruptedAt.get()) / 1_000_000;

        assertThat(Thread.interrupted()).isTrue(); // the flag stays set for the caller (and is cleared here)
        // at once: a JDK selector wakes on the interrupt, the native epoll loop looks every 50 ms (slack for a busy CI)
        assertThat(noticedAfterMillis).isLessThan(700);
        assertThat(e).isNotNull();
        assertThat(session.isOpen()).isFalse();
        interrupter.join();
    }

    @Test
    void openingAndClosing2000BlockingSessionsLeavesNoFileDescriptorSelectorOrThreadBehind() throws IOException {
        mta = FakeMta.start("220 fake.test ESMTP", line -> "250 2.0.0 ok");
        try (ProbeClient probe = Probe.client(ProbeOptions.builder().timeouts(LONG).build())) {
            for (int i = 0; i < 50; i++) { // warm up: lazily opened JDK and Netty resources are not leaks
                probe.connect(mta.host(), mta.port()).close();
            }
            long fdsBefore = openFileDescriptors();
            Set<Thread> ourThreadsBefore = ourThreads();

            for (int i = 0; i < 2000; i++) {
                try (var session = probe.connect(mta.host(), mta.port())) {
                    session.noop();
                }
            }

            assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore + 10); // a socket and a selector each
            // no thread of ours was started for them (on the shared path the group's threads were there before)
            assertThat(ourThreads()).isSubsetOf(ourThreadsBefore);
        }
    }

    @Test
    void closingTheClientClosesTheSelectorsItKeptForItsNextBlockingSessions() throws Exception {
        mta = FakeMta.start("220 fake.test ESMTP", line -> "250 2.0.0 ok");
        try (ProbeClient warmUp = Probe.client(ProbeOptions.builder().timeouts(LONG).build())) {
            warmUp.connect(mta.host(), mta.port()).close(); // lazily opened JDK and Netty resources are not leaks
        }
        long fdsBefore = openFileDescriptors();

        try (ProbeClient probe = Probe.client(ProbeOptions.builder().timeouts(LONG).build())) {
            var threads = Executors.newFixedThreadPool(8);
            try {
                var done = new java.util.ArrayList<java.util.concurrent.Future<?>>();
                for (int i = 0; i < 8; i++) { // eight sessions at once: eight selectors, kept when they end
                    done.add(threads.submit(() -> {
                        for (int j = 0; j < 20; j++) {
                            try (var session = probe.connect(mta.host(), mta.port())) {
                                session.noop();
                            }
                        }
                    }));
                }
                for (var f : done) {
                    f.get(30, TimeUnit.SECONDS);
                }
            } finally {
                threads.shutdownNow();
            }
        }

        assertThat(openFileDescriptors()).isLessThanOrEqualTo(fdsBefore + 2);
    }

    private static Set<Thread> ourThreads() {
        return Set.copyOf(Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("smtp-probe")).toList());
    }

    private static long openFileDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
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
