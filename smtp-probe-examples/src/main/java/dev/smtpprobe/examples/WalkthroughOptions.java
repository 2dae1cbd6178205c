package dev.smtpprobe.examples;

import java.util.Optional;

/**
 * The command line of {@link SeedWalkthrough}: which server, and the names of the seed.
 *
 * @param host the server to probe; empty for the embedded server
 * @param port its port (default 25)
 * @param ehlo the name to greet with (default {@value #DEFAULT_EHLO})
 * @param from the sender (default {@value #DEFAULT_FROM})
 * @param to   the recipient of the test message (default {@value #DEFAULT_TO})
 * @param help whether {@code --help} was given
 */
public record WalkthroughOptions(Optional<String> host, int port, String ehlo, String from, String to, boolean help) {

    /** The seed's EHLO name. */
    public static final String DEFAULT_EHLO = "mail.alternatecontoso.test";
    /** The seed's sender. */
    public static final String DEFAULT_FROM = "someone@alternatecontoso.test";
    /** The seed's recipient. */
    public static final String DEFAULT_TO = "postmaster@contoso.test";

    /** How to call the walkthrough. */
    public static final String USAGE = String.join("\n",
            "usage: SeedWalkthrough [--host HOST [--port PORT]] [--ehlo NAME] [--from ADDRESS] [--to ADDRESS]",
            "  no --host    talk to an embedded Exchange-like server started for the run",
            "  --host HOST  probe that server instead (the test message is really sent)",
            "  --port PORT  its port (default 25)",
            "  --ehlo NAME  the name to greet with (default " + DEFAULT_EHLO + ")",
            "  --from ADDR  the sender (default " + DEFAULT_FROM + ")",
            "  --to ADDR    the recipient of the test message (default " + DEFAULT_TO + ")");

    /**
     * Parses the arguments.
     *
     * @throws IllegalArgumentException naming the argument that is wrong
     */
    public static WalkthroughOptions parse(String... args) {
        Optional<String> host = Optional.empty();
        Optional<Integer> port = Optional.empty();
        String ehlo = DEFAULT_EHLO;
        String from = DEFAULT_FROM;
        String to = DEFAULT_TO;
        for (int i = 0; i < args.length; i++) {
            String name = args[i];
            if (name.equals("--help") || name.equals("-h")) {
                return new WalkthroughOptions(host, 25, ehlo, from, to, true);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(name.startsWith("--") ? name + " needs a value" : "unknown argument: " + name);
            }
            String value = args[++i];
            switch (name) {
                case "--host" -> host = Optional.of(value);
                case "--port" -> port = Optional.of(ExampleArgs.parsePort(value));
                case "--ehlo" -> ehlo = value;
                case "--from" -> from = value;
                case "--to" -> to = value;
                default -> throw new IllegalArgumentException("unknown argument: " + name);
            }
        }
        if (port.isPresent() && host.isEmpty()) {
            throw new IllegalArgumentException("--port needs --host (the embedded server picks its own port)");
        }
        return new WalkthroughOptions(host, port.orElse(25), ehlo, from, to, false);
    }
}
