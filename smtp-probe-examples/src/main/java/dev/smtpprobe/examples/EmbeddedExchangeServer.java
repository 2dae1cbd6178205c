package dev.smtpprobe.examples;

import dev.smtpprobe.testing.ExchangeProfile;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * An SMTP server in the JVM that answers like the Exchange server of the seed walkthrough
 * ({@code myserver.contoso.com}, accepting mail for {@code contoso.test}, refusing to relay): the test kit's
 * {@link ExchangeProfile} of {@link FakeSmtpServer} (module {@code smtp-probe-testing}), bound to {@code 127.0.0.1}
 * on a free port, keeping every queued message in memory.
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
 * <p>What it says: see {@link ExchangeProfile}. Every verb, known or not, gets an Exchange-style reply with an
 * enhanced status code (RFC 2034), and the greeting's date is each connection's.
 */
public final class EmbeddedExchangeServer implements AutoCloseable {

    /** The default limit of accepted recipients per message. */
    public static final int DEFAULT_MAX_RECIPIENTS = ExchangeProfile.DEFAULT_MAX_RECIPIENTS;

    private final FakeSmtpServer server;
    private final ExchangeProfile profile;
    private final EmbeddedTls tls;

    private EmbeddedExchangeServer(FakeSmtpServer server, ExchangeProfile profile, EmbeddedTls tls) {
        this.server = server;
        this.profile = profile;
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

    /** The address to connect to: {@code 127.0.0.1}. */
    public String host() {
        return server.host();
    }

    /** The port the server listens on. */
    public int port() {
        return server.port();
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
        return server.sessions().stream().flatMap(s -> s.messages().stream())
                .map(m -> new ReceivedMessage(ExchangeProfile.queueId(m).orElse(""), ExchangeProfile.internalId(m),
                        m.helo(), m.mailFrom(), m.mailParameters(), m.recipients(), m.content()))
                .sorted(Comparator.comparingLong(ReceivedMessage::internalId))
                .toList();
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

    /** Stops accepting connections and closes the open ones. */
    @Override
    public void close() {
        server.close();
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
        private ExchangeProfile profile = ExchangeProfile.seed();
        private EmbeddedTls tls;

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
            profile = profile.withMailboxes(addresses);
            return this;
        }

        /**
         * At most this many accepted recipients per message; the next RCPT gets {@code 452 4.5.3 Too many
         * recipients} (Exchange's limit defaults to 500). Default {@value EmbeddedExchangeServer#DEFAULT_MAX_RECIPIENTS}.
         */
        public Builder maxRecipients(int max) {
            profile = profile.withMaxRecipients(max);
            return this;
        }

        /** Offers STARTTLS and, inside TLS, AUTH LOGIN and PLAIN for this account (see {@link #startWithTlsAndAuth}). */
        public Builder tlsAndAuth(String user, String password) {
            tls = EmbeddedTls.load();
            profile = profile.withTlsAndAuth(tls.serverContext(), user, password);
            return this;
        }

        /** Starts the server on a free loopback port. */
        public EmbeddedExchangeServer start() {
            return new EmbeddedExchangeServer(profile.start(), profile, tls);
        }
    }
}
