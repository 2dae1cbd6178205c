package dev.smtpprobe.examples;

import java.util.List;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.server.Session;

/**
 * The verbs outside a mail transaction, answered with Exchange's texts: EHLO, HELO, RSET, NOOP, QUIT, VRFY,
 * EXPN, HELP, and STARTTLS and AUTH answered as unknown because this server offers neither.
 */
final class ExchangeSessionCommands {

    /**
     * The extensions this server advertises: only what it honours. Exchange also lists DSN, STARTTLS,
     * X-ANONYMOUSTLS, AUTH NTLM, X-EXPS GSSAPI NTLM and XRDST; this server has no DSN generation, no certificate
     * and no NTLM, so it does not offer them.
     */
    static final List<String> EXTENSIONS = List.of("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME", "BINARYMIME",
            "CHUNKING");

    private ExchangeSessionCommands() {}

    /** The commands of a server without TLS and AUTH, for {@code CommandHandler.addCommand}. */
    static List<Command> all(ExchangeProfile profile) {
        return all(profile, null);
    }

    /** The commands; with {@code security}, STARTTLS and AUTH are offered (AUTH only inside TLS). */
    static List<Command> all(ExchangeProfile profile, ExchangeSecurityCommands security) {
        var commands = new java.util.ArrayList<Command>(List.of(
                new ExchangeCommand("EHLO", "Introduce yourself, extended.", (line, s) -> ehlo(profile, security, line, s)),
                new ExchangeCommand("HELO", "Introduce yourself.", (line, s) -> helo(profile, line, s)),
                new ExchangeCommand("RSET", "Abort the mail transaction.", (line, s) -> {
                    s.resetMailTransaction();
                    s.sendResponse("250 2.0.0 Resetting");
                }),
                new ExchangeCommand("NOOP", "Do nothing.", (line, s) -> s.sendResponse("250 2.0.0 OK")),
                new ExchangeCommand("QUIT", "Close the connection.", (line, s) -> {
                    s.sendResponse("221 2.0.0 Service closing transmission channel");
                    s.quit();
                }),
                new ExchangeCommand("VRFY", "Verify a user.", (line, s) -> s.sendResponse(
                        ExchangeCommand.argument(line).isEmpty() ? "501 5.5.4 Invalid arguments"
                                : "252 2.1.5 Cannot VRFY user")),
                new ExchangeCommand("EXPN", "Expand a list.", (line, s) ->
                        s.sendResponse("502 5.3.3 Command not implemented")),
                new ExchangeCommand("HELP", "List the commands.", (line, s) -> s.sendResponse(
                        "214-2.0.0 This server supports the following commands:\r\n"
                                + "214 2.0.0 HELO EHLO RCPT DATA BDAT RSET MAIL QUIT HELP NOOP VRFY"))));
        if (security == null) {
            commands.add(unrecognized("STARTTLS"));
            commands.add(unrecognized("AUTH"));
        } else {
            commands.addAll(security.commands());
        }
        return List.copyOf(commands);
    }

    private static void ehlo(ExchangeProfile profile, ExchangeSecurityCommands security, String line, Session session)
            throws java.io.IOException {
        String name = ExchangeCommand.argument(line);
        if (name.isEmpty()) {
            session.sendResponse("501 5.5.4 Invalid domain name");
            return;
        }
        session.resetMailTransaction();
        session.setHelo(name);
        var reply = new StringBuilder("250-").append(profile.hostName()).append(" Hello ")
                .append(ExchangeCommand.addressLiteral(session))
                .append("\r\n250-SIZE ").append(profile.maxMessageSize());
        var extensions = new java.util.ArrayList<>(EXTENSIONS);
        if (security != null) {
            extensions.addAll(security.extensions(session));
        }
        for (int i = 0; i < extensions.size(); i++) {
            reply.append(i == extensions.size() - 1 ? "\r\n250 " : "\r\n250-").append(extensions.get(i));
        }
        session.sendResponse(reply.toString());
    }

    private static void helo(ExchangeProfile profile, String line, Session session) throws java.io.IOException {
        String name = ExchangeCommand.argument(line);
        if (name.isEmpty()) {
            session.sendResponse("501 5.5.4 Invalid domain name");
            return;
        }
        session.resetMailTransaction();
        session.setHelo(name);
        session.sendResponse("250 " + profile.hostName() + " Hello " + ExchangeCommand.addressLiteral(session));
    }

    /** A verb SubEthaSMTP knows but this server does not offer: answered the way Exchange answers unknown verbs. */
    private static Command unrecognized(String verb) {
        return new ExchangeCommand(verb, "Not offered.", (line, s) -> s.sendResponse("500 5.3.3 Unrecognized command"));
    }
}
