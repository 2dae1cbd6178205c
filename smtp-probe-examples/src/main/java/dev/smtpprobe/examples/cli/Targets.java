package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MxHost;
import dev.smtpprobe.Probe;
import dev.smtpprobe.examples.EmbeddedExchangeServer;
import dev.smtpprobe.examples.WalkthroughOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;

/** Where a run goes: the {@code --server}, an exchanger of {@code --mx}, or an {@link EmbeddedExchangeServer} started for it. */
final class Targets {

    private Targets() {}

    /**
     * The {@code --server} (or, with {@code --mx}, the domain, until an exchanger is picked) with swaks' defaults:
     * this machine's name for EHLO, {@code USER@<host>} as sender, no recipient.
     */
    static Target remote(CliOptions o) {
        String host = o.host().or(o::mx).orElseThrow();
        String local = localHostName();
        return new Target(host, port(o), false, Optional.empty(), Optional.empty(), local,
                System.getProperty("user.name", "probe") + "@" + local, List.of());
    }

    /**
     * One address of an MX host, with the defaults of {@code remote}: connected to by address, its name used for SNI
     * and the certificate check (unless {@code --tls-sni}).
     */
    static Target exchanger(Target remote, MxHost host, InetAddress address) {
        return new Target(address.getHostAddress(), remote.port(), false, Optional.empty(), Optional.of(host.host()),
                remote.defaultEhlo(), remote.defaultFrom(), remote.defaultTo());
    }

    /** {@code --port}, else 465 with {@code --tls-on-connect}, else 25. */
    static int port(CliOptions o) {
        return o.server.port != null ? o.server.port : o.tls.onConnect ? Probe.SUBMISSIONS_PORT : Probe.SMTP_PORT;
    }

    /**
     * Starts the embedded server: the seed's, plus STARTTLS and AUTH for the credentials' account when TLS or AUTH is
     * asked for (its AUTH is offered only inside TLS).
     */
    static EmbeddedExchangeServer startEmbedded(TlsChoice tls, Optional<Credentials> credentials) {
        if (!tls.startTls() && credentials.isEmpty()) {
            return EmbeddedExchangeServer.start();
        }
        String user = credentials.map(Credentials::user).orElse(dev.smtpprobe.examples.AuthLoginWalkthrough.DEMO_USER);
        String password = credentials.map(Credentials::password).orElseGet(() -> Long.toHexString(System.nanoTime()));
        return EmbeddedExchangeServer.startWithTlsAndAuth(user, password);
    }

    /** The embedded server with the seed walkthrough's names, its own certificate trusted. */
    static Target embedded(EmbeddedExchangeServer server, boolean tls) {
        return new Target(server.host(), server.port(), true, tls ? Optional.of(server.trustStore()) : Optional.empty(),
                Optional.of(server.hostName()), WalkthroughOptions.DEFAULT_EHLO, WalkthroughOptions.DEFAULT_FROM,
                List.of(WalkthroughOptions.DEFAULT_TO));
    }

    /** This machine's host name, or {@code localhost} when it has none. */
    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name;
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
