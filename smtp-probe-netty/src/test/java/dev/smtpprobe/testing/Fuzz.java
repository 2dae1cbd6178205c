package dev.smtpprobe.testing;

import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A small fuzz kit on plain JUnit 5: seeded generators over {@link SplittableRandom}, and {@link #check} that tries a
 * property on many generated inputs and, at the first failure, shrinks the input (removes chunks while it still
 * fails, bounded in runs and time) and throws an {@link AssertionError} that names the seed, the try, the input and
 * the shrunk input (escaped), and the command that replays it.
 *
 * <p>System properties (Maven passes each {@code -D} of its command line on to surefire's test JVM):
 * <ul>
 *   <li>{@value #TRIES}{@code =N}: every target runs N tries instead of its brief default;</li>
 *   <li>{@value #SEED}{@code =S}: the base seed (decimal, or hex with {@code 0x}), or {@code random} for a fresh one.
 *       Unset, it is {@link #DEFAULT_SEED}: every build tries the same inputs, and a failure in one build replays in
 *       the next. The seed in use is printed once per test JVM.</li>
 * </ul>
 * Try {@code i} draws from its own generator seeded by {@code S + i·γ}, so a failing try replays alone with
 * {@code -Dfuzz.seed=S+i·γ -Dfuzz.tries=1} (the report prints that number).
 *
 * <p>The same file is in the test trees of smtp-probe-api and smtp-probe-netty (neither sees the other's tests);
 * {@code FuzzKitCopiesTest} fails when the two copies differ.
 */
public final class Fuzz {

    /** The system property that sets the number of tries of every target. */
    public static final String TRIES = "fuzz.tries";

    /** The system property that sets the base seed. */
    public static final String SEED = "fuzz.seed";

    /** The base seed when {@value #SEED} is not set. */
    public static final long DEFAULT_SEED = 0x5eed_2026_1202L;

    /** Letters and digits. */
    public static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private static final long GAMMA = 0x9e3779b97f4a7c15L;
    private static final int MAX_SHRINK_RUNS = 5000;
    private static final long MAX_SHRINK_NANOS = 10_000_000_000L;
    private static final long BASE_SEED = baseSeed();

    private Fuzz() {
    }

    /** A property: returns normally when it holds for the input, throws (an assertion's error) when it does not. */
    @FunctionalInterface
    public interface Property<T> {
        /** Checks the property for one input. */
        void check(T input) throws Exception;
    }

    /** A source of one char. */
    @FunctionalInterface
    public interface CharGen {
        /** The next char. */
        char next(SplittableRandom random);
    }

    /**
     * Tries {@code property} on {@code tries} inputs from {@code generator} (or {@value #TRIES} of them); at the first
     * failure shrinks the input through {@code smaller} (candidates simpler than the given input, tried in order;
     * the first that still fails is kept) and throws the report.
     */
    public static <T> void check(int tries, Function<SplittableRandom, T> generator, Function<T, List<T>> smaller,
            Property<T> property) {
        int n = tries();
        if (n <= 0) {
            n = tries;
        }
        String target = target();
        for (int i = 0; i < n; i++) {
            long trySeed = BASE_SEED + i * GAMMA;
            T input = generator.apply(new SplittableRandom(mix(trySeed)));
            Throwable failure = failureOf(property, input);
            if (failure != null) {
                throw report(target, i, n, trySeed, input, failure, smaller, property);
            }
        }
    }

    private static <T> AssertionError report(String target, int i, int n, long trySeed, T input, Throwable failure,
            Function<T, List<T>> smaller, Property<T> property) {
        T shrunk = input;
        Throwable shrunkFailure = failure;
        int runs = 0;
        int steps = 0;
        long deadline = System.nanoTime() + MAX_SHRINK_NANOS;
        search:
        while (true) {
            for (T candidate : smaller.apply(shrunk)) {
                if (runs >= MAX_SHRINK_RUNS || System.nanoTime() > deadline) {
                    break search;
                }
                runs++;
                Throwable t = failureOf(property, candidate);
                if (t != null) {
                    shrunk = candidate;
                    shrunkFailure = t;
                    steps++;
                    continue search;
                }
            }
            break;
        }
        String test = target.replace('.', '#');
        String command = "mvn -o -q -B -pl " + module() + " -am test -Dsurefire.failIfNoSpecifiedTests=false -Dtest='"
                + test + "'";
        var error = new AssertionError("fuzz target " + target + " failed at try " + i + " of " + n + " (seed "
                + hex(BASE_SEED) + ")\n"
                + "  input:   " + escape(input) + "\n"
                + "  shrunk:  " + escape(shrunk) + " (" + steps + " steps in " + runs + " runs)\n"
                + "  failure: " + shrunkFailure + "\n"
                + "  replay this try:  " + command + " -Dfuzz.seed=" + hex(trySeed) + " -Dfuzz.tries=1\n"
                + "  replay the run:   " + command + " -Dfuzz.seed=" + hex(BASE_SEED) + " -Dfuzz.tries=" + n,
                shrunkFailure);
        if (shrunkFailure != failure) {
            error.addSuppressed(failure);
        }
        return error;
    }

    private static <T> Throwable failureOf(Property<T> property, T input) {
        try {
            property.check(input);
            return null;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return t;
        }
    }

    private static int tries() {
        String s = System.getProperty(TRIES, "").strip();
        try {
            return s.isEmpty() ? 0 : Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TRIES + "=" + s + ": not a number of tries", e);
        }
    }

    private static long baseSeed() {
        String s = System.getProperty(SEED, "").strip();
        long seed;
        if (s.isEmpty()) {
            seed = DEFAULT_SEED;
        } else if (s.equalsIgnoreCase("random")) {
            seed = new SplittableRandom().nextLong();
        } else {
            try {
                seed = s.startsWith("0x") || s.startsWith("0X") ? Long.parseUnsignedLong(s.substring(2), 16)
                        : Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("-D" + SEED + "=" + s + ": neither a number, 0x and hex, nor random", e);
            }
        }
        System.out.println("fuzz: seed " + hex(seed) + " (-D" + SEED + "=" + hex(seed) + " replays it), tries "
                + (tries() <= 0 ? "each target's default" : String.valueOf(tries()))
                + " (-D" + TRIES + "=N)");
        return seed;
    }

    private static String target() {
        return StackWalker.getInstance().walk(frames -> frames
                .filter(f -> !f.getClassName().equals(Fuzz.class.getName()))
                .findFirst()
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .orElse("?"));
    }

    private static String module() {
        Path dir = Path.of(System.getProperty("user.dir")).getFileName();
        return dir == null ? "." : dir.toString();
    }

    private static String hex(long seed) {
        return "0x" + Long.toHexString(seed);
    }

    /** SplitMix64's finaliser: nearby try seeds give unrelated generators. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    // --- generators ---

    /** A number from {@code min} to {@code max}, both included, all equally likely. */
    public static int between(SplittableRandom random, int min, int max) {
        return random.nextInt(min, max + 1);
    }

    /** A size from {@code min} to {@code max}: half the time any, half the time leaning to small ones. */
    public static int size(SplittableRandom random, int min, int max) {
        int bound = between(random, min, max);
        return random.nextBoolean() ? bound : between(random, min, bound);
    }

    /** The index of one of the weights, each as likely as its weight. */
    public static int weighted(SplittableRandom random, int... weights) {
        int total = 0;
        for (int w : weights) {
            total += w;
        }
        int x = random.nextInt(total);
        for (int i = 0; i < weights.length; i++) {
            x -= weights[i];
            if (x < 0) {
                return i;
            }
        }
        throw new IllegalStateException("unreachable");
    }

    /** One of the values, all equally likely. */
    @SafeVarargs
    public static <T> T oneOf(SplittableRandom random, T... values) {
        return values[random.nextInt(values.length)];
    }

    /** One of the chars of {@code chars}. */
    public static char charOf(SplittableRandom random, String chars) {
        return chars.charAt(random.nextInt(chars.length()));
    }

    /** Any char, U+0000 to U+FFFF (lone surrogates included). */
    public static char anyChar(SplittableRandom random) {
        return (char) random.nextInt(0x10000);
    }

    /** A string of {@link #size} {@code min..max} chars from {@code chars}. */
    public static String string(SplittableRandom random, int min, int max, CharGen chars) {
        int n = size(random, min, max);
        var out = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            out.append(chars.next(random));
        }
        return out.toString();
    }

    /** A string of {@code min..max} chars drawn from {@code alphabet}. */
    public static String string(SplittableRandom random, int min, int max, String alphabet) {
        return string(random, min, max, r -> charOf(r, alphabet));
    }

    /** {@code min..max} bytes drawn from {@code alphabet}. */
    public static byte[] bytes(SplittableRandom random, int min, int max, byte[] alphabet) {
        byte[] out = new byte[size(random, min, max)];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphabet[random.nextInt(alphabet.length)];
        }
        return out;
    }

    /** A list of {@code min..max} elements. */
    public static <T> List<T> list(SplittableRandom random, int min, int max, Function<SplittableRandom, T> element) {
        int n = size(random, min, max);
        var out = new ArrayList<T>(n);
        for (int i = 0; i < n; i++) {
            out.add(element.apply(random));
        }
        return out;
    }

    // --- shrinking ---

    /**
     * The candidates for a smaller sequence of {@code length} elements: {@code without(from, to)} for each chunk,
     * big chunks first ({@code length}, half of it, ... one), none that leaves fewer than {@code min} elements.
     */
    public static <T> List<T> removals(int length, int min, BiFunction<Integer, Integer, T> without) {
        var out = new ArrayList<T>();
        for (int chunk = length - min; chunk >= 1; chunk /= 2) {
            for (int from = 0; from + chunk <= length; from += chunk) {
                out.add(without.apply(from, from + chunk));
            }
        }
        return out;
    }

    /** The string with one chunk of chars removed. */
    public static List<String> smaller(String s) {
        return removals(s.length(), 0, (from, to) -> s.substring(0, from) + s.substring(to));
    }

    /** The bytes with one chunk removed. */
    public static List<byte[]> smaller(byte[] b) {
        return removals(b.length, 0, (from, to) -> {
            byte[] out = new byte[b.length - (to - from)];
            System.arraycopy(b, 0, out, 0, from);
            System.arraycopy(b, to, out, from, b.length - to);
            return out;
        });
    }

    /** The list with one chunk of elements removed, keeping at least {@code min}. */
    public static <E> List<List<E>> smaller(List<E> list, int min) {
        return removals(list.size(), min, (from, to) -> {
            var out = new ArrayList<E>(list.subList(0, from));
            out.addAll(list.subList(to, list.size()));
            return out;
        });
    }

    /** The list with one element replaced by one of its smaller candidates. */
    public static <E> List<List<E>> smallerElement(List<E> list, Function<E, List<E>> smaller) {
        var out = new ArrayList<List<E>>();
        for (int i = 0; i < list.size(); i++) {
            for (E candidate : smaller.apply(list.get(i))) {
                var copy = new ArrayList<>(list);
                copy.set(i, candidate);
                out.add(copy);
            }
        }
        return out;
    }

    /** The candidates of several lists, in order. */
    @SafeVarargs
    public static <T> List<T> concat(List<? extends T>... candidates) {
        var out = new ArrayList<T>();
        for (List<? extends T> c : candidates) {
            out.addAll(c);
        }
        return out;
    }

    // --- reporting ---

    /**
     * A value as Java-like source text: strings quoted with CR, LF, NUL, controls and every non-ASCII char escaped
     * ({@code \r}, or {@code \}{@code u} and four hex digits), bytes as {@code b"..."} with {@code \xHH}, records
     * and lists by their parts.
     */
    public static String escape(Object value) {
        if (value instanceof String s) {
            var out = new StringBuilder("\"");
            for (int i = 0; i < s.length(); i++) {
                out.append(escape(s.charAt(i)));
            }
            return out.append('"').toString();
        }
        if (value instanceof Character c) {
            return "'" + escape(c.charValue()) + "'";
        }
        if (value instanceof byte[] bytes) {
            var out = new StringBuilder("b\"");
            for (byte b : bytes) {
                int x = b & 0xff;
                out.append(x == '\r' ? "\\r" : x == '\n' ? "\\n" : x == '\t' ? "\\t" : x == '"' ? "\\\""
                        : x == '\\' ? "\\\\" : x >= 0x20 && x < 0x7f ? String.valueOf((char) x)
                        : String.format("\\x%02x", x));
            }
            return out.append('"').toString();
        }
        if (value instanceof Collection<?> c) {
            var parts = new ArrayList<String>();
            c.forEach(e -> parts.add(escape(e)));
            return "[" + String.join(", ", parts) + "]";
        }
        if (value instanceof Record r) {
            var parts = new ArrayList<String>();
            for (RecordComponent rc : r.getClass().getRecordComponents()) {
                try {
                    var accessor = rc.getAccessor();
                    accessor.setAccessible(true);
                    parts.add(rc.getName() + "=" + escape(accessor.invoke(r)));
                } catch (ReflectiveOperationException | RuntimeException e) {
                    parts.add(rc.getName() + "=?");
                }
            }
            return r.getClass().getSimpleName() + "[" + String.join(", ", parts) + "]";
        }
        return String.valueOf(value);
    }

    private static String escape(char c) {
        return switch (c) {
            case '\r' -> "\\r";
            case '\n' -> "\\n";
            case '\t' -> "\\t";
            case '\0' -> "\\0";
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            default -> c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format("\\u%04x", (int) c);
        };
    }
}
