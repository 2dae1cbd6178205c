package dev.smtpprobe.examples;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who the embedded server pretends to be: an Exchange server named {@code myserver.contoso.com} that accepts mail
 * for {@code contoso.test} and, unless configured as an open relay, relays for nobody.
 *
 * @param hostName        the fully qualified name in the greeting and the EHLO reply
 * @param shortName       the name in the {@code Hostname=} part of the queued reply
 * @param acceptedDomains the domains it takes mail for (lower case); every other domain is a relay attempt
 * @param maxMessageSize  the {@code SIZE} it advertises and enforces, in bytes
 * @param openRelay       true for a misconfigured server that takes mail for every domain
 * @param mailboxes       the addresses that exist in the accepted domains (lower case); empty: every address does
 */
record ExchangeProfile(String hostName, String shortName, Set<String> acceptedDomains, long maxMessageSize,
        boolean openRelay, Set<String> mailboxes) {

    /** The server of the seed walkthrough; 37748736 bytes (36 MiB) is Exchange's default SIZE. */
    static final ExchangeProfile SEED = new ExchangeProfile("myserver.contoso.com", "myserver",
            Set.of("contoso.test"), 37_748_736L, false, Set.of());

    /** Exchange's reply to RCPT for a domain it does not accept. */
    static final String UNABLE_TO_RELAY = "550 5.7.1 Unable to relay";
    /**
     * Exchange 2013 and later's reply to RCPT for an unknown address of an accepted domain. Exchange uses 5.1.10
     * here although the IANA registry gives 5.1.10 to "Recipient address has null MX" (RFC 7505).
     */
    static final String RECIPIENT_NOT_FOUND =
            "550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not found by SMTP address lookup";

    /** Copies the sets, in lower case. */
    ExchangeProfile {
        acceptedDomains = Set.copyOf(acceptedDomains);
        mailboxes = mailboxes.stream().map(m -> m.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
    }

    /** This profile taking mail for every domain. */
    ExchangeProfile withOpenRelay() {
        return new ExchangeProfile(hostName, shortName, acceptedDomains, maxMessageSize, true, mailboxes);
    }

    /** This profile knowing only these addresses (and postmaster) in its accepted domains. */
    ExchangeProfile withMailboxes(Set<String> addresses) {
        return new ExchangeProfile(hostName, shortName, acceptedDomains, maxMessageSize, openRelay, addresses);
    }

    /**
     * Why mail to this address is refused, as the whole reply line, or empty when it is accepted: a domain outside
     * the accepted ones is a relay attempt ({@value #UNABLE_TO_RELAY}, unless this is an open relay); in an
     * accepted domain, an address not among the mailboxes is unknown ({@value #RECIPIENT_NOT_FOUND}). The bare
     * {@code postmaster}, and postmaster of every accepted domain, always exists (RFC 5321 §4.5.1).
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
}
