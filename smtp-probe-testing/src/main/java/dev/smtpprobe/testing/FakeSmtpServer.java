package dev.smtpprobe.testing;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
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
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIMatcher;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.StandardConstants;

/**
 * A scriptable SMTP server on loopback for tests of code that talks SMTP, in two modes.
 *
 * <p><b>A served conversation</b> ({@link #builder()}): a well-behaved ESMTP server that takes any number of
 * connections, one thread each, and answers every command itself (EHLO with PIPELINING/CHUNKING/SMTPUTF8 as
 * switched, MAIL, RCPT, DATA and BDAT with the message kept, RSET, NOOP, QUIT, STARTTLS and implicit TLS with a
 * certificate the test gives, AUTH PLAIN/LOGIN for given users) unless the test says otherwise: queued
 * {@link Response}s, one per command, or a {@link CommandHandler} per command, with faults (delay, stall, drop
 * mid-reply, close). Every connection is recorded as a {@link RecordedSession}: the exact bytes received, the
 * commands parsed and the messages received.
 *
 * <pre>{@code
 * try (var server = FakeSmtpServer.builder()
 *         .on("RCPT", Response.of("550 5.7.1 Unable to relay"))
 *         .start()) {
 *     // ... let the code under test talk to server.host():server.port() ...
 *     assertThat(server.session(0).commands()).extracting(Command::verb).contains("RCPT");
 * }
 * }</pre>
 *
 * <p><b>A script</b> ({@link #start(Consumer)}): for tests that need exact bytes. The script runs once for the
 * first connection, step by step, on its own thread, with a blocking socket so that each {@code send} is one write
 * and one TCP segment ({@code TCP_NODELAY}), and pauses are real. Everything the client sends is recorded.
 * A blocking socket is used on purpose: the fixture has to be simpler and more exact than the Netty code under
 * test (a send with a pause is a segment boundary, a read blocks until the client's line is there).
 *
 * <p>TLS: {@link Script#startTls(SSLContext)} upgrades the connection in server mode (STARTTLS), and
 * {@link #startImplicitTls(SSLContext, Consumer)} speaks TLS from the first byte (port 465 style). After the
 * handshake the script's steps read and write through TLS; the bytes recorded are the decrypted ones, and
 * {@link #receivedBeforeTls()} / {@link #receivedInTls()} tell the two parts apart. What the server saw in the
 * handshake is kept ({@link #tlsSni()}, {@link #tlsProtocol()}, {@link #tlsCipherSuite()}); a handshake the
 * client aborts (say, it rejects the certificate) ends the script quietly with {@link #tlsHandshakeFailure()}
 * set, so that a test of the client can assert its own error. Read these after {@link #awaitScript(Duration)}.
 * These accessors are about the first connection; {@link #sessions()} has every connection.
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** How long {@link Script#startTls(SSLContext)} waits for the client to complete the handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    private static final String[] DEFAULT_TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ServerSocket serverSocket;
    private final Consumer<Script> script;
    private final SSLContext implicitTls;
    private final boolean everyConnection;
    private final List<Connection> connections = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Connection> first = new CompletableFuture<>();
    /** Where each connection is closed by the server ({@link Builder#closeAfterReceiving}); -1: never. */
    private volatile long closeAfterReceiving = -1;

    private FakeSmtpServer(Consumer<Script> script, int receiveBufferBytes, SSLContext implicitTls,
            boolean everyConnection) throws IOException {
        this.script = script;
        this.implicitTls = implicitTls;
        this.everyConnection = everyConnection;
        this.serverSocket = new ServerSocket();
        if (receiveBufferBytes > 0) {
            serverSocket.setReceiveBufferSize(receiveBufferBytes); // before bind: it sizes the TCP window
        }
        serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        var thread = new Thread(this::acceptLoop, "fake-smtp-server");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * A builder for a served conversation: a well-behaved ESMTP server on every connection, changed where the test
     * says so (see the class description).
     */
    public static Builder builder() {
        return new Builder();
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
        return start(receiveBufferBytes, null, script);
    }

    /**
     * Starts a server whose connection is TLS from the first byte (implicit TLS, like port 465): the handshake
     * with {@code serverContext} runs as {@link Script#startTls(SSLContext)} does before {@code script}, which
     * then reads and writes through TLS. A failed handshake ends it quietly (see {@link #tlsHandshakeFailure()}).
     */
    public static FakeSmtpServer startImplicitTls(SSLContext serverContext, Consumer<Script> script) {
        if (serverContext == null) {
            throw new NullPointerException("serverContext");
        }
        return start(0, serverContext, script);
    }

    /** Starts a server that runs {@code conversation} for every connection (the builder's served mode). */
    static FakeSmtpServer serve(int receiveBufferBytes, SSLContext implicitTls, Consumer<Script> conversation) {
        try {
            return new FakeSmtpServer(conversation, receiveBufferBytes, implicitTls, true);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FakeSmtpServer start(int receiveBufferBytes, SSLContext implicitTls, Consumer<Script> script) {
        try {
            return new FakeSmtpServer(Objects.requireNonNull(script, "script"), receiveBufferBytes, implicitTls,
                    false);
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

    private void acceptLoop() {
        do {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                first.completeExceptionally(new IllegalStateException("the fake server closed before a client came"));
                return;
            }
            var connection = new Connection(s, connections.size());
            connections.add(connection);
            first.complete(connection);
            if (everyConnection) {
                var t = new Thread(connection::run, "fake-smtp-session-" + connection.index);
                t.setDaemon(true);
                t.start();
            } else {
                connection.run();
            }
        } while (everyConnection && !serverSocket.isClosed());
    }

    private Connection firstConnection() {
        Connection c = first.getNow(null);
        if (c == null) {
            throw new IllegalStateException("no client has connected yet");
        }
        return c;
    }

    /**
     * Waits until the script has finished (for a served conversation: the first connection's); rethrows a failed
     * expectation of the script.
     */
    public void awaitScript(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            Connection c = first.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            c.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the fake server's script failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("the fake server's script did not finish in " + timeout, e);
        }
    }

    /** Every byte the client sent so far (on the first connection; empty before one came). */
    public byte[] received() {
        Connection c = first.getNow(null);
        return c == null ? new byte[0] : c.bytes();
    }

    /** What the client sent, as ISO-8859-1 text (one char per byte): plaintext, then what it sent inside TLS. */
    public String receivedText() {
        return new String(received(), StandardCharsets.ISO_8859_1);
    }

    /**
     * What the client sent in plaintext, as ISO-8859-1 text: everything before TLS started, or everything if it
     * never did (empty for {@link #startImplicitTls implicit TLS}).
     */
    public String receivedBeforeTls() {
        Connection c = first.getNow(null);
        return c == null ? "" : c.beforeTls();
    }

    /** What the client sent inside TLS, decrypted, as ISO-8859-1 text; empty if TLS never started. */
    public String receivedInTls() {
        Connection c = first.getNow(null);
        return c == null ? "" : c.inTls();
    }

    /** The host name the client asked for with SNI in the TLS handshake, if it sent one (even if the handshake failed). */
    public Optional<String> tlsSni() {
        return Optional.ofNullable(first.getNow(null)).map(c -> c.tlsSni);
    }

    /** The protocol of the completed TLS handshake, e.g. {@code TLSv1.3}; empty if none completed. */
    public Optional<String> tlsProtocol() {
        return Optional.ofNullable(first.getNow(null)).map(c -> c.tlsProtocol);
    }

    /** The cipher suite of the completed TLS handshake; empty if none completed. */
    public Optional<String> tlsCipherSuite() {
        return Optional.ofNullable(first.getNow(null)).map(c -> c.tlsCipherSuite);
    }

    /**
     * Why the TLS handshake failed (e.g. the client sent a {@code certificate_unknown} alert, or a timeout), if it
     * did; the script ended there, quietly.
     */
    public Optional<Throwable> tlsHandshakeFailure() {
        return Optional.ofNullable(first.getNow(null)).map(c -> c.tlsFailure);
    }

    /** Every connection so far, in the order they were accepted, as recorded up to now. */
    public List<RecordedSession> sessions() {
        return connections.stream().map(Connection::snapshot).toList();
    }

    /** How many connections were accepted so far. */
    public int connectionCount() {
        return connections.size();
    }

    /**
     * Waits until connection {@code index} (0 for the first) has been accepted and has ended, then returns its
     * recording.
     *
     * @throws AssertionError when it did not end in time, or its script failed
     */
    public RecordedSession session(int index, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (connections.size() <= index) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connection " + index + " was not made in " + timeout);
            }
            sleep(Duration.ofMillis(5));
        }
        Connection c = connections.get(index);
        try {
            c.done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new AssertionError("the fake server's conversation failed: " + e.getCause(), e.getCause());
        } catch (Exception e) {
            throw new AssertionError("connection " + index + " did not end in " + timeout, e);
        }
        return c.snapshot();
    }

    /** {@link #session(int, Duration)} waiting up to five seconds. */
    public RecordedSession session(int index) {
        return session(index, Duration.ofSeconds(5));
    }

    /** Stops accepting connections and closes the open ones. */
    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing a test fixture
        }
        connections.forEach(Connection::closeSocket);
    }

    @Override
    public String toString() {
        return "FakeSmtpServer[" + host() + ":" + port() + ", " + connections.size() + " connection(s)]";
    }

    /** One accepted connection: its socket, what it received, and what its TLS handshake saw. */
    final class Connection {
        private final int index;
        private final Socket socket;
        private final ByteArrayOutputStream received = new ByteArrayOutputStream();
        /** Where in {@link #received} the TLS part starts; -1 while the connection is plaintext. Guarded by it. */
        private int tlsStart = -1;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final List<Command> commands = new CopyOnWriteArrayList<>();
        private final List<ReceivedMessage> messages = new CopyOnWriteArrayList<>();
        private volatile String authenticatedUser;
        private volatile SSLSocket tlsSocket;
        private volatile String tlsSni;
        private volatile String tlsProtocol;
        private volatile String tlsCipherSuite;
        private volatile Throwable tlsFailure;

        Connection(Socket socket, int index) {
            this.socket = socket;
            this.index = index;
        }

        void run() {
            try (Socket s = socket) {
                s.setTcpNoDelay(true);
                var steps = new Script(this, new Input(s.getInputStream()), s.getOutputStream());
                try {
                    if (implicitTls != null) {
                        steps.startTls(implicitTls);
                    }
                    script.accept(steps);
                } finally {
                    SSLSocket tls = tlsSocket;
                    if (tls != null) {
                        closeQuietly(tls); // close_notify, then the TCP connection
                    }
                }
                done.complete(null);
            } catch (TlsHandshakeFailed | ConnectionEnded e) {
                done.complete(null); // the script ends quietly; tlsHandshakeFailure() has the cause
            } catch (Throwable t) {
                done.completeExceptionally(t);
            }
        }

        void record(int b) {
            long limit = closeAfterReceiving;
            int size;
            synchronized (received) {
                if (limit >= 0 && received.size() >= limit) {
                    // bytes already buffered past the limit: the server closed before reading them
                    throw new ConnectionEnded("closed after receiving " + limit + " bytes");
                }
                received.write(b);
                size = received.size();
            }
            if (size == limit) {
                closeQuietly(tlsSocket != null ? tlsSocket : socket);
            }
        }

        long receivedCount() {
            synchronized (received) {
                return received.size();
            }
        }

        void command(Command command) {
            commands.add(command);
        }

        void message(ReceivedMessage message) {
            messages.add(message);
        }

        InetSocketAddress clientAddress() {
            return (InetSocketAddress) socket.getRemoteSocketAddress();
        }

        int messageCount() {
            return messages.size();
        }

        void authenticated(String user) {
            authenticatedUser = user;
        }

        boolean inTlsNow() {
            return tlsSocket != null;
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }

        String beforeTls() {
            synchronized (received) {
                byte[] all = received.toByteArray();
                int end = tlsStart < 0 ? all.length : tlsStart;
                return new String(all, 0, end, StandardCharsets.ISO_8859_1);
            }
        }

        String inTls() {
            synchronized (received) {
                if (tlsStart < 0) {
                    return "";
                }
                byte[] all = received.toByteArray();
                return new String(all, tlsStart, all.length - tlsStart, StandardCharsets.ISO_8859_1);
            }
        }

        RecordedSession snapshot() {
            return new RecordedSession(bytes(), beforeTls().length(), tlsSocket != null || tlsProtocol != null,
                    List.copyOf(commands), List.copyOf(messages), Optional.ofNullable(authenticatedUser),
                    done.isDone());
        }

        void closeSocket() {
            closeQuietly(socket);
        }
    }

    /** The steps a script can take; each blocks until done. */
    public final class Script {
        private final Connection c;
        private Input in;
        private OutputStream out;

        private Script(Connection c, Input in, OutputStream out) {
            this.c = c;
            this.in = in;
            this.out = out;
        }

        /**
         * Upgrades the connection to TLS in server mode with {@code serverContext} (after sending the 220 to a
         * STARTTLS), TLSv1.3 and TLSv1.2 enabled, and waits up to {@link #DEFAULT_HANDSHAKE_TIMEOUT} for the
         * handshake. From then on every step reads and writes through TLS. If the handshake fails, the failure is
         * kept in {@link FakeSmtpServer#tlsHandshakeFailure()} and the script ends here without failing.
         */
        public Script startTls(SSLContext serverContext) {
            return startTls(serverContext, DEFAULT_HANDSHAKE_TIMEOUT);
        }

        /**
         * {@link #startTls(SSLContext)} with a handshake timeout and the protocols to enable (none given:
         * TLSv1.3 and TLSv1.2). Bytes the client sent before the handshake that the server had already buffered
         * are handed to TLS, as a real server would see them (a client that pipelines a command after STARTTLS
         * fails the handshake).
         */
        public Script startTls(SSLContext serverContext, Duration handshakeTimeout, String... protocols) {
            if (c.tlsSocket != null) {
                throw new IllegalStateException("TLS has already started on this connection");
            }
            Socket raw = c.socket;
            byte[] early = in.takeBuffered();
            synchronized (c.received) {
                c.tlsStart = c.received.size();
            }
            SSLSocket tls = null;
            try {
                tls = (SSLSocket) serverContext.getSocketFactory()
                        .createSocket(raw, early.length == 0 ? null : new ByteArrayInputStream(early), true);
                c.tlsSocket = tls;
                var parameters = tls.getSSLParameters();
                parameters.setProtocols(protocols.length == 0 ? DEFAULT_TLS_PROTOCOLS.clone() : protocols.clone());
                parameters.setSNIMatchers(List.of(new RecordingSniMatcher(c)));
                tls.setSSLParameters(parameters);
                int previousTimeout = raw.getSoTimeout();
                raw.setSoTimeout(Math.toIntExact(Math.max(1, handshakeTimeout.toMillis())));
                tls.startHandshake();
                raw.setSoTimeout(previousTimeout);
                SSLSession session = tls.getSession();
                c.tlsProtocol = session.getProtocol();
                c.tlsCipherSuite = session.getCipherSuite();
                in = new Input(tls.getInputStream());
                out = tls.getOutputStream();
                return this;
            } catch (IOException | RuntimeException e) {
                c.tlsFailure = e;
                closeQuietly(tls != null ? tls : raw);
                throw new TlsHandshakeFailed(e);
            }
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

        /** Closes the connection (after TLS: sends close_notify first). */
        public void close() {
            try {
                out.flush();
                Socket s = c.tlsSocket != null ? c.tlsSocket : c.socket;
                if (s != null) {
                    s.close();
                }
            } catch (IOException ignored) {
                // already closed
            }
        }

        /**
         * Resets the connection: closes it with {@code SO_LINGER} 0, so that the client gets a TCP RST instead of a
         * FIN (what a crashing server or a middlebox does).
         */
        public void reset() {
            try {
                Socket s = c.socket;
                if (s != null) {
                    s.setSoLinger(true, 0);
                    s.close();
                }
            } catch (IOException ignored) {
                // already closed
            }
        }

        /** Whether the client's next bytes are already here (sent without waiting for the last reply). */
        boolean hasBufferedInput() {
            try {
                return in.available() > 0;
            } catch (IOException e) {
                return false;
            }
        }

        /** The connection this script runs on (for the served conversation's recording). */
        Connection connection() {
            return c;
        }

        /** Reads exactly {@code n} bytes (a BDAT chunk), recorded like every byte; fails if the client closes first. */
        public byte[] readBytes(int n) {
            var bytes = new ByteArrayOutputStream();
            try {
                while (bytes.size() < n) {
                    int b = in.read();
                    if (b < 0) {
                        throw new AssertionError("client closed after " + bytes.size() + " of " + n + " bytes");
                    }
                    c.record(b);
                    bytes.write(b);
                }
            } catch (IOException e) {
                throw new AssertionError("client went away during a chunk", e);
            }
            return bytes.toByteArray();
        }

        /** A line without CRLF, or null at end of stream. Bytes are recorded. */
        String readLine() {
            var line = new ByteArrayOutputStream();
            try {
                int prev = -1;
                for (int b; (b = in.read()) >= 0; prev = b) {
                    c.record(b);
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

    /** Records the SNI host name when the ClientHello is read (so a failed handshake has it too); matches any. */
    private static final class RecordingSniMatcher extends SNIMatcher {
        private final Connection c;

        RecordingSniMatcher(Connection c) {
            super(StandardConstants.SNI_HOST_NAME);
            this.c = c;
        }

        @Override
        public boolean matches(SNIServerName serverName) {
            c.tlsSni = serverName instanceof SNIHostName host
                    ? host.getAsciiName()
                    : new String(serverName.getEncoded(), StandardCharsets.ISO_8859_1);
            return true;
        }
    }

    /** A buffered input whose unread buffer can be taken out, to hand it to TLS on STARTTLS. */
    private static final class Input extends BufferedInputStream {
        Input(InputStream in) {
            super(in, 8192);
        }

        synchronized byte[] takeBuffered() {
            byte[] rest = Arrays.copyOfRange(buf, pos, count);
            pos = count;
            return rest;
        }
    }

    /** Ends a served conversation whose client went away; the connection completes quietly on it. */
    static final class ConnectionEnded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConnectionEnded(String why) {
            super(why, null, false, false);
        }
    }

    /** Ends a script whose TLS handshake failed; the connection completes quietly on it. */
    private static final class TlsHandshakeFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TlsHandshakeFailed(Throwable cause) {
            super("TLS handshake failed: " + cause, cause);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a test fixture
        }
    }

    /**
     * Settings of a served conversation (see {@link FakeSmtpServer#builder()}). By default: greeting
     * {@code 220 fake.smtp-probe.test ESMTP}, PIPELINING on, CHUNKING and SMTPUTF8 off, SIZE 10240000, no TLS, no
     * AUTH, every mailbox accepted. What decides a reply, first to last: {@link #on(String, CommandHandler)} for its
     * verb, the next {@linkplain #enqueue(Response...) queued} response, the {@link #handler(CommandHandler)}, and
     * the server's default.
     */
    public static final class Builder {
        String hostName = "fake.smtp-probe.test";
        java.util.function.Supplier<Response> greeting;
        final java.util.Map<String, CommandHandler> overrides = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Queue<Response> queue = new java.util.concurrent.ConcurrentLinkedQueue<>();
        CommandHandler handler;
        java.util.function.Function<InetSocketAddress, CommandHandler> handlerPerConnection;
        boolean pipelining = true;
        boolean chunking;
        boolean smtputf8;
        long size = 10_240_000L;
        SSLContext startTls;
        String[] tlsProtocols = {};
        SSLContext implicitTls;
        final java.util.Map<String, String> users = new java.util.concurrent.ConcurrentHashMap<>();
        long closeAfterReceiving = -1;
        int receiveBufferBytes;
        String authFailure = "535 5.7.8 Error: authentication failed";

        Builder() {}

        /** The name in the greeting and the EHLO reply; default {@code fake.smtp-probe.test}. */
        public Builder hostName(String name) {
            hostName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The greeting (RFC 5321 §4.3.1), e.g. a {@code 554} refusal or a slow {@code 220}; default {@code 220 <host> ESMTP}. */
        public Builder greeting(Response greeting) {
            Objects.requireNonNull(greeting, "greeting");
            this.greeting = () -> greeting;
            return this;
        }

        /** A greeting made for each connection (say, with the time in it). */
        public Builder greeting(java.util.function.Supplier<Response> greeting) {
            this.greeting = Objects.requireNonNull(greeting, "greeting");
            return this;
        }

        /** Every command with this verb (e.g. {@code RCPT}, or {@code "."} for the end of DATA) gets {@code response}. */
        public Builder on(String verb, Response response) {
            Objects.requireNonNull(response, "response");
            return on(verb, command -> response);
        }

        /** Every command with this verb is answered by {@code handler} (null from it: the next rule decides). */
        public Builder on(String verb, CommandHandler handler) {
            overrides.put(verb.toUpperCase(java.util.Locale.ROOT), Objects.requireNonNull(handler, "handler"));
            return this;
        }

        /**
         * Queued responses: each command (of any connection) that no {@link #on} rule answers takes the next one,
         * in order; once they are used up, the handler and the defaults answer.
         */
        public Builder enqueue(Response... responses) {
            queue.addAll(List.of(responses));
            return this;
        }

        /** A dispatcher consulted for every command no {@link #on} rule and no queued response answers. */
        public Builder handler(CommandHandler handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /**
         * A dispatcher made for each connection from the client's address (so that it can keep the connection's
         * state, as a real server does), consulted after the queued responses and before {@link #handler}.
         */
        public Builder handlerPerConnection(java.util.function.Function<InetSocketAddress, CommandHandler> factory) {
            this.handlerPerConnection = Objects.requireNonNull(factory, "factory");
            return this;
        }

        /**
         * Whether EHLO offers PIPELINING (RFC 2920); default true. Off, a command that arrives before the reply to
         * the previous one was sent gets {@code 503 5.5.0 Improper use of SMTP command pipelining}, as Postfix's
         * {@code reject_unauth_pipelining} answers.
         */
        public Builder pipelining(boolean on) {
            pipelining = on;
            return this;
        }

        /** Whether EHLO offers CHUNKING and BDAT is served (RFC 3030); default false (BDAT gets 502). */
        public Builder chunking(boolean on) {
            chunking = on;
            return this;
        }

        /**
         * Whether EHLO offers SMTPUTF8 (RFC 6531); default false: then {@code MAIL ... SMTPUTF8} gets 555 and a
         * non-ASCII MAIL line gets {@code 553 5.6.7}.
         */
        public Builder smtputf8(boolean on) {
            smtputf8 = on;
            return this;
        }

        /** The SIZE EHLO advertises (RFC 1870), in bytes; default 10240000. */
        public Builder size(long bytes) {
            size = bytes;
            return this;
        }

        /** Offers STARTTLS (RFC 3207) with this server context (e.g. {@link ServerCertificate#serverContext()}). */
        public Builder startTls(SSLContext serverContext) {
            startTls = Objects.requireNonNull(serverContext, "serverContext");
            return this;
        }

        /**
         * The protocol versions the served STARTTLS accepts, e.g. {@code "TLSv1.2", "TLSv1"}; default TLSv1.3 and
         * TLSv1.2. A version the JVM disables ({@code jdk.tls.disabledAlgorithms}) still fails the handshake.
         */
        public Builder tlsProtocols(String... protocols) {
            tlsProtocols = protocols.clone();
            return this;
        }

        /** Speaks TLS from the first byte (implicit TLS, RFC 8314, port 465 style) with this server context. */
        public Builder implicitTls(SSLContext serverContext) {
            implicitTls = Objects.requireNonNull(serverContext, "serverContext");
            return this;
        }

        /**
         * Accepts AUTH PLAIN and LOGIN (RFC 4954, 4616) for this user; EHLO offers AUTH once a user is given, and
         * only inside TLS when the server offers STARTTLS.
         */
        public Builder user(String name, String password) {
            users.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /** The reply to AUTH with wrong credentials; default {@code 535 5.7.8 Error: authentication failed} (Postfix's). */
        public Builder authFailureReply(String reply) {
            authFailure = Objects.requireNonNull(reply, "reply");
            return this;
        }

        /** Closes each connection once the client has sent this many bytes (say, in the middle of the content). */
        public Builder closeAfterReceiving(long bytes) {
            if (bytes < 0) {
                throw new IllegalArgumentException("a negative byte count: " + bytes);
            }
            closeAfterReceiving = bytes;
            return this;
        }

        /** A small socket receive buffer (e.g. 8 KiB), so that a stalled server pushes back on the client early. */
        public Builder receiveBufferBytes(int bytes) {
            receiveBufferBytes = bytes;
            return this;
        }

        /** Starts the server on a free loopback port. */
        public FakeSmtpServer start() {
            if (greeting == null) {
                Response standard = Response.of("220 " + hostName + " ESMTP");
                greeting = () -> standard;
            }
            FakeSmtpServer server = serve(receiveBufferBytes, implicitTls, new ServedConversation(this));
            server.closeAfterReceiving = closeAfterReceiving;
            return server;
        }
    }
}
