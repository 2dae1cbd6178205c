package dev.smtpprobe.examples.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The floor for the benchmark: the same SMTP conversation over a blocking socket with no parsing beyond reading
 * each reply's last line. No validation, no transcript, no timeouts per step: what a minimal client costs.
 */
final class RawSocketClient {

    private RawSocketClient() {}

    /** One full conversation: greeting, EHLO, MAIL, RCPT, DATA, content, QUIT. Returns the final reply code. */
    static int converse(String host, int port, byte[] message) throws IOException {
        try (Socket socket = new Socket(host, port)) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            expect(in, 220);
            send(out, "EHLO bench.test\r\n");
            expect(in, 250);
            send(out, "MAIL FROM:<bench@bench.test>\r\n");
            expect(in, 250);
            send(out, "RCPT TO:<sink@bench.test>\r\n");
            expect(in, 250);
            send(out, "DATA\r\n");
            expect(in, 354);
            out.write(message);
            send(out, ".\r\n");
            int code = expect(in, 250);
            send(out, "QUIT\r\n");
            expect(in, 221);
            return code;
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads one reply (all its lines) and returns its code; fails if it is not {@code expected}. */
    private static int expect(InputStream in, int expected) throws IOException {
        while (true) {
            var line = new StringBuilder();
            for (int b; (b = in.read()) != '\n'; ) {
                if (b < 0) {
                    throw new IOException("connection closed");
                }
                line.append((char) b);
            }
            if (line.length() < 4 || line.charAt(3) != '-') {
                int code = Integer.parseInt(line.substring(0, 3));
                if (code != expected) {
                    throw new IOException("expected " + expected + ", got " + line);
                }
                return code;
            }
        }
    }
}
