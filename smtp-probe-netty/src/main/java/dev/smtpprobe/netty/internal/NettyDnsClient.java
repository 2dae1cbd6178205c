package dev.smtpprobe.netty.internal;

import dev.smtpprobe.DnsFailure;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.spi.DnsAnswer;
import dev.smtpprobe.spi.DnsClient;
import dev.smtpprobe.spi.DnsType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AddressedEnvelope;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.dns.AbstractDnsRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRecordDecoder;
import io.netty.handler.codec.dns.DnsOptPseudoRecord;
import io.netty.handler.codec.dns.DnsPtrRecord;
import io.netty.handler.codec.dns.DnsRawRecord;
import io.netty.handler.codec.dns.DnsRecord;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponse;
import io.netty.handler.codec.dns.DnsSection;
import io.netty.resolver.dns.DnsNameResolver;
import io.netty.resolver.dns.DnsNameResolverBuilder;
import io.netty.resolver.dns.DnsNameResolverTimeoutException;
import io.netty.resolver.dns.DnsServerAddressStreamProviders;
import io.netty.resolver.dns.NoopDnsCache;
import io.netty.resolver.dns.NoopDnsCnameCache;
import io.netty.resolver.dns.SequentialDnsServerAddressStreamProvider;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Raw DNS questions through Netty's {@link DnsNameResolver} ({@code netty-resolver-dns}) on one of the transport's
 * event loops: UDP with TCP fallback for truncated answers, to the servers of {@link DnsOptions} or the system's.
 * No caching: a probe wants what the DNS says now.
 */
final class NettyDnsClient implements DnsClient, AutoCloseable {

    private final DnsNameResolver resolver;

    NettyDnsClient(EventLoop loop, DnsOptions options) {
        var builder = new DnsNameResolverBuilder(loop)
                .datagramChannelType(IoFlavour.chosen().datagramChannel())
                .socketChannelType(IoFlavour.chosen().socketChannel())
                .queryTimeoutMillis(options.queryTimeout().toMillis())
                .recursionDesired(true)
                // our own OPT record (with the DO bit) goes on every raw query; the resolver's would be a second one
                .optResourceEnabled(false)
                .resolveCache(NoopDnsCache.INSTANCE)
                .cnameCache(NoopDnsCnameCache.INSTANCE)
                .nameServerProvider(options.usesSystemResolvers()
                        ? DnsServerAddressStreamProviders.platformDefault()
                        : new SequentialDnsServerAddressStreamProvider(options.servers().toArray(InetSocketAddress[]::new)));
        if (!options.usesSystemResolvers()) {
            // named servers answer alone: no hosts file, no search domains appended to the connected host
            builder.hostsFileEntriesResolver((host, types) -> null).searchDomains(List.of());
        }
        this.resolver = builder.build();
    }

    /**
     * The A and AAAA addresses of {@code host} (CNAMEs followed) from the configured servers, in the resolver's
     * preference order; fails with an {@link UnknownHostException} (wrapped in a {@code CompletionException})
     * when the name has none or no server answers.
     */
    CompletableFuture<InetAddress[]> addresses(String host) {
        var result = new CompletableFuture<InetAddress[]>();
        resolver.resolveAll(host).addListener(f -> {
            if (f.isSuccess()) {
                @SuppressWarnings("unchecked")
                var all = (List<InetAddress>) f.getNow();
                result.complete(all.toArray(InetAddress[]::new));
            } else {
                Throwable cause = f.cause();
                if (!(cause instanceof UnknownHostException)) {
                    var unknown = new UnknownHostException(host + ": " + cause.getMessage());
                    unknown.initCause(cause);
                    cause = unknown;
                }
                result.completeExceptionally(new CompletionException(cause));
            }
        });
        return result;
    }

    @Override
    public CompletableFuture<DnsAnswer> query(String name, DnsType type) {
        var result = new CompletableFuture<DnsAnswer>();
        resolver.query(new DefaultDnsQuestion(name, recordType(type)), List.<DnsRecord>of(DnssecOk.RECORD)).addListener(f -> {
            if (!f.isSuccess()) {
                result.completeExceptionally(failure(name, f.cause()));
                return;
            }
            @SuppressWarnings("unchecked")
            var envelope = (AddressedEnvelope<DnsResponse, InetSocketAddress>) f.getNow();
            try {
                result.complete(answer(envelope.content()));
            } catch (RuntimeException e) {
                result.completeExceptionally(new DnsLookupException(DnsFailure.OTHER, name,
                        "unreadable answer: " + e.getMessage(), e));
            } finally {
                envelope.release();
            }
        });
        return result;
    }

