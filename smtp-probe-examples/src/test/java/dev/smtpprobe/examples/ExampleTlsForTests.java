package dev.smtpprobe.examples;

import javax.net.ssl.SSLContext;

/** The embedded server's throwaway certificate, for test servers in other packages (the fake server's STARTTLS). */
public final class ExampleTlsForTests {

    private ExampleTlsForTests() {}

    /** A server-side context presenting the certificate for myserver.contoso.com, localhost and 127.0.0.1. */
    public static SSLContext serverContext() {
        return EmbeddedTls.load().serverContext();
    }
}
