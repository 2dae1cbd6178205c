package dev.smtpprobe.bench;

import dev.smtpprobe.bench.peers.AngusMailClient;
import dev.smtpprobe.bench.peers.CommonsNetClient;
import dev.smtpprobe.bench.peers.RawSocketClient;
import dev.smtpprobe.bench.peers.SmtpProbeClient;
import dev.smtpprobe.bench.peers.VertxMailClient;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one client in one scenario in this JVM (scripts/bench.sh starts one JVM per client and scenario, so that
 * no client's JIT or GC bills another) and prints one {@code RESULT} line, the medians of the measured rounds:
 *
 * <pre>
 * java dev.smtpprobe.bench.BenchMain --client probe-blocking --scenario serial --host 127.0.0.1 --port 10040
 *      [--warmup 20000] [--ops 10000] [--rounds 3] [--concurrency 50] [--per-connection 1000] [--sessions 10000]
 * </pre>
 *
 * Clients: {@code raw}, {@code commons-net}, {@code vertx}, {@code angus}, {@code probe-blocking},
 * {@code probe-pipelined}, {@code probe-async}. Scenarios: {@code serial} (one conversation after another on the
 * main thread), {@code concurrent} ({@code --concurrency} conversations at a time: that many threads for a
 * blocking client, that many chains in flight for an async one), {@code reuse} (messages over one connection,
 * {@code --per-connection} each, an operation being one message), {@code idle} ({@code --sessions} sessions
 * opened one after another after EHLO and held open, after {@code --warmup} opened and closed: time and CPU to
 * open them, heap per session after GC),
 * {@code long} ({@code --ops} messages over one connection, the process's resident set size and the heap after GC
 * at every tenth of the way: flat memory on a connection that carries many messages).
 */
public final class BenchMain {

    private BenchMain() {}

    /** Parses the options, runs, prints the result. */
    public static void main(String[] args) throws Exception {
        Map<String, String> opt = options(args);
        String host = opt.getOrDefault("host", "127.0.0.1");
        int port = Integer.parseInt(opt.getOrDefault("port", "10040"));
        String clientName = opt.getOrDefault("client", "raw");
        String scenario = opt.getOrDefault("scenario", "serial");
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "20000"));
        int ops = Integer.parseInt(opt.getOrDefault("ops", "10000"));
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        int concurrency = Integer.parseInt(opt.getOrDefault("concurrency", "50"));
        int perConnection = Integer.parseInt(opt.getOrDefault("per-connection", "1000"));
        int sessions = Integer.parseInt(opt.getOrDefault("sessions", "10000"));

        try (Client client = client(clientName, host, port)) {
            if (scenario.equals("idle")) {
                idle(client, clientName, sessions, rounds, warmup);
                return;
            }
            if (scenario.equals("long")) {
                longSession(client, clientName, warmup, ops);
                return;
            }
            var round = scenario(client, scenario, concurrency, perConnection);
            round.run(warmup);
            List<ProcessMeter.Usage> usages = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                var before = ProcessMeter.read();
                round.run(ops);
                var usage = ProcessMeter.read().since(before);
                usages.add(usage);
                System.out.println(line("ROUND", clientName, scenario, ops, usage));
            }
            System.out.println(line("RESULT", clientName, scenario, ops, median(usages)));
            round.shutdown();
        }
    }

    /** A scenario ready to run {@code n} operations at a time. */
    private interface Round {
        void run(int n) throws Exception;

        default void shutdown() {}
    }

    private static Round scenario(Client client, String scenario, int concurrency, int perConnection) {
        switch (scenario) {
            case "serial":
                return n -> {
                    for (int i = 0; i < n; i++) {
                        client.conversation();
                    }
                };
            case "reuse":
                return n -> {
                    for (int done = 0; done < n; ) {
                        try (Client.Connection c = client.connect()) {
                            for (int i = 0; i < perConnection && done < n; i++, done++) {
                                c.message();
                            }
                        }
                    }
                };
            case "concurrent":
                return client.isAsync() ? lanes(client, concurrency) : threads(client, concurrency);
            default:
                throw new IllegalArgumentException("unknown scenario " + scenario);
        }
    }

    /** A blocking client: {@code concurrency} threads (kept for the whole run) sharing the operations. */
    private static Round threads(Client client, int concurrency) {
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        return new Round() {
            @Override
            public void run(int n) throws Exception {
                var next = new AtomicInteger();
                var futures = new ArrayList<Future<?>>();
                for (int t = 0; t < concurrency; t++) {
                    futures.add(pool.submit(() -> {
                        while (next.getAndIncrement() < n) {
                            client.conversation();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : futures) {
                    f.get();
                }
            }

            @Override
            public void shutdown() {
                pool.shutdownNow();
            }
        };
    }

    /** An async client: {@code concurrency} chains in flight, each starting the next conversation when one ends. */
    private static Round lanes(Client client, int concurrency) {
        return n -> {
            var started = new AtomicInteger();
            var failure = new AtomicReference<Throwable>();
            var all = new ArrayList<CompletableFuture<Void>>();
            for (int lane = 0; lane < concurrency; lane++) {
                var done = new CompletableFuture<Void>();
                all.add(done);
                lane(client, n, started, failure, done);
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            if (failure.get() != null) {
                throw new IllegalStateException("a conversation failed", failure.get());
            }
        };
    }

    private static void lane(Client client, int n, AtomicInteger started, AtomicReference<Throwable> failure,
            CompletableFuture<Void> done) {
        if (failure.get() != null || started.getAndIncrement() >= n) {
            done.complete(null);
            return;
        }
        client.conversationAsync().whenComplete((v, e) -> {
            if (e != null) {
                failure.compareAndSet(null, e);
            }
            lane(client, n, started, failure, done);
        });
    }

    /**
     * {@code messages} messages over one connection; RSS and heap after GC at 10 %, 20 %, ... 100 % of them. First
     * {@code warmup} messages over another connection, so that the JIT and the collector's sizing of the young
     * generation have settled (as in the other scenarios) and what is left to see is what the session keeps.
     */
    private static void longSession(Client client, String name, int warmup, int messages) throws Exception {
        try (Client.Connection w = client.connect()) {
            for (int i = 0; i < warmup; i++) {
                w.message();
            }
        }
        long firstRss = 0;
        long firstHeap = 0;
        long maxRss = 0;
        try (Client.Connection c = client.connect()) {
            int step = Math.max(1, messages / 10); // 10 % of the way: the target compares 10,000 with 100,000
            for (int i = 1; i <= messages; i++) {
                c.message();
                if (i % step == 0) {
                    long heap = ProcessMeter.heapAfterGc();
                    long rss = ProcessMeter.residentSetBytes();
                    if (firstRss == 0) {
                        firstRss = rss;
                        firstHeap = heap;
                    }
                    maxRss = Math.max(maxRss, rss);
                    System.out.printf(Locale.ROOT, "POINT client=%s scenario=long messages=%d rss_kb=%d heap_kb=%d%n",
                            name, i, rss / 1024, heap / 1024);
                }
            }
        }
        System.out.printf(Locale.ROOT, "LONG client=%s scenario=long messages=%d rss_first_kb=%d rss_max_kb=%d"
                + " rss_growth=%.3f heap_first_kb=%d%n", name, messages, firstRss / 1024, maxRss / 1024,
                (double) maxRss / firstRss, firstHeap / 1024);
    }

    /**
     * Opens {@code sessions} idle sessions one after another, measures, closes them. Before that, {@code warmup}
     * sessions are opened and closed one at a time (the JIT settles, as for the conversations: with one round of
     * 10,000 as the only warm-up the next rounds still got faster by a third), then a first round warms up the rest.
     */
    private static void idle(Client client, String name, int sessions, int rounds, int warmup) throws Exception {
        for (int i = 0; i < warmup; i++) {
            client.closeIdle(client.openIdle());
        }
        var results = new ArrayList<long[]>();
        for (int r = 0; r <= rounds; r++) {
            Object[] held = new Object[sessions];
            long heapBefore = ProcessMeter.heapAfterGc();
            var before = ProcessMeter.read();
            for (int i = 0; i < sessions; i++) {
                held[i] = client.openIdle();
            }
            var usage = ProcessMeter.read().since(before);
            long heap = ProcessMeter.heapAfterGc() - heapBefore;
            for (int i = 0; i < sessions; i++) {
                client.closeIdle(held[i]);
            }
            long[] figures = {usage.wallNanos(), usage.cpuNanos(), heap / sessions};
            System.out.printf(Locale.ROOT, "%s client=%s scenario=idle sessions=%d open_ms=%.1f open_cpu_ms=%.1f"
                    + " heap_per_session=%d%n", r == 0 ? "WARMUP" : "ROUND", name, sessions,
                    figures[0] / 1e6, figures[1] / 1e6, figures[2]);
            if (r > 0) {
                results.add(figures);
            }
            Thread.sleep(500); // let the sink finish closing
        }
        long[] m = new long[3];
        for (int k = 0; k < 3; k++) {
            int kk = k;
            m[k] = median(results.stream().mapToLong(f -> f[kk]).toArray());
        }
        System.out.printf(Locale.ROOT, "IDLE client=%s scenario=idle sessions=%d open_ms=%.1f open_cpu_ms=%.1f"
                + " heap_per_session=%d%n", name, sessions, m[0] / 1e6, m[1] / 1e6, m[2]);
    }

    private static String line(String tag, String client, String scenario, int ops, ProcessMeter.Usage u) {
        return String.format(Locale.ROOT, "%s client=%s scenario=%s ops=%d cpu_ns=%.0f wall_ns=%.0f alloc_b=%.0f cs=%.2f",
                tag, client, scenario, ops, (double) u.cpuNanos() / ops, (double) u.wallNanos() / ops,
                (double) u.allocatedBytes() / ops, (double) u.contextSwitches() / ops);
    }

    /** Each figure's median over the rounds, separately. */
    private static ProcessMeter.Usage median(List<ProcessMeter.Usage> usages) {
        return new ProcessMeter.Usage(
                median(usages.stream().mapToLong(ProcessMeter.Usage::wallNanos).toArray()),
                median(usages.stream().mapToLong(ProcessMeter.Usage::cpuNanos).toArray()),
                median(usages.stream().mapToLong(ProcessMeter.Usage::allocatedBytes).toArray()),
                median(usages.stream().mapToLong(ProcessMeter.Usage::contextSwitches).toArray()));
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Client client(String name, String host, int port) throws Exception {
        switch (name) {
            case "raw": return new RawSocketClient(host, port);
            case "commons-net": return new CommonsNetClient(host, port);
            case "vertx": return new VertxMailClient(host, port);
            case "angus": return new AngusMailClient(host, port);
            case "probe-blocking": return new SmtpProbeClient(host, port, SmtpProbeClient.Style.BLOCKING);
            case "probe-pipelined": return new SmtpProbeClient(host, port, SmtpProbeClient.Style.PIPELINED);
            case "probe-async": return new SmtpProbeClient(host, port, SmtpProbeClient.Style.ASYNC);
            default: throw new IllegalArgumentException("unknown client " + name);
        }
    }

    private static Map<String, String> options(String[] args) {
        var map = new HashMap<String, String>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --name value, got " + args[i]);
            }
            map.put(args[i].substring(2), args[i + 1]);
        }
        return map;
    }
}
