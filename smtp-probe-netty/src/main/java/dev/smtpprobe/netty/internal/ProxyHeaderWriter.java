package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ProxyHeader;
import dev.smtpprobe.spi.TranscriptRecorder;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.netty.handler.codec.haproxy.HAProxyMessageEncoder;
import io.netty.handler.codec.haproxy.HAProxyProtocolVersion;
import io.netty.handler.codec.haproxy.HAProxyProxiedProtocol;
import io.netty.util.NetUtil;
import java.net.Inet4Address;
import java.net.InetSocketAddress;

/**
 * Writes a PROXY protocol header (HAProxy's spec, v1 or v2) as the connection's first bytes, then leaves the
 * pipeline with its encoder: it sits before the TLS handler, so the header precedes an implicit-TLS handshake,
 * and it runs on {@code channelActive} before the handlers after it see the connection (the greeting wait starts
 * with the header already written).
 */
final class ProxyHeaderWriter extends ChannelInboundHandlerAdapter {

    static final String NAME = "proxy-header";
    static final String ENCODER = "proxy-header-encoder";

    private final HAProxyProtocolVersion version;
    private final HAProxyProxiedProtocol protocol;
    private final InetSocketAddress source;
    private final InetSocketAddress destination;
    private final TranscriptRecorder recorder;

    private ProxyHeaderWriter(ProxyHeader header, InetSocketAddress destination, TranscriptRecorder recorder) {
        this.version = header.version() == ProxyHeader.Version.V1 ? HAProxyProtocolVersion.V1 : HAProxyProtocolVersion.V2;
        this.protocol = header.source().getAddress() instanceof Inet4Address ? HAProxyProxiedProtocol.TCP4
                : HAProxyProxiedProtocol.TCP6;
        this.source = header.source();
        this.destination = destination;
        this.recorder = recorder;
    }

    /**
     * The writer for {@code header} on a connection to {@code remote} (the destination when the header names none),
     * or null with {@code problem[0]} set when the two addresses are of different families.
     */
    static ProxyHeaderWriter forConnection(ProxyHeader header, InetSocketAddress remote, TranscriptRecorder recorder,
            String[] problem) {
        InetSocketAddress destination = header.destination().orElse(remote);
        boolean source4 = header.source().getAddress() instanceof Inet4Address;
        if (source4 != destination.getAddress() instanceof Inet4Address) {
            problem[0] = "the PROXY header's source " + header.source() + " and its destination " + destination
                    + (header.destination().isEmpty() ? " (the address connected to)" : "")
                    + " are of different address families; a header carries both as TCP4 or both as TCP6";
            return null;
        }
        return new ProxyHeaderWriter(header, destination, recorder);
    }

    /** Adds the encoder and this writer at the head of the pipeline, before TLS. */
    void addTo(io.netty.channel.ChannelPipeline pipeline) {
        pipeline.addFirst(NAME, this);
        pipeline.addFirst(ENCODER, HAProxyMessageEncoder.INSTANCE);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        String from = NetUtil.toAddressString(source.getAddress());
        String to = NetUtil.toAddressString(destination.getAddress());
        var message = new HAProxyMessage(version, HAProxyCommand.PROXY, protocol, from, to, source.getPort(),
                destination.getPort());
        recorder.info(version == HAProxyProtocolVersion.V1
                ? "PROXY protocol v1 header sent: PROXY " + protocol.name() + " " + from + " " + to + " "
                        + source.getPort() + " " + destination.getPort()
                : "PROXY protocol v2 header sent (binary): PROXY " + protocol.name() + " " + from + ":"
                        + source.getPort() + " -> " + to + ":" + destination.getPort());
        ctx.writeAndFlush(message); // through the encoder, which releases the message
        ctx.pipeline().remove(this);
        ctx.pipeline().remove(ENCODER);
        ctx.fireChannelActive();
    }
}
