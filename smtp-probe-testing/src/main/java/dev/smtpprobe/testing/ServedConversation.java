package dev.smtpprobe.testing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The served conversation of a {@link FakeSmtpServer.Builder}: one connection, answered command by command with
 * the builder's overrides, queue and handler first and a well-behaved ESMTP server's replies otherwise.
 */
final class ServedConversation implements Consumer<FakeSmtpServer.Script> {

    private final FakeSmtpServer.Builder settings;

    ServedConversation(FakeSmtpServer.Builder settings) {
        this.settings = settings;
    }

    @Override
    public void accept(FakeSmtpServer.Script script) {
        try {
            new State(script).run();
        } catch (IllegalStateException e) {
            if (!(e.getCause() instanceof java.io.IOException)) {
                throw e;
            }
            // the client went away while the server answered: the connection simply ends
        }
    }

    /** The state of one connection: RFC 5321's session and transaction. */
    private final class State {
        private final FakeSmtpServer.Script script;
        private final FakeSmtpServer.Connection connection;
        private boolean greeted;
        private String helo = "";
        private final CommandHandler connectionHandler;
        private String mailFrom;
        private List<String> mailParameters = List.of();
        private final List<String> recipients = new ArrayList<>();
        private final ByteArrayOutputStream chunks = new ByteArrayOutputStream();
        private String user;

        State(FakeSmtpServer.Script script) {
            this.script = script;
            this.connection = script.connection();
            this.connectionHandler = settings.handlerPerConnection == null ? null
                    : settings.handlerPerConnection.apply(connection.clientAddress());
        }

