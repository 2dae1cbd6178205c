package dev.smtpprobe.spi;

import dev.smtpprobe.ClientOptions;

/**
 * Makes {@link Transport}s; registered for {@link java.util.ServiceLoader} ({@code provides} in module-info and
 * META-INF/services). For transport implementations only, not for application code.
 */
public interface TransportProvider {

    /**
     * A new transport with its own I/O threads, sized by {@link ClientOptions#ioThreads()}, resolving every name
     * (the hosts it connects to included) through {@link ClientOptions#dns()}.
     */
    Transport create(ClientOptions options);
}
