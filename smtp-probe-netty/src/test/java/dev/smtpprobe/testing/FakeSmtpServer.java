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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
 * A scriptable SMTP server on loopback for tests that need exact bytes: the script runs once for the first
 * connection, step by step, on its own thread, with a blocking socket so that each {@code send} is one write
 * and one TCP segment ({@code TCP_NODELAY}), and pauses are real. Everything the client sends is recorded.
 *
 * <p>A blocking socket is used on purpose: the fixture has to be simpler and more exact than the Netty code
 * under test (a send with a pause is a segment boundary, a read blocks until the client's line is there).
 *
 * <p>TLS: {@link Script#startTls(SSLContext)} upgrades the connection in server mode (STARTTLS), and
 * {@link #startImplicitTls(SSLContext, Consumer)} speaks TLS from the first byte (port 465 style). After the
 * handshake the script's steps read and write through TLS; the bytes recorded are the decrypted ones, and
 * {@link #receivedBeforeTls()} / {@link #receivedInTls()} tell the two parts apart. What the server saw in the
 * handshake is kept ({@link #tlsSni()}, {@link #tlsProtocol()}, {@link #tlsCipherSuite()}); a handshake the
 * client aborts (say, it rejects the certificate) ends the script quietly with {@link #tlsHandshakeFailure()}
 * set, so that a test of the client can assert its own error. Read these after {@link #awaitScript(Duration)}.
 */
public final class FakeSmtpServer implements AutoCloseable {

    /** How long {@link Script#startTls(SSLContext)} waits for the client to complete the handshake. */
    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);

    private static final String[] DEFAULT_TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    private final ServerSocket serverSocket;
    private final List<Consumer<Script>> steps;
    private final SSLContext implicitTls;
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();
    /** Where in {@link #received} the TLS part starts; -1 while the connection is plaintext. Guarded by it. */
    private int tlsStart = -1;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile Socket socket;
    private volatile SSLSocket tlsSocket;
    private volatile String tlsSni;
    private volatile String tlsProtocol;
    private volatile String tlsCipherSuite;
    private volatile Throwable tlsFailure;

    private FakeSmtpServer(List<Consumer<Script>> steps, int receiveBufferBytes, SSLContext implicitTls)
            throws IOException {
        this.steps = steps;
        this.implicitTls = implicitTls;
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

    private static FakeSmtpServer start(int receiveBufferBytes, SSLContext implicitTls, Consumer<Script> script) {
        try {
            var steps = new ArrayList<Consumer<Script>>();
            steps.add(script);
            return new FakeSmtpServer(steps, receiveBufferBytes, implicitTls);
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
            var script = new Script(new Input(s.getInputStream()), s.getOutputStream());
            try {
                if (implicitTls != null) {
                    script.startTls(implicitTls);
                }
                steps.get(0).accept(script);
            } finally {
                SSLSocket tls = tlsSocket;
                if (tls != null) {
                    closeQuietly(tls); // close_notify, then the TCP connection
                }
            }
            done.complete(null);
        } catch (TlsHandshakeFailed e) {
            done.complete(null); // the script ends quietly; tlsHandshakeFailure() has the cause
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

    /** What the client sent, as ISO-8859-1 text (one char per byte): plaintext, then what it sent inside TLS. */
    public String receivedText() {
        return new String(received(), StandardCharsets.ISO_8859_1);
    }

    /**
     * What the client sent in plaintext, as ISO-8859-1 text: everything before TLS started, or everything if it
     * never did (empty for {@link #startImplicitTls implicit TLS}).
     */
    public String receivedBeforeTls() {
        synchronized (received) {
            byte[] all = received.toByteArray();
            int end = tlsStart < 0 ? all.length : tlsStart;
            return new String(all, 0, end, StandardCharsets.ISO_8859_1);
        }
    }

    /** What the client sent inside TLS, decrypted, as ISO-8859-1 text; empty if TLS never started. */
    public String receivedInTls() {
        synchronized (received) {
            if (tlsStart < 0) {
                return "";
            }
            byte[] all = received.toByteArray();
            return new String(all, tlsStart, all.length - tlsStart, StandardCharsets.ISO_8859_1);
        }
    }

    /** The host name the client asked for with SNI in the TLS handshake, if it sent one (even if the handshake failed). */
    public Optional<String> tlsSni() {
        return Optional.ofNullable(tlsSni);
    }

    /** The protocol of the completed TLS handshake, e.g. {@code TLSv1.3}; empty if none completed. */
    public Optional<String> tlsProtocol() {
        return Optional.ofNullable(tlsProtocol);
    }

    /** The cipher suite of the completed TLS handshake; empty if none completed. */
    public Optional<String> tlsCipherSuite() {
        return Optional.ofNullable(tlsCipherSuite);
    }

    /**
     * Why the TLS handshake failed (e.g. the client sent a {@code certificate_unknown} alert, or a timeout), if it
     * did; the script ended there, quietly.
     */
    public Optional<Throwable> tlsHandshakeFailure() {
        return Optional.ofNullable(tlsFailure);
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
        private Input in;
        private OutputStream out;

        private Script(Input in, OutputStream out) {
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
            if (tlsSocket != null) {
                throw new IllegalStateException("TLS has already started on this connection");
            }
            Socket raw = socket;
            byte[] early = in.takeBuffered();
            synchronized (received) {
                tlsStart = received.size();
            }
            SSLSocket tls = null;
            try {
                tls = (SSLSocket) serverContext.getSocketFactory()
                        .createSocket(raw, early.length == 0 ? null : new ByteArrayInputStream(early), true);
                tlsSocket = tls;
                var parameters = tls.getSSLParameters();
                parameters.setProtocols(protocols.length == 0 ? DEFAULT_TLS_PROTOCOLS.clone() : protocols.clone());
                parameters.setSNIMatchers(List.of(new RecordingSniMatcher()));
                tls.setSSLParameters(parameters);
                int previousTimeout = raw.getSoTimeout();
                raw.setSoTimeout(Math.toIntExact(Math.max(1, handshakeTimeout.toMillis())));
                tls.startHandshake();
                raw.setSoTimeout(previousTimeout);
                SSLSession session = tls.getSession();
                tlsProtocol = session.getProtocol();
                tlsCipherSuite = session.getCipherSuite();
                in = new Input(tls.getInputStream());
                out = tls.getOutputStream();
                return this;
            } catch (IOException | RuntimeException e) {
                tlsFailure = e;
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
                Socket s = tlsSocket != null ? tlsSocket : socket;
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
                Socket s = socket;
                if (s != null) {
                    s.setSoLinger(true, 0);
                    s.close();
                }
            } catch (IOException ignored) {
                // already closed
            }
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
                    synchronized (received) {
                        received.write(b);
                    }
                    bytes.write(b);
                }
            } catch (IOException e) {
                throw new AssertionError("client went away during a chunk", e);
            }
            return bytes.toByteArray();
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

    /** Records the SNI host name when the ClientHello is read (so a failed handshake has it too); matches any. */
    private final class RecordingSniMatcher extends SNIMatcher {
        RecordingSniMatcher() {
            super(StandardConstants.SNI_HOST_NAME);
        }

        @Override
        public boolean matches(SNIServerName serverName) {
            tlsSni = serverName instanceof SNIHostName host
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

    /** Ends a script whose TLS handshake failed; {@link #run()} completes quietly on it. */
    private static final class TlsHandshakeFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        TlsHandshakeFailed(Throwable cause) {
            super("TLS handshake failed: " + cause, cause);
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing a test fixture
        }
    }
}
