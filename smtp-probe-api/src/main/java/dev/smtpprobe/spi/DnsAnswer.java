package dev.smtpprobe.spi;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A DNS response reduced to what smtp-probe reads: its RCODE and the answer section's records (CNAMEs a recursive
 * resolver followed come first; records of types not listed here are left out).
 *
 * @param rcode   the response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED; RFC 1035 §4.1.1)
 * @param records the answer section
 */
public record DnsAnswer(int rcode, List<Record> records) {

    /** NOERROR. */
    public static final int NOERROR = 0;
    /** SERVFAIL. */
    public static final int SERVFAIL = 2;
    /** NXDOMAIN: the name does not exist. */
    public static final int NXDOMAIN = 3;
    /** REFUSED. */
    public static final int REFUSED = 5;

    /** Copies the records. */
    public DnsAnswer {
        records = List.copyOf(records);
    }

    /** One record of the answer section; names are given without the trailing dot, the root as {@code "."}. */
    public sealed interface Record permits Mx, Address, Ptr, Cname {
        /** The owner name. */
        String name();
    }

    /** An MX record. @param name owner @param preference preference @param exchange the exchanger's name */
    public record Mx(String name, int preference, String exchange) implements Record {
        /** Checks for nulls. */
        public Mx {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(exchange, "exchange");
        }
    }

    /** An A or AAAA record. @param name owner @param address the address */
    public record Address(String name, InetAddress address) implements Record {
        /** Checks for nulls. */
        public Address {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(address, "address");
        }
    }

    /** A PTR record. @param name owner (in in-addr.arpa or ip6.arpa) @param target the name it points to */
    public record Ptr(String name, String target) implements Record {
        /** Checks for nulls. */
        public Ptr {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
        }
    }

    /** A CNAME record. @param name owner @param target the canonical name */
    public record Cname(String name, String target) implements Record {
        /** Checks for nulls. */
        public Cname {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(target, "target");
        }
    }
}
