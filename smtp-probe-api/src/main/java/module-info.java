/**
 * smtp-probe's API: hold an SMTP conversation (RFC 5321) step by step and get every server reply back as a
 * typed value.
 *
 * <p>The package {@code dev.smtpprobe} is the API; {@code dev.smtpprobe.check} holds the mail-flow checks.
 * {@code dev.smtpprobe.assertj} adds AssertJ assertions for
 * tests; AssertJ is an optional dependency ({@code requires static}): only code that uses that package needs
 * {@code org.assertj:assertj-core}. The transport that moves the bytes is found through
 * {@link java.util.ServiceLoader} ({@code dev.smtpprobe.spi.TransportProvider}); add
 * {@code dev.smtpprobe:smtp-probe-netty} to get one. The package {@code dev.smtpprobe.spi} is that transport
 * contract: exported only to {@code dev.smtpprobe.netty}, not for applications.
 */
module dev.smtpprobe {
    requires java.net.http; // the MTA-STS check fetches the policy over HTTPS (RFC 8461 §3.3)
    requires static org.assertj.core; // not transitive: that would make AssertJ mandatory to compile any module reading this one

    exports dev.smtpprobe;
    exports dev.smtpprobe.check;
    exports dev.smtpprobe.assertj;
    // AssertJ's soft assertions subclass the assertion classes at run time through a private lookup
    opens dev.smtpprobe.assertj to org.assertj.core;
    exports dev.smtpprobe.spi to dev.smtpprobe.netty;

    uses dev.smtpprobe.spi.TransportProvider;
}
