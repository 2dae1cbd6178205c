package dev.smtpprobe.netty;

import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;

/**
 * The child JVM of {@link ContentHeapTest}: sends one big message through smtp-probe to a sink in this JVM that
 * discards the content, and prints the octets allocated on the heap while it was sent (by every thread but the
 * sink's) and the heap in use after a GC before it. Run with a small {@code -Xmx}: a send that holds the message
 * more times than the heap allows fails with an OutOfMemoryError (exit code 3).
 *
 * <p>Arguments: the form ({@code array}: {@code data(byte[])}; {@code stream}: {@code data(InputStream)};
 * {@code bdat-stream}: {@code dataChunked(InputStream, 64 KiB)}; {@code copies}: the message and three copies of
 * it, what a send that copies the content does, as the control), and the message size in MiB.
 */
public final class ContentHeapProbe {

    private ContentHeapProbe() {}

    public static void main(String[] args) throws Exception {
        String form = args[0];
        long size = Long.parseLong(args[1]) * 1024 * 1024;
        try (var sink = new DiscardingSink(); ProbeClient client = Probe.client(ProbeOptions.DEFAULT)) {
            Hello hello = client.connect(sink.host(), sink.port()).ehlo("client.test");
            // warm-up: classes loaded, pools primed, JIT started
            for (int i = 0; i < 3; i++) {
                hello.mailFrom("a@b.test").rcptTo("p@b.test").data(lines(new byte[1024 * 1024]));
                hello.mailFrom("a@b.test").rcptTo("p@b.test").data(new Lines(1024 * 1024));
                hello.mailFrom("a@b.test").rcptTo("p@b.test").dataChunked(new Lines(300_000), 64 * 1024);
            }
            byte[] message = form.equals("array") || form.equals("copies") ? lines(new byte[(int) size]) : null;
            for (int i = 0; i < 3; i++) {
                System.gc();
            }
            var memory = ManagementFactory.getMemoryMXBean();
            long used = memory.getHeapMemoryUsage().getUsed();
            long before = allocated(sink.thread);
            var tx = hello.mailFrom("a@b.test").rcptTo("p@b.test");
            boolean accepted = switch (form) {
                case "array" -> tx.data(message).isAccepted();
                case "stream" -> tx.data(new Lines(size)).isAccepted();
                case "bdat-stream" -> tx.dataChunked(new Lines(size), 64 * 1024).isAccepted();
                case "copies" -> {
                    var copies = new ArrayList<byte[]>();
                    for (int i = 0; i < 3; i++) {
                        copies.add(message.clone());
                    }
                    yield tx.data(copies.get(2)).isAccepted();
                }
                default -> throw new IllegalArgumentException(form);
            };
            long allocated = allocated(sink.thread) - before;
            // after the measurement: what the content must have been, when the heap can hold the message
            long expected = form.equals("bdat-stream") || size > 8 * 1024 * 1024 ? -1
                    : dev.smtpprobe.spi.ContentEncoder.encodedLength(message != null ? message : lines(new byte[(int) size]));
            System.out.println("accepted=" + accepted + " allocated=" + allocated + " usedBefore=" + used
                    + " received=" + sink.lastContent + " expected=" + expected + " max=" + Runtime.getRuntime().maxMemory());
        } catch (OutOfMemoryError e) {
            System.out.println("OutOfMemoryError " + e.getMessage());
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }

    /** Heap octets allocated so far by every live thread but {@code except} (HotSpot's com.sun.management view). */
    private static long allocated(Thread except) throws ReflectiveOperationException {
        var threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        var perThread = Class.forName("com.sun.management.ThreadMXBean").getMethod("getThreadAllocatedBytes", long[].class);
        long[] bytes = (long[]) perThread.invoke(threads, (Object) ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != except.getId() && bytes[i] > 0) {
                sum += bytes[i];
            }
        }
        return sum;
    }

    /** Fills {@code message} with 100-octet lines, every seventh starting with a dot. */
    private static byte[] lines(byte[] message) {
        for (int i = 0; i < message.length; i++) {
            message[i] = Lines.octet(i);
        }
        return message;
    }

