package dev.smtpprobe.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/** A minimal blocking SMTP client for the kit's own tests (the kit cannot depend on smtp-probe's transport). */
final class SocketClient implements AutoCloseable {
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    SocketClient(FakeSmtpServer server) throws IOException {
        socket = new Socket(server.host(), server.port());
        socket.setSoTimeout(5000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    SocketClient(FakeSmtpServer server, SSLContext tls) throws IOException {
        this(server);
        startTls(tls);
    }

    void startTls(SSLContext tls) throws IOException {
        var ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, "127.0.0.1", socket.getPort(), true);
        var parameters = ssl.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        ssl.setSSLParameters(parameters);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = ssl.getOutputStream();
    }

    void timeout(java.time.Duration d) throws IOException {
        socket.setSoTimeout((int) d.toMillis());
    }

    /** Sends the text as UTF-8 as written. */
    SocketClient send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
        return this;
    }

    /** Reads one whole reply (all its lines, CRLF-joined, without the last CRLF); null at end of stream. */
    String reply() throws IOException {
        var all = new StringBuilder();
        while (true) {
            String line = line();
            if (line == null) {
                return all.length() == 0 ? null : all.toString();
            }
            all.append(all.length() == 0 ? "" : "\r\n").append(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return all.toString();
            }
        }
    }

    /** {@link #send} a command line (CRLF added) and read its reply. */
    String command(String line) throws IOException {
        send(line + "\r\n");
        return reply();
    }

    private String line() throws IOException {
        var bytes = new ByteArrayOutputStream();
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                byte[] l = bytes.toByteArray();
                int end = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                return new String(l, 0, end, StandardCharsets.UTF_8);
            }
            bytes.write(b);
        }
        return bytes.size() == 0 ? null : bytes.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
