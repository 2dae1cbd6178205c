package dev.smtpprobe.examples;

import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.subethamail.smtp.AuthenticationHandler;
import org.subethamail.smtp.MessageContext;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.server.Session;

/**
 * STARTTLS (RFC 3207) and AUTH LOGIN / PLAIN (RFC 4954) the way Exchange answers them: {@code 220 2.0.0 SMTP
 * server ready}, the base64 prompts {@code 334 VXNlcm5hbWU6} ("Username:") and {@code 334 UGFzc3dvcmQ6}
 * ("Password:"), {@code 235 2.7.0 Authentication successful} or {@code 535 5.7.8 Authentication unsuccessful}.
 * AUTH is offered only inside TLS.
 *
 * @param user     the one account the server knows
 * @param password its password
 */
record ExchangeSecurityCommands(String user, String password) {

    /** The extensions EHLO adds: STARTTLS before TLS, AUTH inside it. */
    List<String> extensions(Session session) {
        return session.isTLSStarted() ? List.of("AUTH LOGIN PLAIN") : List.of("STARTTLS");
    }

    /** The two commands, for {@code CommandHandler.addCommand}. */
    List<Command> commands() {
        return List.of(new ExchangeCommand("STARTTLS", "Start TLS.", (line, s) -> startTls(s)),
                new ExchangeCommand("AUTH", "Authenticate.", this::auth));
    }

    private static void startTls(Session session) throws IOException {
        if (session.isTLSStarted()) {
            session.sendResponse("503 5.5.1 TLS already active");
            return;
        }
        session.sendResponse("220 2.0.0 SMTP server ready");
        Socket plain = session.getSocket();
        SSLSocket tls = session.getServer().createSSLSocket(plain);
        tls.startHandshake();
        session.setSocket(tls);
        session.resetSmtpProtocol(); // RFC 3207 4.2: forget everything learned before TLS
        session.setTlsStarted(true);
    }

    private void auth(String line, Session session) throws IOException {
        if (!session.isTLSStarted()) {
            session.sendResponse("504 5.7.4 Unrecognized authentication type");
            return;
        }
        if (session.isAuthenticated()) {
            session.sendResponse("503 5.5.2 Already authenticated");
            return;
        }
        String[] words = line.trim().split("\\s+");
        String mechanism = words.length > 1 ? words[1].toUpperCase(Locale.ROOT) : "";
        Optional<String> initial = words.length > 2 ? Optional.of(words[2]) : Optional.empty();
        Optional<String[]> credentials = switch (mechanism) {
            case "LOGIN" -> login(session, initial);
            case "PLAIN" -> plain(session, initial);
            default -> {
                session.sendResponse("504 5.7.4 Unrecognized authentication type");
                yield Optional.empty();
            }
        };
        if (credentials.isEmpty()) {
            return;
        }
        if (credentials.get()[0].equals(user) && credentials.get()[1].equals(password)) {
            session.setAuthenticationHandler(new Authenticated(user));
            session.sendResponse("235 2.7.0 Authentication successful");
        } else {
            session.sendResponse("535 5.7.8 Authentication unsuccessful");
        }
    }

    /** LOGIN: the user name (maybe as initial response), then the password, each after its prompt. */
    private static Optional<String[]> login(Session session, Optional<String> initial) throws IOException {
        Optional<String> name = initial.isPresent() ? initial : ask(session, "334 VXNlcm5hbWU6");
        if (name.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> secret = ask(session, "334 UGFzc3dvcmQ6");
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        return decode(session, name.get()).flatMap(u -> decode(session, secret.get()).map(p -> new String[] {u, p}));
    }

    /** PLAIN: authzid NUL user NUL password, as initial response or after an empty 334. */
    private static Optional<String[]> plain(Session session, Optional<String> initial) throws IOException {
        Optional<String> message = initial.isPresent() ? initial : ask(session, "334 ");
        if (message.isEmpty()) {
            return Optional.empty();
        }
        return decode(session, message.get()).flatMap(m -> {
            String[] parts = m.split("\0", -1);
            return parts.length == 3 ? Optional.of(new String[] {parts[1], parts[2]}) : Optional.empty();
        });
    }

    /** Sends a challenge and reads the answer; {@code *} or a closed connection cancels with 501. */
    private static Optional<String> ask(Session session, String challenge) throws IOException {
        session.sendResponse(challenge);
        String answer = session.getReader().readLine();
        if (answer == null || answer.trim().equals("*")) {
            session.sendResponse("501 5.7.0 Authentication cancelled");
            return Optional.empty();
        }
        return Optional.of(answer.trim());
    }

    private static Optional<String> decode(Session session, String base64) {
        try {
            return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            try {
                session.sendResponse("501 5.5.2 Cannot decode response");
            } catch (IOException ignored) {
                // the client is gone
            }
            return Optional.empty();
        }
    }

    /** Marks the session authenticated for SubEthaSMTP. */
    private record Authenticated(String identity) implements AuthenticationHandler {
        @Override
        public Optional<String> auth(String clientInput, MessageContext context) {
            return Optional.empty();
        }

        @Override
        public Object getIdentity() {
            return identity;
        }
    }
}
