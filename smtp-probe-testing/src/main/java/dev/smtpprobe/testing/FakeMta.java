package dev.smtpprobe.testing;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * A line-by-line server "personality" on 127.0.0.1 for tests whose client opens several sessions (the check
 * suite): every connection gets the greeting, then each line is answered by a responder function. It runs on
 * {@link FakeSmtpServer} (one fake server, not two); new tests can use {@link FakeSmtpServer#builder()} with a
 * {@link CommandHandler} instead, which also understands DATA and BDAT content.
 */
public final class FakeMta implements AutoCloseable {

    private final FakeSmtpServer server;

    private FakeMta(FakeSmtpServer server) {
        this.server = server;
    }

    /**
     * Starts a server that sends {@code greeting} (CRLF added) on every connection and then answers each line
     * with {@code responder} (the answer without its final CRLF; null closes the connection). QUIT gets 221 and
     * closes unless the responder answers it.
     */
    public static FakeMta start(String greeting, Function<String, String> responder) {
        return start(greeting, Duration.ZERO, responder);
    }

    /** {@link #start(String, Function)} with a pause before each greeting (tarpitting). */
    public static FakeMta start(String greeting, Duration greetingDelay, Function<String, String> responder) {
        Objects.requireNonNull(greeting, "greeting");
        Objects.requireNonNull(responder, "responder");
        return new FakeMta(FakeSmtpServer.serve(0, null, script -> {
            script.pause(greetingDelay).send(greeting + "\r\n");
            for (String line; (line = script.readLine()) != null; ) {
                script.connection().command(Command.parse(line));
                boolean quit = line.regionMatches(true, 0, "QUIT", 0, 4);
                String answer = responder.apply(line);
                if (answer == null && !quit) {
                    return;
                }
                script.send((answer != null ? answer : "221 2.0.0 Bye") + "\r\n");
                if (quit) {
                    return;
                }
            }
        }));
    }

    /** 127.0.0.1. */
    public String host() {
        return server.host();
    }

    /** The port it listens on. */
    public int port() {
        return server.port();
    }

    /** The lines each connection sent, in connection order. */
    public List<List<String>> sessions() {
        return server.sessions().stream().map(s -> s.commands().stream().map(Command::line).toList()).toList();
    }

    /** Every line of every connection. */
    public List<String> allLines() {
        return sessions().stream().flatMap(List::stream).toList();
    }

    /** The server underneath, for its recorded sessions. */
    public FakeSmtpServer server() {
        return server;
    }

    @Override
    public void close() {
        server.close();
    }
}
