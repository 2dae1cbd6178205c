package dev.smtpprobe.examples;

import dev.smtpprobe.Reply;
import dev.smtpprobe.examples.ConcurrentProbes.Outcome;
import dev.smtpprobe.examples.ConcurrentProbes.Steps;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What {@link ConcurrentProbes} found: how many probes got their recipient accepted, refused, or broke, and the
 * median (p50) and slowest time of each step.
 *
 * @param target          the probed {@code host:port}
 * @param concurrency     the most probes allowed open at once
 * @param mostOpen        the most that were open at once
 * @param callbackThreads how many threads ran the probes' completions (the client's few I/O threads)
 * @param outcomes        every probe's outcome, in start order
 */
public record ProbeSummary(String target, int concurrency, int mostOpen, int callbackThreads, List<Outcome> outcomes) {

    /** Copies the outcomes. */
    public ProbeSummary {
        outcomes = List.copyOf(outcomes);
    }

    /** Probes that completed with the recipient accepted. */
    public long accepted() {
        return outcomes.stream().filter(Outcome::accepted).count();
    }

    /** Probes that completed with the recipient (or an earlier step) refused. */
    public long refused() {
        return outcomes.stream().filter(o -> o.steps() != null && !o.accepted()).count();
    }

    /** Probes that broke: could not connect, timed out, connection lost. */
    public long broke() {
        return outcomes.stream().filter(o -> o.failure() != null).count();
    }

    /** The nearest-rank percentile {@code p} (0 to 1) of the durations. */
    static Duration percentile(List<Duration> durations, double p) {
        List<Duration> sorted = durations.stream().sorted().toList();
        return sorted.get(Math.max(0, (int) Math.ceil(p * sorted.size()) - 1));
    }

    /** Prints the counts, the reasons of failures, and p50 and max of every step. */
    public void print(PrintStream out) {
        out.println(outcomes.size() + " probes of " + target + " on one ProbeClient, at most " + concurrency
                + " at once (" + mostOpen + " reached); their completions ran on " + callbackThreads + " threads");
        out.println("  recipient accepted: " + accepted());
        out.println("  refused:            " + refused());
        counted(outcomes.stream().filter(o -> o.steps() != null && !o.accepted())
                .map(o -> o.steps().all().stream().filter(r -> !r.isPositive()).findFirst().orElseThrow().toString()), out);
        out.println("  broke:              " + broke());
        counted(outcomes.stream().filter(o -> o.failure() != null)
                .map(o -> o.cause().getClass().getSimpleName() + ": " + o.cause().getMessage()), out);
        List<Steps> completed = outcomes.stream().map(Outcome::steps).filter(Objects::nonNull).toList();
        if (completed.isEmpty()) {
            return;
        }
        out.println();
        out.println(String.format(Locale.ROOT, "%-9s %10s %10s", "step", "p50", "max"));
        row("greeting", completed, Steps::greeting, out);
        row("EHLO", completed, Steps::ehlo, out);
        row("MAIL", completed, Steps::mail, out);
        row("RCPT", completed, Steps::rcpt, out);
        row("QUIT", completed, Steps::quit, out);
        List<Duration> whole = outcomes.stream().filter(o -> o.steps() != null).map(Outcome::elapsed).toList();
        out.println(String.format(Locale.ROOT, "%-9s %10s %10s", "whole", millis(percentile(whole, 0.5)),
                millis(percentile(whole, 1))));
        out.println("(greeting: from the TCP connection to the 220; whole: from connectAsync to the reply to QUIT)");
    }

    /** Prints each distinct reason once, with how many probes it ended. */
    private static void counted(Stream<String> reasons, PrintStream out) {
        reasons.collect(Collectors.groupingBy(Function.identity(), TreeMap::new, Collectors.counting()))
                .forEach((reason, count) -> out.println("    " + count + " x " + reason));
    }

    private static void row(String step, List<Steps> completed, Function<Steps, Reply> reply, PrintStream out) {
        List<Duration> times = completed.stream().map(reply).map(Reply::elapsed).toList();
        out.println(String.format(Locale.ROOT, "%-9s %10s %10s", step, millis(percentile(times, 0.5)),
                millis(percentile(times, 1))));
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
