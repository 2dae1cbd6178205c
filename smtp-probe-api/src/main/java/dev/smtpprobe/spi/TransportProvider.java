package dev.smtpprobe.spi;

import dev.smtpprobe.ProbeOptions;

/** Makes {@link Transport}s; registered for {@link java.util.ServiceLoader} ({@code provides} in module-info and META-INF/services). */
public interface TransportProvider {

    /** A new transport with its own I/O threads, sized by {@link ProbeOptions#ioThreads()}. */
    Transport create(ProbeOptions options);
}
