package dev.smtpprobe.bench.peers;

import dev.smtpprobe.bench.Client;
import dev.smtpprobe.bench.Conversation;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor: the conversation over a blocking {@link Socket}, each command written and flushed, each reply read
 * to its last line (RFC 5321 §4.2.1) and its code checked. No parsing beyond that, no transcript, no timeouts
 * per step: what a minimal client costs.
 */
public final class RawSocketClient implements Client {

    private static final byte[] EHLO = ascii("EHLO " + Conversation.CLIENT_NAME + "\r\n");
    private static final byte[] MAIL = ascii("MAIL FROM:<" + Conversation.FROM + ">\r\n");
    private static final byte[] RCPT = ascii("RCPT TO:<" + Conversation.TO + ">\r\n");
    private static final byte[] DATA = ascii("DATA\r\n");
    private static final byte[] DOT = ascii(".\r\n");
    private static final byte[] QUIT = ascii("QUIT\r\n");

    private final String host;
    private final int port;

    /** A client of the sink at {@code host:port}. */
    public RawSocketClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void conversation() throws Exception {
        try (Connection c = connect()) {
            c.message();
        }
    }

    @Override
    public Connection connect() throws IOException {
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream());
        OutputStream out = socket.getOutputStream();
        expect(in, 220);
        send(out, EHLO);
        expect(in, 250);
        return new Connection() {
            @Override
            public void message() throws IOException {
                send(out, MAIL);
                expect(in, 250);
                send(out, RCPT);
                expect(in, 250);
                send(out, DATA);
                expect(in, 354);
                out.write(Conversation.MESSAGE);
                send(out, DOT);
                expect(in, 250);
            }

            @Override
            public void close() throws IOException {
                try (socket) {
                    send(out, QUIT);
                    expect(in, 221);
                }
            }
        };
    }

    /** Keeps only the socket: the replies up to EHLO are read through a buffer that is then dropped. */
    @Override
    public Object openIdle() throws IOException {
        Socket socket = new Socket(host, port);
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
        expect(in, 220);
        send(socket.getOutputStream(), EHLO);
        expect(in, 250);
        return socket;
    }

    /**
     * QUIT, then the 221 and the server's close before the socket's own (as smtp-probe's close does): the server
     * closes first, so that the client's ports are not left in TIME_WAIT for the next client's connects.
     */
    @Override
    public void closeIdle(Object idle) throws IOException {
        try (Socket socket = (Socket) idle) {
            socket.setSoTimeout(10_000);
            send(socket.getOutputStream(), QUIT);
            InputStream in = socket.getInputStream();
            byte[] rest = new byte[64];
            while (in.read(rest) >= 0) {
                // the 221, until the server closes
            }
        }
    }

    private static void send(OutputStream out, byte[] line) throws IOException {
        out.write(line);
        out.flush();
    }

    /** Reads one reply (all its lines) and fails unless its code is {@code expected}. */
    private static void expect(InputStream in, int expected) throws IOException {
        while (true) {
            int c0 = in.read();
            int c1 = in.read();
            int c2 = in.read();
            int sep = in.read();
            if (c0 < 0 || c1 < 0 || c2 < 0 || sep < 0) {
                throw new IOException("connection closed before the reply ended");
            }
            int b = sep;
            while (b != '\n') {
                b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed before the reply ended");
                }
            }
            if (sep != '-') {
                int code = (c0 - '0') * 100 + (c1 - '0') * 10 + (c2 - '0');
                if (code != expected) {
                    throw new IOException("expected " + expected + ", got " + code);
                }
                return;
            }
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
