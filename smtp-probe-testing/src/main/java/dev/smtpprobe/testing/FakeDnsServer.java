package dev.smtpprobe.testing;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.handler.codec.dns.DatagramDnsQuery;
import io.netty.handler.codec.dns.DatagramDnsQueryDecoder;
import io.netty.handler.codec.dns.DatagramDnsResponse;
import io.netty.handler.codec.dns.DatagramDnsResponseEncoder;
import io.netty.handler.codec.dns.DefaultDnsPtrRecord;
import io.netty.handler.codec.dns.DefaultDnsQuestion;
import io.netty.handler.codec.dns.DefaultDnsRawRecord;
import io.netty.handler.codec.dns.DnsQuestion;
import io.netty.handler.codec.dns.DnsRecordType;
import io.netty.handler.codec.dns.DnsResponseCode;
import io.netty.handler.codec.dns.DnsSection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scriptable authoritative-looking DNS server on 127.0.0.1 (UDP, random port) for MX, reverse-DNS, DANE and
 * policy-record tests, built on Netty's DNS codec: names get MX, A, AAAA, PTR, TLSA (RFC 6698) and TXT records; a
 * name with no records at all answers NXDOMAIN; {@link #servfail(String)} and {@link #silent(String)} script
 * failures; {@link #signed(String)} makes it answer as a validating resolver does for a DNSSEC-signed name (the AD
 * bit, RFC 4035 §3.2.3). Point the client's resolver at {@link #address()}.
 */
public final class FakeDnsServer implements AutoCloseable {

    private record Key(String name, DnsRecordType type) {}

    private final Map<Key, List<Object>> records = new ConcurrentHashMap<>();
    private final Set<String> names = ConcurrentHashMap.newKeySet();
    private final Set<String> servfail = ConcurrentHashMap.newKeySet();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Set<String> signed = ConcurrentHashMap.newKeySet();
    private final AtomicInteger queries = new AtomicInteger();
    private final AtomicInteger dnssecOkQueries = new AtomicInteger();
    private final EventLoopGroup group;
    private final Channel channel;

    private record Mx(int preference, String exchange) {}

    private record Tlsa(int usage, int selector, int matchingType, byte[] data) {}

    private record Txt(List<String> strings) {}

    /** An MX whose exchange is a compression pointer (RFC 1035 §4.1.4) to the question's name at offset 12. */
    private record MxPointer(int preference) {}

    /** Starts the server on 127.0.0.1 and an ephemeral port. */
    public FakeDnsServer() {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        channel = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                .handler(new ChannelInitializer<DatagramChannel>() {
                    @Override
                    protected void initChannel(DatagramChannel ch) {
                        ch.pipeline().addLast(new DatagramDnsQueryDecoder(), new DatagramDnsResponseEncoder(),
                                new Responder());
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).syncUninterruptibly().channel();
    }

    /** Where to send queries. */
    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    /** How many queries arrived. */
    public int queries() {
        return queries.get();
    }

    /** How many queries carried an EDNS OPT record with the DO bit (RFC 3225 §3). */
    public int dnssecOkQueries() {
        return dnssecOkQueries.get();
    }

    /**
     * Answers questions about the name as a validating resolver answers for a DNSSEC-signed zone whose signatures
     * check out: with the AD bit set — but only when the query set DO or AD, as RFC 6840 §5.7 lets a resolver do.
     * Covers the name's answers, its NODATA and its NXDOMAIN (an authenticated denial).
     */
    public FakeDnsServer signed(String name) {
        signed.add(key(name));
        return this;
    }

    /** Adds an MX record ({@code "."} as exchange makes a null MX). */
    public FakeDnsServer mx(String domain, int preference, String exchange) {
        return add(domain, DnsRecordType.MX, new Mx(preference, exchange));
    }

    /**
     * Adds an MX record naming the domain itself through a compression pointer, as real servers write answers:
     * proves the client decodes names in MX data against the whole message.
     */
    public FakeDnsServer mxCompressed(String domain, int preference) {
        return add(domain, DnsRecordType.MX, new MxPointer(preference));
    }

    /** Adds an A or AAAA record, by the address's family. */
    public FakeDnsServer address(String name, String literal) {
        try {
            InetAddress a = InetAddress.getByName(literal);
            return add(name, a.getAddress().length == 4 ? DnsRecordType.A : DnsRecordType.AAAA, a);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /** Adds a PTR record for the address. */
    public FakeDnsServer ptr(String literal, String target) {
        try {
            byte[] b = InetAddress.getByName(literal).getAddress();
            if (b.length != 4) {
                throw new IllegalArgumentException("IPv4 only here: " + literal);
            }
            String name = (b[3] & 0xff) + "." + (b[2] & 0xff) + "." + (b[1] & 0xff) + "." + (b[0] & 0xff)
                    + ".in-addr.arpa";
            return add(name, DnsRecordType.PTR, target);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalArgumentException(literal, e);
        }
    }

    /**
     * Adds a TLSA record (RFC 6698 §2.1) at {@code name}, e.g. {@code _25._tcp.mx.example.test}: certificate usage
     * (3 = DANE-EE), selector (1 = SubjectPublicKeyInfo), matching type (1 = SHA-256) and the association data.
     */
    public FakeDnsServer tlsa(String name, int usage, int selector, int matchingType, byte[] data) {
        return add(name, DnsRecordType.TLSA, new Tlsa(usage, selector, matchingType, data.clone()));
    }

    /** Adds a TXT record (RFC 1035 §3.3.14) made of these character-strings (each at most 255 bytes). */
    public FakeDnsServer txt(String name, String... strings) {
        for (String text : strings) {
            if (text.getBytes(StandardCharsets.UTF_8).length > 255) {
                throw new IllegalArgumentException("a TXT character-string holds at most 255 bytes: " + text);
            }
        }
        return add(name, DnsRecordType.TXT, new Txt(List.of(strings)));
    }

    /** Makes the name exist with no records (NOERROR, empty answer: NODATA). */
    public FakeDnsServer exists(String name) {
        names.add(key(name));
        return this;
    }

    /** Answers SERVFAIL for every question about the name. */
    public FakeDnsServer servfail(String name) {
        servfail.add(key(name));
        return this;
    }

    /** Never answers questions about the name (the client times out). */
    public FakeDnsServer silent(String name) {
        silent.add(key(name));
        return this;
    }

    private FakeDnsServer add(String name, DnsRecordType type, Object value) {
        names.add(key(name));
        records.computeIfAbsent(new Key(key(name), type), k -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(value);
        return this;
    }

    private static String key(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n : n + ".";
    }

    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Responder extends SimpleChannelInboundHandler<DatagramDnsQuery> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramDnsQuery query) {
            queries.incrementAndGet();
            DnsQuestion question = query.recordAt(DnsSection.QUESTION);
            String name = key(question.name());
            if (silent.contains(name)) {
                return;
            }
            var response = new DatagramDnsResponse(query.recipient(), query.sender(), query.id());
            response.setRecursionAvailable(true);
            boolean dnssecOk = dnssecOk(query);
            if (dnssecOk) {
                dnssecOkQueries.incrementAndGet();
            }
            if (signed.contains(name) && (dnssecOk || (query.z() & AD_IN_Z) != 0)) {
                response.setZ(AD_IN_Z);
            }
            response.addRecord(DnsSection.QUESTION, new DefaultDnsQuestion(question.name(), question.type()));
            if (servfail.contains(name)) {
                response.setCode(DnsResponseCode.SERVFAIL);
            } else if (!names.contains(name)) {
                response.setCode(DnsResponseCode.NXDOMAIN);
            } else {
                for (Object value : records.getOrDefault(new Key(name, question.type()), List.of())) {
                    response.addRecord(DnsSection.ANSWER, record(name, question.type(), value));
                }
            }
            ctx.writeAndFlush(response);
        }
    }

    /** The AD bit's place in Netty's Z field (header bits 6-4: Z, AD, CD). */
    private static final int AD_IN_Z = 0b010;

    private static boolean dnssecOk(DatagramDnsQuery query) {
        for (int i = 0; i < query.count(DnsSection.ADDITIONAL); i++) {
            io.netty.handler.codec.dns.DnsRecord r = query.recordAt(DnsSection.ADDITIONAL, i);
            if (r.type() == DnsRecordType.OPT && (r.timeToLive() & 0x8000) != 0) {
                return true;
            }
        }
        return false;
    }

    private static io.netty.handler.codec.dns.DnsRecord record(String name, DnsRecordType type, Object value) {
        if (value instanceof Mx mx) {
            ByteBuf content = Unpooled.buffer();
            content.writeShort(mx.preference());
            writeName(content, mx.exchange());
            return new DefaultDnsRawRecord(name, type, 300, content);
        }
        if (value instanceof MxPointer mx) {
            ByteBuf content = Unpooled.buffer();
            content.writeShort(mx.preference());
            content.writeShort(0xC000 | 12);
            return new DefaultDnsRawRecord(name, type, 300, content);
        }
        if (value instanceof Tlsa t) {
            ByteBuf content = Unpooled.buffer();
            content.writeByte(t.usage()).writeByte(t.selector()).writeByte(t.matchingType()).writeBytes(t.data());
            return new DefaultDnsRawRecord(name, type, 300, content);
        }
        if (value instanceof Txt t) {
            ByteBuf content = Unpooled.buffer();
            for (String text : t.strings()) {
                byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
                content.writeByte(bytes.length).writeBytes(bytes);
            }
            return new DefaultDnsRawRecord(name, type, 300, content);
        }
        if (value instanceof InetAddress a) {
            return new DefaultDnsRawRecord(name, type, 300, Unpooled.wrappedBuffer(a.getAddress()));
        }
        return new DefaultDnsPtrRecord(name, io.netty.handler.codec.dns.DnsRecord.CLASS_IN, 300, key((String) value));
    }

    /** Uncompressed wire form of a name (RFC 1035 §3.1). */
    private static void writeName(ByteBuf out, String name) {
        if (!name.equals(".")) {
            for (String label : name.split("\\.")) {
                if (!label.isEmpty()) {
                    byte[] bytes = label.getBytes(StandardCharsets.US_ASCII);
                    out.writeByte(bytes.length).writeBytes(bytes);
                }
            }
        }
        out.writeByte(0);
    }

    /** All names with records, for debugging. */
    @Override
    public String toString() {
        return new ArrayList<>(records.keySet()).toString();
    }
}
