package dev.smtpprobe.bench.sink;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;

/**
 * A minimal SMTP sink for the benchmark's idle-session scenario: one thread, one NIO selector, constant work per
 * event however many sessions it holds (Postfix's {@code smtp-sink} spends time per event that grows with the
 * number of open sessions, which would make 10,000 idle sessions measure the sink). Accepts every command and
 * discards every message (RFC 5321 replies: 220, an EHLO reply of nine lines like Postfix's, 354, 250 after the
 * dot, 221 to QUIT);
 * answers pipelined commands in order. Loopback only; exits by itself after {@code max-seconds}.
 *
 * <pre>java dev.smtpprobe.bench.sink.NioSink port [max-seconds]</pre>
 */
public final class NioSink {

    private static final byte[] GREETING = ascii("220 sink.bench.test ESMTP\r\n");
    /** What Postfix's smtpd offers by default, less STARTTLS and CHUNKING (this sink does neither). */
    private static final byte[] EHLO = ascii("250-sink.bench.test\r\n250-PIPELINING\r\n250-SIZE 10240000\r\n"
            + "250-VRFY\r\n250-ETRN\r\n250-ENHANCEDSTATUSCODES\r\n250-8BITMIME\r\n250-DSN\r\n250 SMTPUTF8\r\n");
    private static final byte[] OK = ascii("250 2.0.0 Ok\r\n");
    private static final byte[] MAIL = ascii("250 2.1.0 Ok\r\n");
    private static final byte[] RCPT = ascii("250 2.1.5 Ok\r\n");
    private static final byte[] DATA = ascii("354 End data with <CR><LF>.<CR><LF>\r\n");
    private static final byte[] QUEUED = ascii("250 2.0.0 Ok: queued\r\n");
    private static final byte[] BYE = ascii("221 2.0.0 Bye\r\n");
    private static final byte[] UNKNOWN = ascii("502 5.5.2 Error: command not recognized\r\n");
    private static final int MAX_LINE = 4096;

    private NioSink() {}

    /** One session's state: the line being read, whether in DATA, the replies not yet written. */
    private static final class Session {
        final byte[] line = new byte[MAX_LINE];
        int length;
        boolean inData;
        boolean quit;
        ByteBuffer out = ByteBuffer.allocate(256);
    }

    /** Listens on 127.0.0.1:port until killed or until max-seconds have passed. */
    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        long maxSeconds = args.length > 1 ? Long.parseLong(args[1]) : 3600;
        long deadline = System.nanoTime() + maxSeconds * 1_000_000_000L;
        try (Selector selector = Selector.open(); ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
            server.configureBlocking(false);
            server.register(selector, SelectionKey.OP_ACCEPT);
            ByteBuffer read = ByteBuffer.allocateDirect(64 * 1024);
            System.out.println("NioSink listening on 127.0.0.1:" + port);
            while (System.nanoTime() < deadline) {
                selector.select(1000);
                for (Iterator<SelectionKey> it = selector.selectedKeys().iterator(); it.hasNext(); ) {
                    SelectionKey key = it.next();
                    it.remove();
                    try {
                        if (key.isAcceptable()) {
                            accept(server, selector);
                        } else {
                            if (key.isReadable()) {
                                read(key, read);
                            }
                            if (key.isValid() && key.isWritable()) {
                                flush(key);
                            }
                        }
                    } catch (IOException e) {
                        close(key);
                    }
                }
            }
        }
    }

    private static void accept(ServerSocketChannel server, Selector selector) throws IOException {
        for (SocketChannel ch; (ch = server.accept()) != null; ) {
            ch.configureBlocking(false);
            ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            var session = new Session();
            SelectionKey key = ch.register(selector, SelectionKey.OP_READ, session);
            reply(session, GREETING);
            flush(key);
        }
    }

    private static void read(SelectionKey key, ByteBuffer buf) throws IOException {
        var session = (Session) key.attachment();
        buf.clear();
        int n = ((SocketChannel) key.channel()).read(buf);
        if (n < 0) {
            close(key);
            return;
        }
        buf.flip();
        while (buf.hasRemaining()) {
            byte b = buf.get();
            if (session.length < MAX_LINE) {
                session.line[session.length++] = b;
            }
            if (b == '\n') {
                line(session);
                session.length = 0;
            }
        }
        flush(key);
    }

    /** Answers one complete line (with its CRLF). */
    private static void line(Session s) {
        byte[] l = s.line;
        int n = s.length;
        if (s.inData) {
            if (n == 3 && l[0] == '.' && l[1] == '\r') {
                s.inData = false;
                reply(s, QUEUED);
            }
            return;
        }
        String verb = n >= 4 ? new String(l, 0, 4, StandardCharsets.US_ASCII).toUpperCase(java.util.Locale.ROOT) : "";
        switch (verb) {
            case "EHLO" -> reply(s, EHLO);
            case "HELO", "RSET", "NOOP" -> reply(s, OK);
            case "MAIL" -> reply(s, MAIL);
            case "RCPT" -> reply(s, RCPT);
            case "DATA" -> {
                s.inData = true;
                reply(s, DATA);
            }
            case "QUIT" -> {
                s.quit = true;
                reply(s, BYE);
            }
            default -> reply(s, UNKNOWN);
        }
    }

    private static void reply(Session s, byte[] reply) {
        if (s.out.remaining() < reply.length) {
            ByteBuffer bigger = ByteBuffer.allocate(Math.max(s.out.capacity() * 2, s.out.position() + reply.length));
            s.out.flip();
            bigger.put(s.out);
            s.out = bigger;
        }
        s.out.put(reply);
    }

    /** Writes what it can of the pending replies; waits for OP_WRITE for the rest; closes after the 221. */
    private static void flush(SelectionKey key) throws IOException {
        var s = (Session) key.attachment();
        s.out.flip();
        ((SocketChannel) key.channel()).write(s.out);
        boolean done = !s.out.hasRemaining();
        s.out.compact();
        if (done && s.quit) {
            close(key);
        } else {
            key.interestOps(done ? SelectionKey.OP_READ : SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
    }

    private static void close(SelectionKey key) {
        key.cancel();
        try {
            key.channel().close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
