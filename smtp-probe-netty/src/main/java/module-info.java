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
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.unix.common;
    requires io.netty.transport.epoll.linux.x86_64; // only its native library; IoFlavour falls back to NIO

    provides dev.smtpprobe.spi.TransportProvider with dev.smtpprobe.netty.internal.NettyTransportProvider;
}
