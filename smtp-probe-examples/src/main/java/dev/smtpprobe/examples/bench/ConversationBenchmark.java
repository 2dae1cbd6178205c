package dev.smtpprobe.examples.bench;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Full SMTP conversations per second against a sink server on loopback (Postfix's {@code smtp-sink}), done by
 * smtp-probe and by a raw blocking-socket client in the same run, serially and concurrently, with the ratio.
 * Run by {@code scripts/bench.sh}; arguments: host port conversations concurrency.
 */
public final class ConversationBenchmark {

    private static final byte[] MESSAGE = ("From: bench@bench.test\r\nTo: sink@bench.test\r\nSubject: bench\r\n\r\n"
            + "x".repeat(70) + "\r\n").repeat(10).getBytes(StandardCharsets.US_ASCII);

    private ConversationBenchmark() {}

    /** Runs the benchmark and prints its figures. */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 10026;
        int n = args.length > 2 ? Integer.parseInt(args[2]) : 2000;
        int c = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        String body = new String(MESSAGE, StandardCharsets.US_ASCII);

        try (ProbeClient client = Probe.client()) {
            Callable<Integer> probe = () -> {
                try (var session = client.connect(host, port)) {
                    var sent = session.ehlo("bench.test").mailFrom("bench@bench.test").rcptTo("sink@bench.test").data(body);
                    session.quit();
                    return sent.reply().code();
                }
            };
            Callable<Integer> raw = () -> RawSocketClient.converse(host, port, MESSAGE);

            System.out.printf("smtp-probe conversation benchmark: %s:%d, %d conversations, concurrency %d, %s%n",
                    host, port, n, c, Runtime.version());
            run("warm-up raw", raw, n / 2, 1);
            run("warm-up smtp-probe", probe, n / 2, 1);
            double rawSerial = run("raw socket, serial", raw, n, 1);
            double probeSerial = run("smtp-probe, serial", probe, n, 1);
            double rawConc = run("raw socket, concurrent", raw, n, c);
            double probeConc = run("smtp-probe, concurrent", probe, n, c);
            System.out.printf(Locale.ROOT, "ratio serial     smtp-probe/raw = %.2f  (aim >= 0.90)%n", probeSerial / rawSerial);
            System.out.printf(Locale.ROOT, "ratio concurrent smtp-probe/raw = %.2f%n", probeConc / rawConc);
        }
    }

    /** Runs {@code n} conversations on {@code threads} threads; prints and returns conversations per second. */
    private static double run(String name, Callable<Integer> conversation, int n, int threads) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            var futures = new ArrayList<Future<Integer>>();
            for (int t = 0; t < threads; t++) {
                int share = n / threads + (t < n % threads ? 1 : 0);
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        int code = conversation.call();
                        if (code != 250) {
                            throw new IllegalStateException("message not accepted: " + code);
                        }
                    }
                    return share;
                }));
            }
            for (Future<Integer> f : futures) {
                f.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            double rate = n / seconds;
            System.out.printf(Locale.ROOT, "%-26s %6d conversations in %6.2f s = %8.1f conversations/s%n", name, n, seconds, rate);
            return rate;
        } finally {
            pool.shutdownNow();
        }
    }
}