        void run() {
            settings.greeting.get().play(script);
            for (String raw; (raw = script.readLine()) != null; ) {
                String line = new String(raw.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
                boolean pipelined = script.hasBufferedInput();
                Command command = Command.parse(line);
                if (command.is("BDAT")) {
                    command = readChunk(command);
                }
                connection.command(command);
                Response response = decide(command);
                if (response == null && pipelined && !settings.pipelining && !command.is("QUIT")) {
                    response = Response.of("503 5.5.0 Improper use of SMTP command pipelining");
                }
                if (response == null) {
                    response = defaults(command);
                }
                if (command.is("BDAT")) {
                    bdatBeforeReply(command, response);
                }
                response.play(script);
                after(command, response.code());
            }
        }

        private Response decide(Command command) {
            CommandHandler override = settings.overrides.get(command.verb());
            Response response = override == null ? null : override.handle(command);
            if (response == null) {
                response = settings.queue.poll();
            }
            if (response == null && connectionHandler != null) {
                response = connectionHandler.handle(command);
            }
            if (response == null && settings.handler != null) {
                response = settings.handler.handle(command);
            }
            return response;
        }

        /** What the reply that was sent does to the session. */
        private void after(Command command, int code) {
            boolean positive = code >= 200 && code < 300;
            switch (command.verb()) {
                case "EHLO", "HELO" -> {
                    if (positive) {
                        greeted = true;
                        helo = command.argument().trim();
                        resetTransaction();
                    }
                }
                case "MAIL" -> {
                    if (positive) {
                        Optional<String[]> path = path(command.argument(), "FROM:");
                        mailFrom = path.map(p -> p[0]).orElse("");
                        mailParameters = path.map(p -> p[1].isBlank() ? List.<String>of()
                                : List.of(p[1].trim().split(" +"))).orElse(List.of());
                    }
                }
                case "RCPT" -> {
                    if (positive) {
                        recipients.add(path(command.argument(), "TO:").map(p -> p[0]).orElse(command.argument()));
                    }
                }
                case "DATA" -> {
                    if (code == 354) {
                        Command end = new Command(".", "", ".", readContent());
                        connection.command(end);
                        Response response = decide(end);
                        if (response == null) {
                            response = defaults(end);
                        }
                        if (response.code() >= 200 && response.code() < 300) {
                            queue(end.content(), response); // kept before the client can read the reply
                        }
                        resetTransaction();
                        response.play(script);
                    }
                }
                case "BDAT" -> { } // see bdatBeforeReply
                case "RSET" -> resetTransaction();
                case "STARTTLS" -> {
                    if (code == 220 && settings.startTls != null && !connection.inTlsNow()) {
                        script.startTls(settings.startTls, FakeSmtpServer.DEFAULT_HANDSHAKE_TIMEOUT,
                                settings.tlsProtocols);
                        greeted = false;
                        helo = "";
                        resetTransaction();
                    }
                }
                case "QUIT" -> {
                    script.close();
                    throw new FakeSmtpServer.ConnectionEnded("QUIT");
                }
                default -> { }
            }
        }

        /** A chunk taken (2xx) joins the message; the last one queues it, before the client can read the reply. */
        private void bdatBeforeReply(Command command, Response response) {
            boolean positive = response.code() >= 200 && response.code() < 300;
            if (positive && mailFrom != null) {
                chunks.writeBytes(command.content());
            }
            if (command.argument().toUpperCase(Locale.ROOT).contains("LAST")) {
                if (positive && mailFrom != null) {
                    queue(chunks.toByteArray(), response);
                }
                resetTransaction();
            }
        }

        private void queue(byte[] content, Response reply) {
            connection.message(new ReceivedMessage(helo, mailFrom == null ? "" : mailFrom, mailParameters, recipients,
                    content, reply.text()));
        }

        private void resetTransaction() {
            mailFrom = null;
            mailParameters = List.of();
            recipients.clear();
            chunks.reset();
        }

        private Response defaults(Command command) {
            return switch (command.verb()) {
                case "EHLO" -> command.argument().isBlank() ? Response.of("501 5.5.4 Syntax: EHLO hostname")
                        : Response.lines(ehlo().toArray(String[]::new));
                case "HELO" -> command.argument().isBlank() ? Response.of("501 5.5.4 Syntax: HELO hostname")
                        : Response.of("250 " + settings.hostName);
                case "MAIL" -> mail(command);
                case "RCPT" -> mailFrom == null ? Response.of("503 5.5.1 Error: need MAIL command")
                        : path(command.argument(), "TO:").isEmpty() ? Response.of("501 5.1.3 Bad recipient address syntax")
                        : Response.of("250 2.1.5 Ok");
                case "DATA" -> mailFrom == null ? Response.of("503 5.5.1 Error: need MAIL command")
                        : recipients.isEmpty() ? Response.of("554 5.5.1 Error: no valid recipients")
                        : Response.of("354 End data with <CR><LF>.<CR><LF>");
                case "." -> Response.of("250 2.0.0 Ok: queued as " + queueId());
                case "BDAT" -> bdat(command);
                case "RSET" -> Response.of("250 2.0.0 Ok");
                case "NOOP" -> Response.of("250 2.0.0 Ok");
                case "VRFY" -> Response.of("252 2.0.0 Cannot VRFY user, but will accept message");
                case "QUIT" -> Response.of("221 2.0.0 Bye");
                case "STARTTLS" -> settings.startTls == null || connection.inTlsNow()
                        ? Response.of("502 5.5.1 Error: command not implemented")
                        : Response.of("220 2.0.0 Ready to start TLS");
                case "AUTH" -> auth(command);
                default -> Response.of("500 5.5.2 Error: command not recognized");
            };
        }

        private List<String> ehlo() {
            var keywords = new ArrayList<String>();
            keywords.add(settings.hostName);
            if (settings.pipelining) {
                keywords.add("PIPELINING");
            }
            keywords.add("SIZE " + settings.size);
            if (settings.startTls != null && !connection.inTlsNow()) {
                keywords.add("STARTTLS");
            }
            if (authOffered()) {
                keywords.add("AUTH PLAIN LOGIN");
            }
            keywords.add("ENHANCEDSTATUSCODES");
            keywords.add("8BITMIME");
            if (settings.chunking) {
                keywords.add("CHUNKING");
            }
            if (settings.smtputf8) {
                keywords.add("SMTPUTF8");
            }
            var lines = new ArrayList<String>();
            for (int i = 0; i < keywords.size(); i++) {
                lines.add((i == keywords.size() - 1 ? "250 " : "250-") + keywords.get(i));
            }
            return lines;
        }

        /** AUTH is offered when there are users, and only inside TLS when the server offers STARTTLS. */
        private boolean authOffered() {
            return !settings.users.isEmpty() && (settings.startTls == null || connection.inTlsNow());
        }

        private Response mail(Command command) {
            if (!greeted) {
                return Response.of("503 5.5.1 Error: send HELO/EHLO first");
            }
            if (mailFrom != null) {
                return Response.of("503 5.5.1 Error: nested MAIL command");
            }
            Optional<String[]> path = path(command.argument(), "FROM:");
            if (path.isEmpty()) {
                return Response.of("501 5.1.7 Bad sender address syntax");
            }
            boolean utf8 = path.get()[1].toUpperCase(Locale.ROOT).contains("SMTPUTF8");
            if (utf8 && !settings.smtputf8) {
                return Response.of("555 5.5.4 Unsupported option: SMTPUTF8");
            }
            if (!utf8 && !StandardCharsets.US_ASCII.newEncoder().canEncode(command.line())) {
                return Response.of("553 5.6.7 Non-ASCII address without SMTPUTF8");
            }
            return Response.of("250 2.1.0 Ok");
        }

        private Response bdat(Command command) {
            if (!settings.chunking) {
                return Response.of("502 5.5.1 Error: command not implemented");
            }
            if (mailFrom == null) {
                return Response.of("503 5.5.1 Error: need MAIL command");
            }
            if (recipients.isEmpty()) {
                return Response.of("554 5.5.1 Error: no valid recipients");
            }
            return command.argument().toUpperCase(Locale.ROOT).contains("LAST")
                    ? Response.of("250 2.0.0 Ok: queued as " + queueId())
                    : Response.of("250 2.0.0 Ok: " + command.content().length + " octets received");
        }

        private Response auth(Command command) {
            if (!authOffered() || user != null) {
                return user != null ? Response.of("503 5.5.1 Error: already authenticated")
                        : Response.of("503 5.5.1 Error: authentication not enabled");
            }
            String[] words = command.argument().trim().split(" +");
            String mechanism = words[0].toUpperCase(Locale.ROOT);
            String initial = words.length > 1 ? words[1] : null;
            Optional<String[]> credentials;
            if (mechanism.equals("PLAIN")) {
                String answer = initial != null && !initial.equals("=") ? initial : ask("");
                credentials = answer == null ? null : decode(answer).map(s -> s.split("\0", -1))
                        .filter(p -> p.length == 3).map(p -> new String[] {p[1], p[2]});
            } else if (mechanism.equals("LOGIN")) {
                String name = initial != null ? initial : ask("VXNlcm5hbWU6");
                String password = name == null ? null : ask("UGFzc3dvcmQ6");
                credentials = password == null ? null : decode(name).flatMap(n -> decode(password)
                        .map(p -> new String[] {n, p}));
            } else {
                return Response.of("535 5.7.8 Error: authentication failed: unsupported mechanism " + words[0]);
            }
            if (credentials == null) {
                return Response.of("501 5.7.0 Authentication aborted");
            }
            if (credentials.isEmpty()) {
                return Response.of("501 5.5.2 Cannot decode response");
            }
            String[] c = credentials.get();
            if (c[1].equals(settings.users.get(c[0]))) {
                user = c[0];
                connection.authenticated(user);
                return Response.of("235 2.7.0 Authentication successful");
            }
            return Response.of(settings.authFailure);
        }

        /** Sends a 334 challenge and returns the answer; null when the client cancels with {@code *} or goes. */
        private String ask(String challenge) {
            script.send("334 " + challenge + "\r\n");
            String answer = script.readLine();
            return answer == null || answer.trim().equals("*") ? null : answer.trim();
        }

        private static Optional<String> decode(String base64) {
            try {
                return Optional.of(new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        private String queueId() {
            return String.format(Locale.ROOT, "%X%04X", connection.hashCode() & 0xffff,
                    connection.messageCount() + 1);
        }

        /** Reads the chunk of {@code BDAT size [LAST]} before anything is answered (RFC 3030 §2). */
        private Command readChunk(Command command) {
            String[] words = command.argument().trim().split(" +");
            if (words.length == 0 || !words[0].matches("\\d{1,9}")) {
                return command;
            }
            return command.withContent(script.readBytes(Integer.parseInt(words[0])));
        }

        /** Reads DATA content up to the final {@code .CRLF}, undoing dot-stuffing (RFC 5321 §4.5.2). */
        private byte[] readContent() {
            var content = new ByteArrayOutputStream();
            for (String line; (line = script.readLine()) != null; ) {
                if (line.equals(".")) {
                    return content.toByteArray();
                }
                String unstuffed = line.startsWith(".") ? line.substring(1) : line;
                content.writeBytes(unstuffed.getBytes(StandardCharsets.ISO_8859_1));
                content.writeBytes(new byte[] {'\r', '\n'});
            }
            throw new FakeSmtpServer.ConnectionEnded("the client closed before the end of DATA");
        }
    }

    /**
     * {@code FROM:<a@b.test> SIZE=1} with keyword {@code FROM:}: the address between the brackets and what follows
     * them; empty when the argument does not have that shape (RFC 5321 §4.1.2). A space after the colon is allowed.
     */
    static Optional<String[]> path(String argument, String keyword) {
        if (!argument.regionMatches(true, 0, keyword, 0, keyword.length())) {
            return Optional.empty();
        }
        String rest = argument.substring(keyword.length()).stripLeading();
        int close = rest.indexOf('>');
        if (!rest.startsWith("<") || close < 0) {
            return Optional.empty();
        }
        return Optional.of(new String[] {rest.substring(1, close), rest.substring(close + 1)});
    }
}