    private static DnsAnswer answer(DnsResponse response) {
        var records = new ArrayList<DnsAnswer.Record>();
        int count = response.count(DnsSection.ANSWER);
        for (int i = 0; i < count; i++) {
            DnsRecord record = response.recordAt(DnsSection.ANSWER, i);
            String owner = bare(record.name());
            DnsRecordType type = record.type();
            if (record instanceof DnsPtrRecord ptr) {
                records.add(new DnsAnswer.Ptr(owner, bare(ptr.hostname())));
            } else if (record instanceof DnsRawRecord raw) {
                ByteBuf content = raw.content().duplicate();
                if (type == DnsRecordType.MX) {
                    int preference = content.readUnsignedShort();
                    records.add(new DnsAnswer.Mx(owner, preference, bare(DefaultDnsRecordDecoder.decodeName(content))));
                } else if (type == DnsRecordType.A || type == DnsRecordType.AAAA) {
                    records.add(new DnsAnswer.Address(owner, address(owner, content)));
                } else if (type == DnsRecordType.CNAME) {
                    records.add(new DnsAnswer.Cname(owner, bare(DefaultDnsRecordDecoder.decodeName(content))));
                } else if (type == DnsRecordType.PTR) {
                    records.add(new DnsAnswer.Ptr(owner, bare(DefaultDnsRecordDecoder.decodeName(content))));
                } else if (type == DnsRecordType.TXT) {
                    records.add(new DnsAnswer.Txt(owner, strings(content)));
                } else if (type == DnsRecordType.TLSA) {
                    records.add(tlsa(owner, content));
                }
            }
        }
        // the header's Z field as Netty decodes it is bits 6-4 of the flags: Z, AD, CD (RFC 2535 §6.1, RFC 4035)
        boolean authenticated = (response.z() & AD_IN_Z) != 0;
        return new DnsAnswer(response.code().intValue(), records, authenticated);
    }

    /** The AD bit's place in {@link DnsResponse#z()}. */
    static final int AD_IN_Z = 0b010;

    /** The character-strings of TXT data (RFC 1035 §3.3.14): length-prefixed, UTF-8 here. */
    private static List<String> strings(ByteBuf content) {
        var strings = new ArrayList<String>();
        while (content.isReadable()) {
            int length = content.readUnsignedByte();
            if (length > content.readableBytes()) {
                throw new IllegalStateException("TXT character-string of " + length + " bytes runs past the record");
            }
            strings.add(content.readCharSequence(length, StandardCharsets.UTF_8).toString());
        }
        return strings;
    }

    /** Usage, selector, matching type, association data (RFC 6698 §2.1). */
    private static DnsAnswer.Tlsa tlsa(String owner, ByteBuf content) {
        if (content.readableBytes() < 3) {
            throw new IllegalStateException("TLSA record of " + owner + " has " + content.readableBytes() + " bytes");
        }
        int usage = content.readUnsignedByte();
        int selector = content.readUnsignedByte();
        int matching = content.readUnsignedByte();
        byte[] data = new byte[content.readableBytes()];
        content.readBytes(data);
        return new DnsAnswer.Tlsa(owner, usage, selector, matching, data);
    }

    private static InetAddress address(String owner, ByteBuf content) {
        int length = content.readableBytes();
        if (length != 4 && length != 16) {
            throw new IllegalStateException("address record of " + owner + " has " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        content.readBytes(bytes);
        try {
            return InetAddress.getByAddress(owner, bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Without the trailing dot; the root stays {@code "."}. */
    private static String bare(String name) {
        return name.length() > 1 && name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    private static DnsRecordType recordType(DnsType type) {
        return switch (type) {
            case MX -> DnsRecordType.MX;
            case A -> DnsRecordType.A;
            case AAAA -> DnsRecordType.AAAA;
            case PTR -> DnsRecordType.PTR;
            case TXT -> DnsRecordType.TXT;
            case TLSA -> DnsRecordType.TLSA;
        };
    }

    private static DnsLookupException failure(String name, Throwable cause) {
        if (cause instanceof DnsNameResolverTimeoutException) {
            return new DnsLookupException(DnsFailure.TIMEOUT, name, "no answer within the query timeout", cause);
        }
        return new DnsLookupException(DnsFailure.OTHER, name, String.valueOf(cause), cause);
    }

    @Override
    public void close() {
        resolver.close();
    }

    /**
     * The EDNS(0) OPT pseudo-record (RFC 6891 §6.1.2) of every raw query: a 1232-byte UDP payload (the DNS flag day
     * 2020 size, beyond which answers come over TCP) and the DO bit (RFC 3225 §3: "DNSSEC OK"), without which a
     * validating resolver neither sends DNSSEC records nor, by RFC 6840 §5.7, the AD bit.
     */
    static final class DnssecOk extends AbstractDnsRecord implements DnsOptPseudoRecord {
        /** The DO bit in the OPT record's TTL field (extended RCODE, version, then the flags). */
        static final int DO_BIT = 0x8000;
        /** The UDP payload size announced. */
        static final int PAYLOAD = 1232;
        static final DnssecOk RECORD = new DnssecOk();

        private DnssecOk() {
            super("", DnsRecordType.OPT, PAYLOAD, DO_BIT);
        }

        @Override
        public int extendedRcode() {
            return 0;
        }

        @Override
        public int version() {
            return 0;
        }

        @Override
        public int flags() {
            return DO_BIT;
        }
    }
}