    /** A stream of {@code size} octets of the same lines, made as they are read (nothing held). */
    static final class Lines extends InputStream {
        private final long size;
        private long pos;

        Lines(long size) {
            this.size = size;
        }

        static byte octet(long i) {
            long col = i % 100;
            return col == 98 ? (byte) '\r' : col == 99 ? (byte) '\n' : col == 0 && i / 100 % 7 == 0 ? (byte) '.' : (byte) 'm';
        }

        @Override
        public int read() {
            return pos < size ? octet(pos++) & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (pos >= size) {
                return -1;
            }
            int n = (int) Math.min(len, size - pos);
            for (int i = 0; i < n; i++) {
                b[off + i] = octet(pos++);
            }
            return n;
        }
    }

    /**
     * An SMTP server on loopback for one connection that accepts everything and discards the content, reading
     * through one small buffer (it allocates nothing per message): what the measurement must not count.
     */
    static final class DiscardingSink implements AutoCloseable {
        private final ServerSocket server;
        final Thread thread;
        volatile long lastContent;

        DiscardingSink() throws IOException {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            thread = new Thread(this::serve, "discarding-sink");
            thread.setDaemon(true);
            thread.start();
        }

        String host() {
            return server.getInetAddress().getHostAddress();
        }

        int port() {
            return server.getLocalPort();
        }

        private void serve() {
            try (Socket s = server.accept()) {
                InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 16 * 1024);
                OutputStream out = s.getOutputStream();
                out.write(ascii("220 sink.test ESMTP\r\n"));
                byte[] line = new byte[1024];
                byte[] buf = new byte[16 * 1024];
                while (true) {
                    int n = readLine(in, line);
                    if (n < 0) {
                        return;
                    }
                    String verb = new String(line, 0, Math.min(n, 4), StandardCharsets.US_ASCII).toUpperCase();
                    switch (verb) {
                        case "EHLO" -> out.write(ascii("250-sink.test\r\n250-CHUNKING\r\n250 8BITMIME\r\n"));
                        case "DATA" -> {
                            out.write(ascii("354 go ahead\r\n"));
                            lastContent = skipContent(in);
                            out.write(ascii("250 2.0.0 Ok: queued as S\r\n"));
                        }
                        case "BDAT" -> {
                            String[] words = new String(line, 0, n, StandardCharsets.US_ASCII).split(" ");
                            long left = Long.parseLong(words[1]);
                            while (left > 0) {
                                int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                                if (r < 0) {
                                    return;
                                }
                                left -= r;
                            }
                            out.write(ascii("250 2.0.0 chunk ok\r\n"));
                        }
                        case "QUIT" -> {
                            out.write(ascii("221 bye\r\n"));
                            return;
                        }
                        default -> out.write(ascii("250 ok\r\n"));
                    }
                    out.flush();
                }
            } catch (IOException e) {
                // the client went away
            }
        }

        /** Reads up to the final CRLF.CRLF (the DATA command's CRLF counts as the first CRLF); returns the octets. */
        private static long skipContent(InputStream in) throws IOException {
            long n = 0;
            int state = 2; // after CRLF
            for (int b; (b = in.read()) >= 0; n++) {
                state = switch (state) {
                    case 0 -> b == '\r' ? 1 : 0;
                    case 1 -> b == '\n' ? 2 : b == '\r' ? 1 : 0;
                    case 2 -> b == '.' ? 3 : b == '\r' ? 1 : 0;
                    case 3 -> b == '\r' ? 4 : 0;
                    case 4 -> b == '\n' ? 5 : b == '\r' ? 1 : 0;
                    default -> 0;
                };
                if (state == 5) {
                    return n - 2;
                }
            }
            return n;
        }

        private static int readLine(InputStream in, byte[] line) throws IOException {
            int n = 0;
            for (int b; (b = in.read()) >= 0; ) {
                if (b == '\n' && n > 0 && line[n - 1] == '\r') {
                    return n - 1;
                }
                if (n < line.length) {
                    line[n++] = (byte) b;
                }
            }
            return -1;
        }

        private static byte[] ascii(String s) {
            return s.getBytes(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            server.close();
        }
    }
}
