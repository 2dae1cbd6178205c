package dev.smtpprobe;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where mail for a domain goes, found as an SMTP client does (RFC 5321 §5.1): the MX records in preference order,
 * or the domain's own address when it has no MX (the "implicit MX"), or a null MX that says the domain takes no
 * mail at all (RFC 7505). A domain that does not exist (NXDOMAIN) is an answer too, not an error.
 *
 * @param domain  the domain asked for, without a trailing dot
 * @param kind    what the DNS said
 * @param hosts   the exchangers, lowest preference first (equal preferences in the order the server gave); for
 *                {@link Kind#IMPLICIT} the domain itself at preference 0; empty for the other kinds
 * @param elapsed how long the lookups took
 */
public record MxResult(String domain, Kind kind, List<MxHost> hosts, Duration elapsed) {

    /** What the DNS answer says about the domain's mail. */
    public enum Kind {
        /** MX records name the exchangers. */
        MX,
        /** No MX records, but the domain has an A or AAAA record: mail goes to that address (RFC 5321 §5.1). */
        IMPLICIT,
        /** A single MX record with the root as exchanger: the domain accepts no mail (RFC 7505). */
        NULL_MX,
        /** The domain exists but has neither MX nor address records: mail to it cannot be delivered. */
        NO_MAIL_HOST,
        /** The domain does not exist (NXDOMAIN, RFC 1035 §4.1.1 RCODE 3). */
        NO_SUCH_DOMAIN
    }

    /** Copies the hosts. */
    public MxResult {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(kind, "kind");
        hosts = List.copyOf(hosts);
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** Whether the domain can receive mail: it has at least one exchanger with an address. */
    public boolean acceptsMail() {
        return hosts.stream().anyMatch(MxHost::isResolvable);
    }

    /** Whether the domain publishes a null MX (RFC 7505). */
    public boolean isNullMx() {
        return kind == Kind.NULL_MX;
    }

    /** One line per exchanger, as {@code dig MX} users read it. */
    @Override
    public String toString() {
        var sb = new StringBuilder(domain).append(": ").append(kind);
        hosts.forEach(h -> sb.append("\n  ").append(h));
        return sb.toString();
    }
}
