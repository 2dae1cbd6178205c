package dev.smtpprobe.testing;

import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.net.ssl.SSLContext;

/**
 * A ready profile of {@link FakeSmtpServer}: the Exchange server of the "send mail by telnet" walkthrough,
 * {@code myserver.contoso.com}, taking mail for {@code contoso.test} and relaying for nobody, with Exchange's reply
 * texts:
 * {@code 220 myserver.contoso.com Microsoft ESMTP MAIL Service ready at <date>};
 * {@code 250-myserver.contoso.com Hello [127.0.0.1]} with SIZE 37748736, PIPELINING, ENHANCEDSTATUSCODES,
 * 8BITMIME, BINARYMIME and CHUNKING (each honoured; STARTTLS and, inside TLS, AUTH LOGIN PLAIN when configured);
 * {@code 250 2.1.0 Sender OK}; {@code 250 2.1.5 Recipient OK}, {@code 550 5.7.1 Unable to relay} or, for an unknown
 * mailbox, {@code 550 5.1.10 RESOLVER.ADR.RecipientNotFound; ...}; {@code 354 Start mail input; end with
 * <CRLF>.<CRLF>}; and {@code 250 2.6.0 <message-id> [InternalId=n, Hostname=myserver] Queued mail for delivery}.
 *
 * <pre>{@code
 * try (FakeSmtpServer server = ExchangeProfile.seed().start()) {
 *     // ... RCPT TO:<someone@elsewhere.test> gets 550 5.7.1 Unable to relay
 * }
 * }</pre>
 *
 * <p>Immutable: each {@code with}-style method returns a changed copy.
 */
public final class ExchangeProfile {

    /** Exchange's default SIZE: 36 MiB. */
    public static final long MAX_MESSAGE_SIZE = 37_748_736L;
    /** The default limit of accepted recipients per message. */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;
    /** Exchange's reply to RCPT for a domain it does not accept. */
    public static final String UNABLE_TO_RELAY = "550 5.7.1 Unable to relay";
    /**
     * Exchange 2013 and later's reply to RCPT for an unknown address of an accepted domain. Exchange uses 5.1.10
     * here although the IANA registry gives 5.1.10 to "Recipient address has null MX" (RFC 7505).
     */
    public static final String RECIPIENT_NOT_FOUND =
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup";
    /**
     * The extensions it advertises: only what it honours. Exchange also lists DSN, X-ANONYMOUSTLS, AUTH NTLM,
     * X-EXPS GSSAPI NTLM and XRDST; this profile has no DSN generation and no NTLM, so it does not offer them.
     */
    public static final List<String> EXTENSIONS = List.of("PIPELINING", "ENHANCEDSTATUSCODES", "8BITMIME",
            "BINARYMIME", "CHUNKING");

