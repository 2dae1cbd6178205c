package dev.smtpprobe.spi;

import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * A DNS response reduced to what smtp-probe reads: its RCODE, the answer section's records (CNAMEs a recursive
 * resolver followed come first; records of types not listed here, RRSIGs among them, are left out) and the AD bit.
 *
 * @param rcode         the response code (0 NOERROR, 2 SERVFAIL, 3 NXDOMAIN, 5 REFUSED; RFC 1035 §4.1.1)
 * @param records       the answer section
 * @param authenticated the AD (authentic data) bit of the header (RFC 4035 §3.2.3, RFC 6840 §5.8): the resolver
 *                      validated the answer with DNSSEC; only as trustworthy as the path to that resolver
 */
public record DnsAnswer(int rcode, List<Record> records, boolean authenticated) {

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

    /** An answer without the AD bit. */
    public DnsAnswer(int rcode, List<Record> records) {
        this(rcode, records, false);
    }

    /** One record of the answer section; names are given without the trailing dot, the root as {@code "."}. */
    public sealed interface Record permits Mx, Address, Ptr, Cname, Txt, Tlsa {
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

    /**
     * A TXT record (RFC 1035 §3.3.14).
     *
     * @param name    owner
     * @param strings its character-strings, in order, decoded as UTF-8
     */
    public record Txt(String name, List<String> strings) implements Record {
        /** Checks for nulls and copies the strings. */
        public Txt {
            Objects.requireNonNull(name, "name");
            strings = List.copyOf(strings);
        }

        /** The character-strings joined without separator, as RFC 8461 §3.1 and RFC 7208 §3.3 read them. */
        public String text() {
            return String.join("", strings);
        }
    }

    /**
     * A TLSA record (RFC 6698 §2.1).
     *
     * @param name         owner, e.g. {@code _25._tcp.mx.example.com}
     * @param usage        certificate usage (0 PKIX-TA, 1 PKIX-EE, 2 DANE-TA, 3 DANE-EE)
     * @param selector     0 the whole certificate, 1 its SubjectPublicKeyInfo
     * @param matchingType 0 exact, 1 SHA-256, 2 SHA-512
     * @param data         the certificate association data (copied in and out)
     */
    public record Tlsa(String name, int usage, int selector, int matchingType, byte[] data) implements Record {
        /** Checks for nulls and copies the data. */
        public Tlsa {
            Objects.requireNonNull(name, "name");
            data = data.clone();
        }

        /** A copy of the association data. */
        @Override
        public byte[] data() {
            return data.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Tlsa t && name.equals(t.name) && usage == t.usage && selector == t.selector
                    && matchingType == t.matchingType && java.util.Arrays.equals(data, t.data);
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, usage, selector, matchingType, java.util.Arrays.hashCode(data));
        }

        @Override
        public String toString() {
            return name + " TLSA " + usage + " " + selector + " " + matchingType + " "
                    + java.util.HexFormat.of().formatHex(data);
        }
    }
}
