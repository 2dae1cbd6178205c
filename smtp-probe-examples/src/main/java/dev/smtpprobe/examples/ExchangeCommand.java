package dev.smtpprobe.examples;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import org.subethamail.smtp.internal.server.BaseCommand;
import org.subethamail.smtp.server.Session;

/**
 * A SubEthaSMTP command whose behaviour is a lambda, so that each Exchange-style verb reads as one short method.
 * Registered with {@code SMTPServer.getCommandHandler().addCommand(...)}, which replaces SubEthaSMTP's own command
 * of the same verb.
 */
final class ExchangeCommand extends BaseCommand {

    /** What the verb does: answer on the session. */
    @FunctionalInterface
    interface Action {
        /** Handles one command line (without CRLF). */
        void execute(String line, Session session) throws IOException;
    }

    private final Action action;

    ExchangeCommand(String verb, String help, Action action) {
        super(verb, help);
        this.action = action;
    }

    @Override
    public void execute(String line, Session session) throws IOException {
        action.execute(line, session);
    }

    /** The text after the verb, trimmed ({@code ""} when there is none). */
    static String argument(String line) {
        int space = line.indexOf(' ');
        return space < 0 ? "" : line.substring(space + 1).trim();
    }

    /** The client's address as Exchange writes it in {@code Hello [...]}: an RFC 5321 §4.1.3 address literal. */
    static String addressLiteral(Session session) {
        InetAddress address = session.getRemoteAddress().getAddress();
        return address instanceof Inet6Address ? "[IPv6:" + address.getHostAddress() + "]"
                : "[" + address.getHostAddress() + "]";
    }
}
