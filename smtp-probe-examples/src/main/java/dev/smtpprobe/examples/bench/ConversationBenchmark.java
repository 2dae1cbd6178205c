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

            Callable<Integer> pipelined = () -> {
                try (var session = client.connect(host, port)) {
                    var sent = session.ehlo("bench.test").pipelined().mailFrom("bench@bench.test")
                            .rcptTo("sink@bench.test").data(body);
                    session.quit();
                    return sent.reply().code();
                }
            };
            run("warm-up pipelined", pipelined, n / 2, 1);
            double pipelinedSerial = run("smtp-probe, pipelined", pipelined, n, 1);
            System.out.printf(Locale.ROOT, "ratio pipelined/plain smtp-probe = %.2f%n", pipelinedSerial / probeSerial);
            printRoundTrips(client, host, port, body);

            double perConnection = manyPerConnection(client, host, port, body, n, false);
            double perConnectionPipelined = manyPerConnection(client, host, port, body, n, true);
            System.out.printf(Locale.ROOT, "ratio pipelined/plain, one connection = %.2f%n", perConnectionPipelined / perConnection);
        }
    }

    /** Counts the round trips of one conversation, plain and pipelined: each time the client waited for a reply. */
    private static void printRoundTrips(ProbeClient client, String host, int port, String body) {
        for (boolean pipe : new boolean[] {false, true}) {
            try (var session = client.connect(host, port)) {
                var hello = session.ehlo("bench.test");
                int before = roundTrips(session.transcript());
                if (pipe) {
                    hello.pipelined().mailFrom("bench@bench.test").rcptTo("sink@bench.test").data(body);
                } else {
                    hello.mailFrom("bench@bench.test").rcptTo("sink@bench.test").data(body);
                }
                session.quit();
                System.out.printf("round trips after EHLO, %s: %d (transaction and QUIT)%n",
                        pipe ? "pipelined" : "one by one", roundTrips(session.transcript()) - before);
            }
        }
    }

    /** Turns from sending to receiving in a transcript: one per round trip. */
    private static int roundTrips(dev.smtpprobe.Transcript transcript) {
        int trips = 0;
        dev.smtpprobe.Direction last = null;
        for (var e : transcript.entries()) {
            if (e.direction() == dev.smtpprobe.Direction.RECEIVED && last == dev.smtpprobe.Direction.SENT) {
                trips++;
            }
            if (e.direction() != dev.smtpprobe.Direction.INFO) {
                last = e.direction();
            }
        }
        return trips;
    }

    /** {@code n} messages over one connection, like {@code smtp-source -d}; prints and returns messages per second. */
    private static double manyPerConnection(ProbeClient client, String host, int port, String body, int n, boolean pipe) {
        long start = System.nanoTime();
        try (var session = client.connect(host, port)) {
            var hello = session.ehlo("bench.test");
            for (int i = 0; i < n; i++) {
                var sent = pipe ? hello.pipelined().mailFrom("bench@bench.test").rcptTo("sink@bench.test").data(body)
                        : hello.mailFrom("bench@bench.test").rcptTo("sink@bench.test").data(body);
                if (!sent.isAccepted()) {
                    throw new IllegalStateException("message not accepted: " + sent.reply());
                }
            }
            session.quit();
            if (session.transactions() != n) {
                throw new IllegalStateException("session carried " + session.transactions() + " transactions");
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double rate = n / seconds;
        System.out.printf(Locale.ROOT, "%-26s %6d messages in %6.2f s = %8.1f messages/s%n",
                pipe ? "smtp-probe, 1 conn, pipe" : "smtp-probe, 1 connection", n, seconds, rate);
        return rate;
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