    private static final DateTimeFormatter BANNER_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);
    private static final String TOO_LARGE = "552 5.3.4 Message size exceeds fixed maximum message size";
    private static final Pattern MESSAGE_ID = Pattern.compile("(?im)^Message-ID:[ \\t]*(<[^<>\\s]+>)[ \\t]*\\r?$");
    private static final Pattern QUEUED = Pattern.compile("^250 2\\.6\\.0 <([^<>]+)> \\[InternalId=(\\d+),");

    private final String hostName;
    private final String shortName;
    private final Set<String> acceptedDomains;
    private final boolean openRelay;
    private final Set<String> mailboxes;
    private final int maxRecipients;
    private final SSLContext tls;
    private final String user;
    private final String password;

    private ExchangeProfile(String hostName, String shortName, Set<String> acceptedDomains, boolean openRelay,
            Set<String> mailboxes, int maxRecipients, SSLContext tls, String user, String password) {
        this.hostName = hostName;
        this.shortName = shortName;
        this.acceptedDomains = Set.copyOf(acceptedDomains);
        this.openRelay = openRelay;
        this.mailboxes = mailboxes.stream().map(m -> m.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.maxRecipients = maxRecipients;
        this.tls = tls;
        this.user = user;
        this.password = password;
    }

    /** The server of the seed walkthrough: no TLS, no AUTH, relay refused, every address of contoso.test exists. */
    public static ExchangeProfile seed() {
        return new ExchangeProfile("myserver.contoso.com", "myserver", Set.of("contoso.test"), false, Set.of(),
                DEFAULT_MAX_RECIPIENTS, null, null, null);
    }

    /**
     * A misconfigured server that accepts mail for every domain: {@code RCPT TO:<x@external.test>} gets
     * {@code 250 2.1.5 Recipient OK}.
     */
    public ExchangeProfile withOpenRelay() {
        return new ExchangeProfile(hostName, shortName, acceptedDomains, true, mailboxes, maxRecipients, tls, user,
                password);
    }

    /** Only these addresses (and postmaster) exist in the accepted domains; any other gets {@link #RECIPIENT_NOT_FOUND}. */
    public ExchangeProfile withMailboxes(String... addresses) {
        return new ExchangeProfile(hostName, shortName, acceptedDomains, openRelay, Set.of(addresses), maxRecipients,
                tls, user, password);
    }

    /** At most this many accepted recipients per message; the next RCPT gets {@code 452 4.5.3 Too many recipients}. */
    public ExchangeProfile withMaxRecipients(int max) {
        if (max < 1) {
            throw new IllegalArgumentException("maxRecipients must be at least 1, not " + max);
        }
        return new ExchangeProfile(hostName, shortName, acceptedDomains, openRelay, mailboxes, max, tls, user,
                password);
    }

    /** Offers STARTTLS with {@code serverContext} and, inside TLS, AUTH LOGIN and PLAIN for one account. */
    public ExchangeProfile withTlsAndAuth(SSLContext serverContext, String user, String password) {
        return new ExchangeProfile(hostName, shortName, acceptedDomains, openRelay, mailboxes, maxRecipients,
                Objects.requireNonNull(serverContext, "serverContext"), Objects.requireNonNull(user, "user"),
                Objects.requireNonNull(password, "password"));
    }

    /** The name in the greeting and the EHLO reply: {@code myserver.contoso.com}. */
    public String hostName() {
        return hostName;
    }

    /** The domains it accepts mail for (lower case); every other domain is a relay attempt. */
    public Set<String> acceptedDomains() {
        return acceptedDomains;
    }

    /** A builder of a {@link FakeSmtpServer} with this profile, to change further (faults, more rules). */
    public FakeSmtpServer.Builder builder() {
        var internalIds = new AtomicLong();
        var builder = FakeSmtpServer.builder().hostName(hostName).size(MAX_MESSAGE_SIZE).pipelining(true)
                .chunking(true)
                .greeting(() -> Response.of("220 " + hostName + " Microsoft ESMTP MAIL Service ready at "
                        + BANNER_DATE.format(ZonedDateTime.now())))
                .handlerPerConnection(client -> new Connection(client, internalIds));
        if (tls != null) {
            builder.startTls(tls).user(user, password).authFailureReply("535 5.7.8 Authentication unsuccessful");
        }
        return builder;
    }

    /** Starts a {@link FakeSmtpServer} with this profile on a free loopback port. */
    public FakeSmtpServer start() {
        return builder().start();
    }

    /** The message id of Exchange's queued reply ({@code 250 2.6.0 <id> [InternalId=n, ...]}), without brackets. */
    public static Optional<String> queueId(ReceivedMessage message) {
        Matcher m = QUEUED.matcher(message.reply());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    /** The number in {@code InternalId=} of Exchange's queued reply; -1 when the reply has none. */
    public static long internalId(ReceivedMessage message) {
        Matcher m = QUEUED.matcher(message.reply());
        return m.find() ? Long.parseLong(m.group(2)) : -1;
    }

    /**
     * Why mail to this address is refused, or empty when it is accepted: a domain outside the accepted ones is a
     * relay attempt (unless open relay); in an accepted domain, an address not among the mailboxes is unknown. The
     * bare {@code postmaster}, and postmaster of every accepted domain, always exists (RFC 5321 §4.5.1).
     */
    Optional<String> refusal(String address) {
        int at = address.lastIndexOf('@');
        String local = at < 0 ? address : address.substring(0, at);
        if (at < 0) {
            return local.equalsIgnoreCase("postmaster") ? Optional.empty() : Optional.of(RECIPIENT_NOT_FOUND);
        }
        if (!acceptedDomains.contains(address.substring(at + 1).toLowerCase(Locale.ROOT))) {
            return openRelay ? Optional.empty() : Optional.of(UNABLE_TO_RELAY);
        }
        if (mailboxes.isEmpty() || local.equalsIgnoreCase("postmaster")
                || mailboxes.contains(address.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        return Optional.of(RECIPIENT_NOT_FOUND);
    }

    @Override
    public String toString() {
        return "ExchangeProfile[" + hostName + (openRelay ? ", open relay" : "") + (tls != null ? ", TLS+AUTH" : "")
                + "]";
    }

    /** One connection's state, as Exchange keeps it; AUTH's exchange itself is the server's (same texts). */
    private final class Connection implements CommandHandler {
        private final InetSocketAddress client;
        private final AtomicLong internalIds;
        private boolean greeted;
        private boolean inTls;
        private boolean transaction;
        private boolean binaryBody;
        private boolean chunking;
        private long chunkBytes;
        private int recipients;
        private final java.io.ByteArrayOutputStream chunks = new java.io.ByteArrayOutputStream();

        Connection(InetSocketAddress client, AtomicLong internalIds) {
            this.client = client;
            this.internalIds = internalIds;
        }

        @Override
        public Response handle(Command command) {
            return switch (command.verb()) {
                case "EHLO" -> hello(command, true);
                case "HELO" -> hello(command, false);
                case "RSET" -> {
                    reset();
                    yield Response.of("250 2.0.0 Resetting");
                }
                case "NOOP" -> Response.of("250 2.0.0 OK");
                case "QUIT" -> Response.of("221 2.0.0 Service closing transmission channel");
                case "VRFY" -> Response.of(command.argument().isBlank() ? "501 5.5.4 Invalid arguments"
                        : "252 2.1.5 Cannot VRFY user");
                case "EXPN" -> Response.of("502 5.3.3 Command not implemented");
                case "HELP" -> Response.lines("214-2.0.0 This server supports the following commands:",
                        "214 2.0.0 HELO EHLO RCPT DATA BDAT RSET MAIL QUIT HELP NOOP VRFY");
                case "STARTTLS" -> startTls();
                case "AUTH" -> tls == null ? Response.of("500 5.3.3 Unrecognized command")
                        : !inTls ? Response.of("504 5.7.4 Unrecognized authentication type")
                        : authMechanism(command);
                case "MAIL" -> mail(command);
                case "RCPT" -> rcpt(command);
                case "DATA" -> data(command);
                case "." -> queued(command.content());
                case "BDAT" -> bdat(command);
                default -> Response.of("500 5.3.3 Unrecognized command");
            };
        }

        private Response hello(Command command, boolean extended) {
            if (command.argument().isBlank()) {
                return Response.of("501 5.5.4 Invalid domain name");
            }
            reset();
            greeted = true;
            String hello = hostName + " Hello " + addressLiteral();
            if (!extended) {
                return Response.of("250 " + hello);
            }
            var lines = new ArrayList<String>();
            lines.add(hello);
            lines.add("SIZE " + MAX_MESSAGE_SIZE);
            lines.addAll(EXTENSIONS);
            if (tls != null) {
                lines.add(inTls ? "AUTH LOGIN PLAIN" : "STARTTLS");
            }
            var reply = new ArrayList<String>();
            for (int i = 0; i < lines.size(); i++) {
                reply.add((i == lines.size() - 1 ? "250 " : "250-") + lines.get(i));
            }
            return Response.lines(reply.toArray(String[]::new));
        }

        private Response startTls() {
            if (tls == null) {
                return Response.of("500 5.3.3 Unrecognized command");
            }
            if (inTls) {
                return Response.of("503 5.5.1 TLS already active");
            }
            inTls = true; // the server starts the handshake on this 220 (RFC 3207 §4.2: everything is forgotten)
            greeted = false;
            reset();
            return Response.of("220 2.0.0 SMTP server ready");
        }

        /** A mechanism the server's AUTH does not know gets Exchange's answer; LOGIN and PLAIN go to the server. */
        private Response authMechanism(Command command) {
            String mechanism = command.argument().trim().split(" +")[0].toUpperCase(Locale.ROOT);
            return mechanism.equals("LOGIN") || mechanism.equals("PLAIN") ? null
                    : Response.of("504 5.7.4 Unrecognized authentication type");
        }

        private Response mail(Command command) {
            if (!greeted) {
                return Response.of("503 5.5.2 Send hello first");
            }
            if (transaction) {
                return Response.of("503 5.5.2 Sender already specified");
            }
            Optional<String[]> path = ServedConversation.path(command.argument(), "FROM:");
            if (path.isEmpty() || (!path.get()[1].isEmpty() && path.get()[1].charAt(0) != ' ')) {
                return Response.of("501 5.5.4 Invalid arguments");
            }
            List<String> parameters = path.get()[1].isBlank() ? List.of() : List.of(path.get()[1].trim().split(" +"));
            boolean binary = false;
            for (String parameter : parameters) {
                String upper = parameter.toUpperCase(Locale.ROOT);
                if (upper.startsWith("SIZE=")) {
                    String value = parameter.substring(5);
                    if (!value.matches("\\d{1,18}")) {
                        return Response.of("501 5.5.4 Invalid arguments");
                    }
                    if (Long.parseLong(value) > MAX_MESSAGE_SIZE) {
                        return Response.of(TOO_LARGE);
                    }
                } else if (upper.startsWith("BODY=")) {
                    if (!List.of("BODY=7BIT", "BODY=8BITMIME", "BODY=BINARYMIME").contains(upper)) {
                        return Response.of("501 5.5.4 Invalid arguments");
                    }
                    binary = upper.equals("BODY=BINARYMIME");
                } else {
                    return Response.of("555 5.5.4 Unsupported option: " + parameter);
                }
            }
            transaction = true;
            binaryBody = binary;
            return Response.of("250 2.1.0 Sender OK");
        }

        private Response rcpt(Command command) {
            if (!transaction) {
                return Response.of("503 5.5.2 Need mail command");
            }
            if (recipients >= maxRecipients) {
                return Response.of("452 4.5.3 Too many recipients");
            }
            Optional<String[]> path = ServedConversation.path(command.argument(), "TO:");
            if (path.isEmpty() || path.get()[0].isEmpty()) {
                return Response.of("501 5.5.4 Invalid arguments");
            }
            if (!path.get()[1].isBlank()) {
                return Response.of("555 5.5.4 Unsupported option: " + path.get()[1].trim().split(" +")[0]);
            }
            String address = path.get()[0];
            if (address.indexOf('@') < 0 && !address.equalsIgnoreCase("postmaster")) {
                return Response.of("501 5.1.3 Invalid address");
            }
            Optional<String> refusal = refusal(address);
            if (refusal.isPresent()) {
                return Response.of(refusal.get());
            }
            recipients++;
            return Response.of("250 2.1.5 Recipient OK");
        }

        private Response data(Command command) {
            Optional<Response> refusal = outOfSequence();
            if (refusal.isPresent()) {
                return refusal.get();
            }
            if (!command.argument().isBlank()) {
                return Response.of("501 5.5.4 Invalid arguments");
            }
            if (binaryBody || chunking) {
                return Response.of("503 5.5.1 Bad sequence of commands: BODY=BINARYMIME and BDAT need BDAT");
            }
            return Response.of("354 Start mail input; end with <CRLF>.<CRLF>");
        }

        private Response bdat(Command command) {
            String[] words = command.argument().trim().split(" +");
            boolean last = words.length == 2 && words[1].equalsIgnoreCase("LAST");
            if (words.length > 2 || (words.length == 2 && !last) || !words[0].matches("\\d{1,9}")) {
                return Response.of("501 5.5.4 Invalid arguments");
            }
            Optional<Response> refusal = outOfSequence();
            if (refusal.isPresent()) {
                return refusal.get();
            }
            chunking = true;
            byte[] chunk = command.content();
            chunkBytes += chunk.length;
            if (chunkBytes <= MAX_MESSAGE_SIZE) {
                chunks.writeBytes(chunk);
            }
            if (!last) {
                return Response.of("250 2.0.0 " + command.content().length + " octets received");
            }
            return chunkBytes > MAX_MESSAGE_SIZE ? reset(Response.of(TOO_LARGE)) : queued(chunks.toByteArray());
        }

        private Optional<Response> outOfSequence() {
            if (!transaction) {
                return Optional.of(Response.of("503 5.5.2 Need mail command"));
            }
            if (recipients == 0) {
                return Optional.of(Response.of("503 5.5.2 Need rcpt command"));
            }
            return Optional.empty();
        }

        /**
         * Exchange's acceptance: the message's own Message-ID when it has one, else a generated one, then the
         * internal id and the short host name.
         */
        private Response queued(byte[] content) {
            if (content.length > MAX_MESSAGE_SIZE) {
                return reset(Response.of(TOO_LARGE));
            }
            String messageId = messageId(content);
            reset();
            return Response.of("250 2.6.0 " + messageId + " [InternalId=" + internalIds.incrementAndGet()
                    + ", Hostname=" + shortName + "] Queued mail for delivery");
        }

        private Response reset(Response response) {
            reset();
            return response;
        }

        private void reset() {
            transaction = false;
            binaryBody = false;
            chunking = false;
            chunkBytes = 0;
            recipients = 0;
            chunks.reset();
        }

        private String addressLiteral() {
            return client.getAddress() instanceof Inet6Address ? "[IPv6:" + client.getAddress().getHostAddress() + "]"
                    : "[" + client.getAddress().getHostAddress() + "]";
        }

        private String messageId(byte[] content) {
            String text = new String(content, StandardCharsets.ISO_8859_1);
            int end = text.indexOf("\r\n\r\n");
            Matcher m = MESSAGE_ID.matcher(end < 0 ? text : text.substring(0, end + 2));
            return m.find() ? m.group(1) : "<" + UUID.randomUUID() + "@" + hostName + ">";
        }
    }
}
