package dev.smtpprobe.examples;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.server.SMTPServer;

/**
 * An SMTP server in the JVM that answers like the Exchange server of the seed walkthrough
 * ({@code myserver.contoso.com}, accepting mail for {@code contoso.test}, refusing to relay), built on
 * SubEthaSMTP, bound to {@code 127.0.0.1} on a free port, keeping every queued message in memory.
 *
 * <pre>{@code
 * try (var server = EmbeddedExchangeServer.start(); var client = Probe.client();
 *      var session = client.connect(server.host(), server.port())) {
 *     var sent = session.ehlo("mail.alternatecontoso.test").mailFrom("someone@alternatecontoso.test")
 *             .rcptTo("postmaster@contoso.test").data("Subject: test\r\n\r\nhello\r\n");
 *     assert server.messages().get(0).queueId().equals(sent.queueId().orElseThrow());
 * }
 * }</pre>
 *
 * <p>What it says: the greeting {@code 220 myserver.contoso.com Microsoft ESMTP MAIL Service ready at <date>};
 * {@code 250-myserver.contoso.com Hello [127.0.0.1]} with SIZE 37748736, PIPELINING, ENHANCEDSTATUSCODES,
 * 8BITMIME, BINARYMIME and CHUNKING (each honoured); {@code 250 2.1.0 Sender OK}; {@code 250 2.1.5 Recipient OK}
 * or {@code 550 5.7.1 Unable to relay}; {@code 354 Start mail input; end with <CRLF>.<CRLF>}; and
 * {@code 250 2.6.0 <message-id> [InternalId=n, Hostname=myserver] Queued mail for delivery}.
 *
 * <p>Where SubEthaSMTP 7.2.0 sets limits: every verb it knows is replaced by an Exchange-style command, but a verb
 * it does not know is still answered {@code 500 Error: command not implemented} (no enhanced status code), and so
 * are its own connection-level errors ({@code 421 Timeout waiting for data from client.}, bare CR or LF, lines
 * over 998 characters). Its greeting is {@code "220 " + hostName + " ESMTP " + softwareName}, fixed when the server
 * starts; to get Exchange's word order the host name handed to SubEthaSMTP is {@code "myserver.contoso.com
 * Microsoft"} (SubEthaSMTP reads it nowhere else once its commands are replaced), and the date is the start time,
 * not each connection's.
 */
public final class EmbeddedExchangeServer implements AutoCloseable {

