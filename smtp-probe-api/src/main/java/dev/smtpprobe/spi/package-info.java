/**
 * For transport implementations only, not for applications: the contract between the API and the transport that
 * moves the bytes. Exported only to the module {@code dev.smtpprobe.netty} (a qualified export), so application
 * code cannot use it on the module path; nothing here is covered by the API's compatibility promises. The transport
 * is found through {@link java.util.ServiceLoader} as a {@link dev.smtpprobe.spi.TransportProvider}.
 */
package dev.smtpprobe.spi;
