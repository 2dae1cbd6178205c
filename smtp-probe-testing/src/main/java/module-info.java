/**
 * smtp-probe's test kit: servers for tests of code that talks SMTP. {@link dev.smtpprobe.testing.FakeSmtpServer}
 * (a scriptable SMTP server with recorded sessions, faults, STARTTLS and implicit TLS, AUTH users),
 * {@link dev.smtpprobe.testing.ExchangeProfile} (the seed walkthrough's Exchange-like server as a ready profile of it),
 * {@link dev.smtpprobe.testing.FakeDnsServer} (scripted MX/PTR/TLSA/TXT answers),
 * {@link dev.smtpprobe.testing.ServerCertificate} (throwaway certificates whose trust the test hands to the client)
 * and {@link dev.smtpprobe.testing.TestServersExtension} (JUnit 5 parameter resolution).
 */
module dev.smtpprobe.testing {
    requires io.netty.buffer;
    requires io.netty.codec.dns;
    requires io.netty.common;
    requires io.netty.transport;
    requires io.netty.pkitesting;
    requires transitive org.junit.jupiter.api;

    exports dev.smtpprobe.testing;
}
