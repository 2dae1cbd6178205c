package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.spi.Transport;
import dev.smtpprobe.spi.TransportProvider;

/** The {@link java.util.ServiceLoader} entry point of the Netty transport. */
public final class NettyTransportProvider implements TransportProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public NettyTransportProvider() {}

    @Override
    public Transport create(ProbeOptions options) {
        return new NettyTransport(options.ioThreads(), options.dns());
    }
}
