package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartTlsExampleTest extends PrintedOutput {

    @Test
    void againstTheEmbeddedServerTheHandshakeIsFullyVerified() {
        assertThat(StartTlsExample.run(new String[0], out)).isEqualTo(0);
        assertThat(output()).contains("STARTTLS:  offered", "Handshake: TLSv1.", "SNI sent:  myserver.contoso.com",
                "Trusted:   yes", "Host name: myserver.contoso.com matches", "AUTH LOGIN PLAIN", "=== TLS started:",
                " ~> EHLO mail.alternatecontoso.test").doesNotContain("WARNING");
    }

    @Test
    void insecureModeSaysVerificationWasOff() {
        assertThat(StartTlsExample.run(new String[] {"--insecure"}, out)).isEqualTo(1);
        assertThat(output()).contains("WARNING:   certificate verification was OFF", "certificate verification is OFF");
    }

    @Test
    void withTheJdkTrustStoreTheSelfSignedCertificateFailsVerification() {
        try (var server = EmbeddedExchangeServer.startWithTlsAndAuth("u", "p")) {
            int code = StartTlsExample.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port()),
                "--server-name", server.hostName()}, out);
            assertThat(code).isEqualTo(1);
        }
        assertThat(output()).contains("TLS failed: VERIFICATION", "Trusted:   NO, no trusted CA issued it");
    }

    @Test
    void serverWithoutStartTlsIsReported() {
        try (var server = EmbeddedExchangeServer.start()) {
            int code = StartTlsExample.run(new String[] {"--host", server.host(), "--port", String.valueOf(server.port())}, out);
            assertThat(code).isEqualTo(1);
        }
        assertThat(output()).contains("STARTTLS:  NOT offered");
    }

    @Test
    void unknownArgumentPrintsUsage() {
        assertThat(StartTlsExample.run(new String[] {"--nope"}, out)).isEqualTo(2);
        assertThat(output()).contains("unknown argument: --nope", StartTlsExample.USAGE);
    }
}
