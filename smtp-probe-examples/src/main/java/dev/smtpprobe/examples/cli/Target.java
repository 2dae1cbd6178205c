package dev.smtpprobe.examples.cli;

import java.security.KeyStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The server a run talks to, with the defaults that fit it: a real server named by {@code --server}, or the embedded
 * one started for the run (its certificate trusted explicitly, the seed walkthrough's names as defaults).
 *
 * @param host        the address to connect to
 * @param port        the port
 * @param embedded    whether it is the embedded server
 * @param trustStore  the trust anchors that fit this server, if not the JVM's ({@code --tls-ca-path} overrides them)
 * @param serverName  the name to verify its certificate against, if not the host ({@code --tls-sni} overrides it)
 * @param defaultEhlo the EHLO name when {@code --ehlo} is not given
 * @param defaultFrom the sender when {@code --from} is not given
 * @param defaultTo   the recipients when no {@code --to} is given (may be empty)
 */
public record Target(String host, int port, boolean embedded, Optional<KeyStore> trustStore, Optional<String> serverName,
        String defaultEhlo, String defaultFrom, List<String> defaultTo) {

    /** Copies the recipients and checks for nulls. */
    public Target {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(trustStore, "trustStore");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(defaultEhlo, "defaultEhlo");
        Objects.requireNonNull(defaultFrom, "defaultFrom");
        defaultTo = List.copyOf(defaultTo);
    }
}
