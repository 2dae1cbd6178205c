package dev.smtpprobe.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A scriptable SMTP server on loopback for tests that need exact bytes: the script runs once for the first
 * connection, step by step, on its own thread, with a blocking socket so that each {@code send} is one write
 * and one TCP segment ({@code TCP_NODELAY}), and pauses are real. Everything the client sends is recorded.
 *
 * <p>A blocking socket is used on purpose: the fixture has to be simpler and more exact than the Netty code
 * under test (a send with a pause is a segment boundary, a read blocks until the client's line is there).
 */
public final class FakeSmtpServer implements AutoCloseable {

    private final ServerSocket serverSocket;
    private final List<Consumer<Script>> steps;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Socket socket;

    private FakeSmtpServer(List<Consumer<Script>> steps, int receiveBufferBytes) throws IOException {
        this.steps = steps;
        this.serverSocket = new ServerSocket();
        if (receiveBufferBytes > 0) {
            serverSocket.setReceiveBufferSize(receiveBufferBytes); // before bind: it sizes the TCP window
        }
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var thread = new Thread(this::run, "fake-smtp-server");
        thread.setDaemon(true);
        thread.start();
    }

    /** Starts a server that plays {@code script} to the first client that connects. */
    public static FakeSmtpServer start(Consumer<Script> script) {
        return start(0, script);
    }

    /**
     * Like {@link #start(Consumer)} with a small socket receive buffer (e.g. 8 KiB), so that a server that
     * stops reading pushes back on the client after little data instead of after megabytes of kernel buffers.
     */
    public static FakeSmtpServer start(int receiveBufferBytes, Consumer<Script> script) {
        try {
            var steps = new ArrayList<Consumer<Script>>();
            steps.add(script);
            return new FakeSmtpServer(steps, receiveBufferBytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The loopback address to connect to. */
    public String host() {
        return serverSocket.getInetAddress().getHostAddress();
    }

    /** The port. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    private void run() {
        try (Socket s = serverSocket.accept()) {
            socket = s;
            s.setTcpNoDelay(true);
            var script = new Script(new java.io.BufferedInputStream(s.getInputStream(), 8192), s.getOutputStream());
            steps.get(0).accept(script);
            done.complete(null);
        } catch (Throwable t) {
            done.completeExceptionally(t);
        }
    }

    /** Waits until the script has finished; rethrows a failed expectation of the script. */
    public void awaitScript(Duration timeout) {
        try {
            done.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the fake server's script failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the fake server's script did not finish in " + timeout, e);
        }
    }

    /** Every byte the client sent so far. */
    public byte[] received() {
        synchronized (received) {
            return received.toByteArray();
        }
    }

    /** What the client sent, as ISO-8859-1 text (one char per byte). */
    public String receivedText() {
        return new String(received(), StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
            Socket s = socket;
            if (s != null) {
                s.close();
            }
        } catch (IOException ignored) {
            // closing a test fixture
        }
    }

    /** The steps a script can take; each blocks until done. */
    public final class Script {
        private final InputStream in;
        private final OutputStream out;

        private Script(InputStream in, OutputStream out) {
            this.in = in;
            this.out = out;
        }

        /** Writes the text's bytes (ISO-8859-1: one byte per char, CRLF as written) in one write. */
        public Script send(String text) {
            return sendBytes(text.getBytes(StandardCharsets.ISO_8859_1));
        }

        /** Writes bytes in one write. */
        public Script sendBytes(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                throw new IllegalStateException("client went away while the server sent", e);
            }
            return this;
        }

        /** Writes the text one byte at a time with a pause after each. */
        public Script sendSlowly(String text, Duration perByte) {
            for (byte b : text.getBytes(StandardCharsets.ISO_8859_1)) {
                sendBytes(new byte[] {b});
                pause(perByte);
            }
            return this;
        }

        /** Sleeps. */
        public Script pause(Duration d) {
            try {
                Thread.sleep(d.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return this;
        }

        /** Reads one CRLF-terminated line from the client and checks that it starts with {@code prefix} (ignoring case). */
        public String expect(String prefix) {
            String line = readLine();
            if (line == null) {
                throw new AssertionError("expected a line starting with " + prefix + " but the client closed");
            }
            if (!line.regionMatches(true, 0, prefix, 0, prefix.length())) {
                throw new AssertionError("expected a line starting with " + prefix + " but got " + line);
            }
            return line;
        }

        /** {@link #expect(String)} then {@link #send(String)}. */
        public Script reply(String prefix, String response) {
            expect(prefix);
            return send(response);
        }

        /** Reads message content up to and including the final {@code .CRLF}; returns it without the final dot line. */
        public String readData() {
            var content = new StringBuilder();
            for (String line; (line = readLine()) != null; ) {
                if (line.equals(".")) {
                    return content.toString();
                }
                content.append(line).append("\r\n");
            }
            throw new AssertionError("client closed before the end of DATA");
        }

        /**
         * Answers each line the client sends with {@code responder}'s text (CRLF included; null or "" sends
         * nothing) until the client closes: a generic server for tests about what the client writes.
         */
        public void answerEachLine(java.util.function.Function<String, String> responder) {
            for (String line; (line = readLine()) != null; ) {
                String answer = responder.apply(line);
                if (answer != null && !answer.isEmpty()) {
                    send(answer);
                }
            }
        }

        /** Reads until the client closes; returns what came. */
        public String readUntilClosed() {
            var rest = new StringBuilder();
            for (String line; (line = readLine()) != null; ) {
                rest.append(line).append("\r\n");
            }
            return rest.toString();
        }

        /** Closes the connection. */
        public void close() {
            try {
                out.flush();
                Socket s = socket;
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // already closed
            }
        }

        /** A line without CRLF, or null at end of stream. Bytes are recorded. */
        private String readLine() {
            var line = new ByteArrayOutputStream();
            try {
                int prev = -1;
                for (int b; (b = in.read()) >= 0; prev = b) {
                    synchronized (received) {
                        received.write(b);
                    }
                    if (b == '\n' && prev == '\r') {
                        byte[] bytes = line.toByteArray();
                        return new String(bytes, 0, bytes.length - 1, StandardCharsets.ISO_8859_1);
                    }
                    line.write(b);
                }
            } catch (IOException e) {
                return null;
            }
            return null;
        }
    }
}
