package dev.smtpprobe;

import java.util.List;
import java.util.Objects;

/**
 * The records of one name and type as the client's resolver gave them, with whether it vouched for them with DNSSEC:
 * what DANE (RFC 7672 §2.1) and the policy records of MTA-STS (RFC 8461 §3.1) and TLS-RPT (RFC 8460 §3) are read from.
 *
 * @param <T>           the record's value ({@link TlsaRecord}, or a TXT record's text)
 * @param name          the name asked about, without the trailing dot
 * @param status        records found, none of this type (NODATA), or no such name (NXDOMAIN)
 * @param authenticated the AD bit of the answer (RFC 4035 §3.2.3): the resolver validated the records — or the
 *                      denial — with DNSSEC; false from a resolver that does not validate. Worth only as much as the
 *                      path to that resolver (RFC 6698 §4.1, RFC 7672 §2.1.1: a local or trusted one)
 * @param records       the records, in the order of the answer; empty unless {@code status} is {@code FOUND}
 */
public record DnsRecords<T>(String name, Status status, boolean authenticated, List<T> records) {

    /** What the DNS said about the name and type. */
    public enum Status {
        /** Records of the type were found. */
        FOUND,
        /** The name exists but has no records of the type (NOERROR with an empty answer: NODATA, RFC 2308 §2.2). */
        NO_RECORDS,
        /** The name does not exist (NXDOMAIN, RFC 1035 §4.1.1). */
        NO_SUCH_NAME
    }

    /** Checks for nulls and copies the records. */
    public DnsRecords {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        records = List.copyOf(records);
    }

    /** Whether records of the type were found. */
    public boolean found() {
        return status == Status.FOUND;
    }
}
