package dev.smtpprobe.netty.internal;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.spi.Transport;
import dev.smtpprobe.spi.TransportProvider;

/** The {@link java.util.ServiceLoader} entry point of the Netty transport. */
public final class NettyTransportProvider implements TransportProvider {

    /** Called by {@link java.util.ServiceLoader}. */
    public NettyTransportProvider() {}

    @Override
    public Transport create(ClientOptions options) {
        return new NettyTransport(options);
    }
}
