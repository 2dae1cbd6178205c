package dev.smtpprobe.testing;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one connection to a {@link FakeSmtpServer} brought: every byte the client sent (decrypted where TLS was
 * used), the commands the server parsed from them, the messages it accepted and who authenticated.
 */
public final class RecordedSession {

    private final byte[] received;
    private final int tlsStart;
    private final boolean tls;
    private final List<Command> commands;
    private final List<ReceivedMessage> messages;
    private final Optional<String> authenticatedUser;
    private final boolean ended;

    RecordedSession(byte[] received, int tlsStart, boolean tls, List<Command> commands,
            List<ReceivedMessage> messages, Optional<String> authenticatedUser, boolean ended) {
        this.received = received;
        this.tlsStart = tlsStart;
        this.tls = tls;
        this.commands = commands;
        this.messages = messages;
        this.authenticatedUser = authenticatedUser;
        this.ended = ended;
    }

    /** Every byte the client sent, exactly, in order (the TLS part decrypted). */
    public byte[] bytes() {
        return received.clone();
    }

    /** {@link #bytes()} as ISO-8859-1 text: one char per byte, CRLF as sent. */
    public String text() {
        return new String(received, StandardCharsets.ISO_8859_1);
    }

    /** What the client sent before TLS started (everything when it never did), as ISO-8859-1 text. */
    public String textBeforeTls() {
        return new String(received, 0, tls ? tlsStart : received.length, StandardCharsets.ISO_8859_1);
    }

    /** What the client sent inside TLS, decrypted, as ISO-8859-1 text; empty when TLS never started. */
    public String textInTls() {
        return tls ? new String(Arrays.copyOfRange(received, tlsStart, received.length), StandardCharsets.ISO_8859_1)
                : "";
    }

    /** Whether TLS started on this connection (STARTTLS or implicit TLS). */
    public boolean tls() {
        return tls;
    }

    /** The commands the server parsed, in order, with the {@code "."} pseudo-command for each end of DATA. */
    public List<Command> commands() {
        return commands;
    }

    /** The verbs of {@link #commands()}, in order: handy for {@code containsExactly("EHLO", "MAIL", ...)}. */
    public List<String> verbs() {
        return commands.stream().map(Command::verb).toList();
    }

    /** The messages the server accepted on this connection, in order. */
    public List<ReceivedMessage> messages() {
        return messages;
    }

    /** The user whose AUTH succeeded on this connection, if one did. */
    public Optional<String> authenticatedUser() {
        return authenticatedUser;
    }

    /** Whether the connection had ended when this recording was taken. */
    public boolean ended() {
        return ended;
    }

    @Override
    public String toString() {
        return "RecordedSession" + verbs() + (tls ? " (TLS)" : "");
    }
}
