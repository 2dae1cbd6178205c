/**
 * smtp-probe's API: hold an SMTP conversation (RFC 5321) step by step and get every server reply back as a
 * typed value.
 *
 * <p>The package {@code dev.smtpprobe} is the whole public API. The transport that moves the bytes is found
 * through {@link java.util.ServiceLoader} ({@code dev.smtpprobe.spi.TransportProvider}); add
 * {@code dev.smtpprobe:smtp-probe-netty} to get one.
 */
module dev.smtpprobe {
    exports dev.smtpprobe;
    exports dev.smtpprobe.check;
    exports dev.smtpprobe.spi to dev.smtpprobe.netty;

    uses dev.smtpprobe.spi.TransportProvider;
}
