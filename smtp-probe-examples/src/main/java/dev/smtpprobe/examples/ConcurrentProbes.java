package dev.smtpprobe.examples;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Timeouts;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many probes at once, as a monitoring agent runs them: one {@link ProbeClient} for every session (one small set of
 * I/O threads, never a thread per connection), each conversation chained with the async API — {@code connectAsync},
 * {@code ehloAsync}, {@code mailFromAsync}, {@code rcptToAsync}, {@code quitAsync} — so no thread waits for a server,
 * at most {@code --concurrency} conversations open at a time, and a summary: how many recipients were accepted,
 * refused, or could not be asked, and the median and slowest time of each step.
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server and probes it 50 times, 8 at once.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.ConcurrentProbes
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.ConcurrentProbes \
 *     -Dexec.args="--host mx.example.test [--port 25] [--sessions 50] [--concurrency 8] [--to postmaster@example.test]"
 * </pre>
 */
public final class ConcurrentProbes {

    /** Default number of probes. */
    public static final int DEFAULT_SESSIONS = 50;
    /** Default number of conversations open at once. */
    public static final int DEFAULT_CONCURRENCY = 8;
    /** The client's I/O threads: a fixed few, however many sessions run on them. */
    public static final int IO_THREADS = 2;

    static final String USAGE = "usage: ConcurrentProbes [--host HOST [--port PORT]] [--sessions N] [--concurrency N]"
            + " [--to ADDRESS]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--sessions", "--concurrency", "--to"), Set.of());

    private ConcurrentProbes() {}

    /** Runs the probes; exits with 1 when any recipient was refused or any probe broke. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out));
    }

    /**
     * Runs the probes, printing to {@code out}.
     *
     * @return 0 every probe's recipient was accepted, 1 some were refused or broke, 2 wrong argument
     */
    public static int run(String[] args, PrintStream out) {
        return RUNNER.run(args, out, a -> {
            int sessions = positive(a, "--sessions", DEFAULT_SESSIONS);
            int concurrency = positive(a, "--concurrency", DEFAULT_CONCURRENCY);
            String to = a.value("--to").orElse(WalkthroughOptions.DEFAULT_TO);
            ProbeSummary summary;
            if (a.value("--host").isPresent()) {
                summary = probeAll(a.value("--host").get(), a.port(25), to, sessions, concurrency);
            } else {
                try (var server = EmbeddedExchangeServer.start()) {
                    out.println("No --host given: using the embedded Exchange-like server " + server.hostName() + ".");
                    summary = probeAll(server.host(), server.port(), to, sessions, concurrency);
                }
            }
            summary.print(out);
            return summary.accepted() == sessions ? 0 : 1;
        });
    }

    /** Runs {@code sessions} probes of {@code host:port}, at most {@code concurrency} at a time, on one client. */
    public static ProbeSummary probeAll(String host, int port, String to, int sessions, int concurrency) {
        var clientOptions = ClientOptions.builder().ioThreads(IO_THREADS).build();
        var options = ProbeOptions.builder()
                .timeouts(Timeouts.all(Duration.ofSeconds(10))) // a monitor waits seconds, not RFC 5321's minutes
                .build();
        var permits = new Semaphore(concurrency);
        var open = new AtomicInteger();
        var mostOpen = new AtomicInteger();
        var callbackThreads = ConcurrentHashMap.<String>newKeySet();
        var outcomes = new ArrayList<CompletableFuture<Outcome>>();
        try (ProbeClient client = Probe.client(clientOptions, options)) { // one client for every probe, closed once
            for (int i = 0; i < sessions; i++) {
                permits.acquireUninterruptibly(); // wait here until fewer than `concurrency` probes are open
                mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
                long start = System.nanoTime();
                outcomes.add(probe(client, host, port, to)
                        .handle((steps, failure) -> {
                            callbackThreads.add(Thread.currentThread().getName());
                            return new Outcome(steps, failure, Duration.ofNanos(System.nanoTime() - start));
                        })
                        .whenComplete((outcome, impossible) -> {
                            open.decrementAndGet();
                            permits.release();
                        }));
            }
            CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new)).join();
        }
        return new ProbeSummary(host + ":" + port, concurrency, mostOpen.get(), callbackThreads.size(),
                outcomes.stream().map(CompletableFuture::join).toList());
    }

    /** One probe: greeting, EHLO, MAIL, RCPT, QUIT, each step started when the last one's reply arrives. */
    static CompletableFuture<Steps> probe(ProbeClient client, String host, int port, String to) {
        return client.connectAsync(host, port).thenCompose(session -> session.ehloAsync(WalkthroughOptions.DEFAULT_EHLO)
                .thenCompose(hello -> hello.mailFromAsync(WalkthroughOptions.DEFAULT_FROM))
                .thenCompose(tx -> tx.rcptToAsync(to))
                .thenCompose(tx -> tx.quitAsync().thenApply(quit ->
                        new Steps(session.greeting(), tx.hello().reply(), tx.mailReply(), tx.reply(), quit.reply())))
                .whenComplete((steps, failure) -> session.closeAsync())); // closes the connection if QUIT did not
    }

    private static int positive(ExampleArgs a, String name, int defaultValue) {
        String value = a.value(name).orElse(String.valueOf(defaultValue));
        if (!value.matches("[1-9]\\d{0,5}")) {
            throw new IllegalArgumentException(name + " must be a number from 1 to 999999, not " + value);
        }
        return Integer.parseInt(value);
    }

    /**
     * The replies of one probe's steps, each with its elapsed time.
     *
     * @param greeting the 220
     * @param ehlo     the reply to EHLO
     * @param mail     the reply to MAIL FROM
     * @param rcpt     the reply to RCPT TO
     * @param quit     the reply to QUIT
     */
    public record Steps(Reply greeting, Reply ehlo, Reply mail, Reply rcpt, Reply quit) {

        /** The replies in conversation order. */
        List<Reply> all() {
            return List.of(greeting, ehlo, mail, rcpt, quit);
        }
    }

    /**
     * How one probe ended: its steps, or the exception that broke it.
     *
     * @param steps   the replies, null when the probe broke
     * @param failure why it broke, null when it completed
     * @param elapsed from {@code connectAsync} to the last reply or the failure
     */
    public record Outcome(Steps steps, Throwable failure, Duration elapsed) {

        /** Whether the conversation completed and the server accepted the recipient. */
        public boolean accepted() {
            return steps != null && steps.rcpt().isPositive();
        }

        /** The exception that broke the probe, unwrapped from the future's {@link CompletionException}. */
        Throwable cause() {
            return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        }
    }
}