    private static final DateTimeFormatter BANNER_DATE = DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z",
            Locale.ROOT);

    /** The default limit of accepted recipients per message (SubEthaSMTP's default). */
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;

    private final SMTPServer server;
    private final ExchangeProfile profile;
    private final List<ReceivedMessage> messages;
    private final EmbeddedTls tls;

    private EmbeddedExchangeServer(SMTPServer server, ExchangeProfile profile, List<ReceivedMessage> messages,
            EmbeddedTls tls) {
        this.server = server;
        this.profile = profile;
        this.messages = messages;
        this.tls = tls;
    }

    /** Starts the seed's server (no TLS, no AUTH) on a free loopback port. */
    public static EmbeddedExchangeServer start() {
        return builder().start();
    }

    /**
     * Starts the server offering STARTTLS with the shipped throwaway certificate (for {@code myserver.contoso.com},
     * {@code localhost} and {@code 127.0.0.1}; trust it with {@link #trustStore()}) and, inside TLS, AUTH LOGIN and
     * PLAIN for one account.
     */
    public static EmbeddedExchangeServer startWithTlsAndAuth(String user, String password) {
        return builder().tlsAndAuth(user, password).start();
    }

    /** A builder for a server that differs from the seed's: an open relay, known mailboxes, a recipient limit. */
    public static Builder builder() {
        return new Builder();
    }

    private static EmbeddedExchangeServer start(Builder settings) {
        ExchangeProfile profile = settings.profile;
        ExchangeSecurityCommands security = settings.security;
        var messages = new CopyOnWriteArrayList<ReceivedMessage>();
        var internalIds = new AtomicLong();
        var builder = SMTPServer.port(0)
                .bindAddress(loopback())
                .hostName(profile.hostName() + " Microsoft")
                .softwareName("MAIL Service ready at " + BANNER_DATE.format(ZonedDateTime.now()))
                .maxMessageSize((int) profile.maxMessageSize())
                .maxRecipients(settings.maxRecipients)
                .insertReceivedHeaders(false)
                .executorService(sessionThreads())
                .messageHandlerFactory(context -> new ExchangeTransaction(profile, context, internalIds, messages::add));
        EmbeddedTls tls = null;
        if (security != null) {
            tls = EmbeddedTls.load();
            builder.enableTLS(true).startTlsSocketFactory(tls.serverContext());
        }
        SMTPServer server = builder.build();
        for (List<Command> commands : List.of(ExchangeSessionCommands.all(profile, security),
                ExchangeEnvelopeCommands.all(profile), ExchangeContentCommands.all(profile))) {
            commands.forEach(server.getCommandHandler()::addCommand);
        }
        server.start();
        return new EmbeddedExchangeServer(server, profile, messages, tls);
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress("localhost", new byte[] {127, 0, 0, 1});
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e); // cannot happen: the address has four bytes
        }
    }

    /** Daemon threads, one per connection, so that a server left open never keeps the JVM alive. */
    private static ExecutorService sessionThreads() {
        var count = new AtomicInteger();
        return Executors.newCachedThreadPool(task -> {
            var thread = new Thread(task, "embedded-exchange-session-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** The address to connect to: {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    /** The port the server listens on. */
    public int port() {
        return server.getPortAllocated();
    }

    /** The name the server greets with: {@code myserver.contoso.com}. */
    public String hostName() {
        return profile.hostName();
    }

    /** The domains it accepts mail for (lower case): {@code contoso.test}; every other domain is a relay attempt. */
    public Set<String> acceptedDomains() {
        return profile.acceptedDomains();
    }

    /** The messages queued so far, oldest first; a message is here before its {@code 250 2.6.0} is sent. */
    public List<ReceivedMessage> messages() {
        return List.copyOf(messages);
    }

    /**
     * A trust store with the server's certificate, for {@code TlsOptions.builder().trustStore(...)}.
     *
     * @throws IllegalStateException when the server was started without TLS
     */
    public java.security.KeyStore trustStore() {
        if (tls == null) {
            throw new IllegalStateException("this server was started without TLS");
        }
        return tls.trustStore();
    }

    /** Stops accepting connections, closes the open ones and waits for their threads to end. */
    @Override
    public void close() {
        server.stop();
    }

    @Override
    public String toString() {
        return "EmbeddedExchangeServer[" + profile.hostName() + " at " + host() + ":" + port() + "]";
    }

    /**
     * Starts an {@link EmbeddedExchangeServer} that differs from the seed's. Every setting defaults to the seed's
     * server: relay refused, every address of {@code contoso.test} accepted, up to 1000 recipients, no TLS.
     */
    public static final class Builder {
        private ExchangeProfile profile = ExchangeProfile.SEED;
        private ExchangeSecurityCommands security;
        private int maxRecipients = DEFAULT_MAX_RECIPIENTS;

        private Builder() {}

        /**
         * Makes it a misconfigured server that accepts mail for every domain: {@code RCPT TO:<x@external.test>}
         * gets {@code 250 2.1.5 Recipient OK} instead of {@code 550 5.7.1 Unable to relay}.
         */
        public Builder openRelay() {
            profile = profile.withOpenRelay();
            return this;
        }

        /**
         * Only these addresses (and postmaster) exist in {@code contoso.test}; any other gets Exchange's
         * {@code 550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup}. Default:
         * every address exists.
         */
        public Builder mailboxes(String... addresses) {
            profile = profile.withMailboxes(Set.of(addresses));
            return this;
        }

        /**
         * At most this many accepted recipients per message; the next RCPT gets {@code 452 4.5.3 Too many
         * recipients} (Exchange's limit defaults to 500). Default {@value EmbeddedExchangeServer#DEFAULT_MAX_RECIPIENTS}.
         */
        public Builder maxRecipients(int max) {
            if (max < 1) {
                throw new IllegalArgumentException("maxRecipients must be at least 1, not " + max);
            }
            maxRecipients = max;
            return this;
        }

        /** Offers STARTTLS and, inside TLS, AUTH LOGIN and PLAIN for this account (see {@link #startWithTlsAndAuth}). */
        public Builder tlsAndAuth(String user, String password) {
            security = new ExchangeSecurityCommands(user, password);
            return this;
        }

        /** Starts the server on a free loopback port. */
        public EmbeddedExchangeServer start() {
            return EmbeddedExchangeServer.start(this);
        }
    }
}
