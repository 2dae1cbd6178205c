package dev.smtpprobe.examples;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A bare socket for the tests that need exact bytes on the wire (pipelined commands, BDAT chunks), which the
 * smtp-probe API deliberately does not let a caller write.
 */
final class RawSmtpClient implements AutoCloseable {

    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    RawSmtpClient(String host, int port) throws IOException {
        socket = new Socket(host, port);
        socket.setSoTimeout(10_000);
        in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        out = socket.getOutputStream();
    }

    /** Writes the bytes as they are, in one write. */
    void write(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Reads one whole reply: its lines, as on the wire, up to the one whose fourth character is a space. */
    List<String> reply() throws IOException {
        var lines = new ArrayList<String>();
        while (true) {
            String line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + lines);
            }
            lines.add(line);
            if (line.length() < 4 || line.charAt(3) != '-') {
                return lines;
            }
        }
    }

    /** Reads a one-line reply. */
    String line() throws IOException {
        return String.join("\n", reply());
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
