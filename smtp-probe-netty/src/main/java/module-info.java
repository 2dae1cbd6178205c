/**
 * smtp-probe's transport: a Netty pipeline on {@code netty-codec-smtp} with strict reply framing, per-step
 * timeouts and bounded memory. Applications do not call it; {@code dev.smtpprobe.Probe} finds it through
 * {@link java.util.ServiceLoader}.
 */
module dev.smtpprobe.netty {
    requires dev.smtpprobe;
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.dns;
    requires io.netty.codec.haproxy;
    requires io.netty.codec.smtp;
    requires io.netty.common;
    requires io.netty.handler;
    requires io.netty.resolver;
    requires io.netty.resolver.dns;
    requires io.netty.transport;

    provides dev.smtpprobe.spi.TransportProvider with dev.smtpprobe.netty.internal.NettyTransportProvider;
}
