package dev.smtpprobe.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A plain-text SMTP server on 127.0.0.1 that takes any number of connections, one thread each, and answers every
 * line with a responder function — a server "personality" for tests whose client opens several sessions (the check
 * suite). Every line received is kept, per connection, for assertions on what the client sent.
 */
public final class FakeMta implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final String greeting;
    private final Duration greetingDelay;
    private final Function<String, String> responder;
    private final List<List<String>> sessions = new CopyOnWriteArrayList<>();

    private FakeMta(String greeting, Duration greetingDelay, Function<String, String> responder) throws IOException {
        this.greeting = greeting;
        this.greetingDelay = greetingDelay;
        this.responder = responder;
        this.serverSocket = new ServerSocket();
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var acceptor = new Thread(this::accept, "fake-mta-accept");
        acceptor.setDaemon(true);
        acceptor.start();
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
        try {
            return new FakeMta(greeting, greetingDelay, responder);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 127.0.0.1. */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    /** The port it listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** The lines each connection sent, in connection order. */
    public List<List<String>> sessions() {
        return List.copyOf(sessions);
    }

    /** Every line of every connection. */
    public List<String> allLines() {
        return sessions.stream().flatMap(List::stream).toList();
    }

    private void accept() {
        while (!serverSocket.isClosed()) {
            try {
                Socket socket = serverSocket.accept();
                var lines = new CopyOnWriteArrayList<String>();
                sessions.add(lines);
                var t = new Thread(() -> serve(socket, lines), "fake-mta-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket, List<String> lines) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
            Thread.sleep(greetingDelay.toMillis());
            write(out, greeting);
            for (String line; (line = in.readLine()) != null; ) {
                lines.add(line);
                String answer = responder.apply(line);
                if (answer == null && !line.regionMatches(true, 0, "QUIT", 0, 4)) {
                    return;
                }
                write(out, answer != null ? answer : "221 2.0.0 Bye");
                if (line.regionMatches(true, 0, "QUIT", 0, 4)) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing
        }
    }
}
