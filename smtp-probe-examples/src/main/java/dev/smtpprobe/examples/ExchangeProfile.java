package dev.smtpprobe.examples;

import java.util.Locale;
import java.util.Set;

/**
 * Who the embedded server pretends to be: an Exchange server named {@code myserver.contoso.com} that accepts mail
 * for {@code contoso.test} and relays for nobody.
 *
 * @param hostName        the fully qualified name in the greeting and the EHLO reply
 * @param shortName       the name in the {@code Hostname=} part of the queued reply
 * @param acceptedDomains the domains it takes mail for (lower case); every other domain is a relay attempt
 * @param maxMessageSize  the {@code SIZE} it advertises and enforces, in bytes
 */
record ExchangeProfile(String hostName, String shortName, Set<String> acceptedDomains, long maxMessageSize) {

    /** The server of the seed walkthrough; 37748736 bytes (36 MiB) is Exchange's default SIZE. */
    static final ExchangeProfile SEED = new ExchangeProfile("myserver.contoso.com", "myserver",
            Set.of("contoso.test"), 37_748_736L);

    /** Copies the domain set. */
    ExchangeProfile {
        acceptedDomains = Set.copyOf(acceptedDomains);
    }

    /**
     * Whether mail to this address stays here: its domain is an accepted domain, or it is the bare
     * {@code postmaster} every server must accept (RFC 5321 §4.5.1).
     */
    boolean accepts(String address) {
        int at = address.lastIndexOf('@');
        if (at < 0) {
            return address.equalsIgnoreCase("postmaster");
        }
        return acceptedDomains.contains(address.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
