package dev.smtpprobe.examples;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The small command line of the examples ({@link ExampleRunner} parses it): {@code --name value} options and
 * {@code --flag} switches, unknown names refused.
 */
final class ExampleArgs {

    private final Map<String, String> values;

    private ExampleArgs(Map<String, String> values) {
        this.values = values;
    }

    /**
     * Parses {@code args}: names in {@code options} take a value, names in {@code flags} do not.
     *
     * @throws IllegalArgumentException naming the wrong argument
     */
    static ExampleArgs parse(String[] args, Set<String> options, Set<String> flags) {
        var values = new HashMap<String, String>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (flags.contains(name)) {
                values.put(name, "true");
            } else if (options.contains(name)) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                values.put(name, args[++i]);
            } else {
                throw new IllegalArgumentException("unknown argument: " + name);
            }
        }
        return new ExampleArgs(values);
    }

    Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    boolean flag(String name) {
        return values.containsKey(name);
    }

    /**
     * The password of {@code --user} against {@code --host}, from the environment variable {@code --password-env}
     * names (never from the command line, where every user of the machine can read it).
     *
     * @param env the environment's variables (the real one, or a map in tests); null for an unset one
     * @throws IllegalArgumentException when {@code --user} or {@code --password-env} is missing or the variable is unset
     */
    String passwordFromEnvironment(UnaryOperator<String> env) {
        if (value("--user").isEmpty() || value("--password-env").isEmpty()) {
            throw new IllegalArgumentException("--host needs --user and --password-env");
        }
        String variable = values.get("--password-env");
        String password = env.apply(variable);
        if (password == null) {
            throw new IllegalArgumentException("environment variable " + variable + " is not set");
        }
        return password;
    }

    /** {@code --port}, 1–65535, or the default. */
    int port(int defaultPort) {
        String value = values.get("--port");
        return value == null ? defaultPort : parsePort(value);
    }

    /** A {@code --port} value: a number from 1 to 65535. */
    static int parsePort(String value) {
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("--port must be a number from 1 to 65535, not " + value);
    }
}
