/**
 * The contract between the API and a transport that moves bytes: found through {@link java.util.ServiceLoader}
 * as a {@link dev.smtpprobe.spi.TransportProvider}. Exported only to {@code dev.smtpprobe.netty}; not for
 * application code.
 */
package dev.smtpprobe.spi;
