package dev.smtpprobe.internal;

import dev.smtpprobe.DnsFailure;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.DnsRecords;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.TlsaRecord;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.spi.DnsAnswer;
import dev.smtpprobe.spi.DnsClient;
import dev.smtpprobe.spi.DnsType;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Finds where mail for a domain goes as RFC 5321 §5.1 tells an SMTP client to: MX records sorted by preference,
 * the domain's own A/AAAA when there is no MX, a null MX (RFC 7505) recognised; and reverse (PTR) names.
 */
public final class MxLookup {

    private final DnsClient dns;

    /** Lookups through this client. */
    public MxLookup(DnsClient dns) {
        this.dns = dns;
    }

    /** The mail exchangers of {@code domain}. */
    public CompletableFuture<MxResult> mx(String domain) {
        String name = normalise(domain);
        long start = System.nanoTime();
        return dns.query(name, DnsType.MX).thenCompose(answer -> {
            if (answer.rcode() == DnsAnswer.NXDOMAIN) {
                return done(name, MxResult.Kind.NO_SUCH_DOMAIN, List.of(), start);
            }
            requireNoError(name, answer);
            List<DnsAnswer.Mx> records = answer.records().stream()
                    .filter(DnsAnswer.Mx.class::isInstance).map(DnsAnswer.Mx.class::cast).toList();
            if (records.size() == 1 && isRoot(records.get(0).exchange())) {
                return done(name, MxResult.Kind.NULL_MX, List.of(), start);
            }
            // RFC 7505 §3: a null MX must stand alone; beside other records the root is no exchanger either way
            List<DnsAnswer.Mx> usable = records.stream().filter(r -> !isRoot(r.exchange()))
                    .sorted(Comparator.comparingInt(DnsAnswer.Mx::preference)).toList();
            if (usable.isEmpty()) {
                return addresses(name).thenCompose(addresses -> addresses.isEmpty()
                        ? done(name, MxResult.Kind.NO_MAIL_HOST, List.of(), start)
                        : done(name, MxResult.Kind.IMPLICIT, List.of(new MxHost(name, 0, addresses)), start));
            }
            List<CompletableFuture<MxHost>> hosts = new ArrayList<>();
            for (DnsAnswer.Mx mx : usable) {
                hosts.add(addresses(mx.exchange()).thenApply(a -> new MxHost(mx.exchange(), mx.preference(), a)));
            }
            return CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new)).thenCompose(v ->
                    done(name, MxResult.Kind.MX, hosts.stream().map(CompletableFuture::join).toList(), start));
        });
    }

    /** The IPv4 then IPv6 addresses of {@code host}; empty when it has none or does not exist. */
    public CompletableFuture<List<InetAddress>> addresses(String host) {
        String name = normalise(host);
        var v4 = dns.query(name, DnsType.A);
        var v6 = dns.query(name, DnsType.AAAA);
        return v4.thenCombine(v6, (a, aaaa) -> {
            var all = new ArrayList<InetAddress>();
            all.addAll(addressesOf(name, a, true));
            all.addAll(addressesOf(name, aaaa, false));
            return List.copyOf(all);
        });
    }

    /** The names the PTR records of {@code address} give (RFC 1035 §3.5, RFC 3596 §2.5); empty when none. */
    public CompletableFuture<List<String>> reverse(InetAddress address) {
        String name = reverseName(address);
        return dns.query(name, DnsType.PTR).thenApply(answer -> {
            if (answer.rcode() == DnsAnswer.NXDOMAIN) {
                return List.of();
            }
            requireNoError(name, answer);
            return answer.records().stream().filter(DnsAnswer.Ptr.class::isInstance)
                    .map(r -> ((DnsAnswer.Ptr) r).target()).toList();
        });
    }

    /** {@code 4.3.2.1.in-addr.arpa} for 1.2.3.4; the nibble form under {@code ip6.arpa} for IPv6. */
    public static String reverseName(InetAddress address) {
        byte[] bytes = address.getAddress();
        var sb = new StringBuilder();
        if (address instanceof Inet4Address) {
            for (int i = bytes.length - 1; i >= 0; i--) {
                sb.append(bytes[i] & 0xff).append('.');
            }
            return sb.append("in-addr.arpa").toString();
        }
        for (int i = bytes.length - 1; i >= 0; i--) {
            sb.append(Character.forDigit(bytes[i] & 0x0f, 16)).append('.');
            sb.append(Character.forDigit((bytes[i] >> 4) & 0x0f, 16)).append('.');
        }
        return sb.append("ip6.arpa").toString();
    }

    private List<InetAddress> addressesOf(String name, DnsAnswer answer, boolean v4) {
        if (answer.rcode() == DnsAnswer.NXDOMAIN) {
            return List.of();
        }
        requireNoError(name, answer);
        return answer.records().stream().filter(DnsAnswer.Address.class::isInstance)
                .map(r -> ((DnsAnswer.Address) r).address())
                .filter(a -> (a instanceof Inet4Address) == v4).toList();
    }

    /** The TLSA records of {@code name} (e.g. {@code _25._tcp.mx.example.com}) and whether they were validated. */
    public CompletableFuture<DnsRecords<TlsaRecord>> tlsa(String name) {
        return records(name, DnsType.TLSA, r -> r instanceof DnsAnswer.Tlsa t
                ? new TlsaRecord(t.usage(), t.selector(), t.matchingType(), t.data()) : null);
    }

    /** The TXT records of {@code name}, each one's character-strings joined, and whether they were validated. */
    public CompletableFuture<DnsRecords<String>> txt(String name) {
        return records(name, DnsType.TXT, r -> r instanceof DnsAnswer.Txt t ? t.text() : null);
    }

    private <T> CompletableFuture<DnsRecords<T>> records(String raw, DnsType type,
            java.util.function.Function<DnsAnswer.Record, T> value) {
        String name = normalise(raw);
        return dns.query(name, type).thenApply(answer -> {
            if (answer.rcode() == DnsAnswer.NXDOMAIN) {
                return new DnsRecords<>(name, DnsRecords.Status.NO_SUCH_NAME, answer.authenticated(), List.of());
            }
            requireNoError(name, answer);
            List<T> values = answer.records().stream().map(value).filter(java.util.Objects::nonNull).toList();
            return new DnsRecords<>(name, values.isEmpty() ? DnsRecords.Status.NO_RECORDS : DnsRecords.Status.FOUND,
                    answer.authenticated(), values);
        });
    }

    private static void requireNoError(String name, DnsAnswer answer) {
        switch (answer.rcode()) {
            case DnsAnswer.NOERROR -> { }
            case DnsAnswer.SERVFAIL -> throw new DnsLookupException(DnsFailure.SERVER_FAILURE, name, "SERVFAIL", null);
            case DnsAnswer.REFUSED -> throw new DnsLookupException(DnsFailure.REFUSED, name, "REFUSED", null);
            default -> throw new DnsLookupException(DnsFailure.OTHER, name, "RCODE " + answer.rcode(), null);
        }
    }

    private static CompletableFuture<MxResult> done(String domain, MxResult.Kind kind, List<MxHost> hosts, long start) {
        return CompletableFuture.completedFuture(
                new MxResult(domain, kind, hosts, Duration.ofNanos(System.nanoTime() - start)));
    }

    private static boolean isRoot(String name) {
        return name.isEmpty() || name.equals(".");
    }

    /** Lower case without the trailing dot; refuses what cannot be a domain name. */
    public static String normalise(String domain) {
        String d = domain.strip();
        if (d.endsWith(".") && d.length() > 1) {
            d = d.substring(0, d.length() - 1);
        }
        if (d.isEmpty() || d.length() > 253) {
            throw new InvalidArgumentException("domain", -1, "not a domain name (empty or over 253 characters)",
                    Transcript.EMPTY);
        }
        for (int i = 0; i < d.length(); i++) {
            char c = d.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '.' || c == '_');
            if (!ok) {
                throw new InvalidArgumentException("domain", i, "not a domain name character (give IDNs in their"
                        + " A-label form, java.net.IDN.toASCII)", Transcript.EMPTY);
            }
        }
        return d.toLowerCase(Locale.ROOT);
    }
}
