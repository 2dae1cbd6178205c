package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ServerProof;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.testing.DovecotInstance;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library against Dovecot's real submission server (scripts/dovecot-test.sh): SCRAM-SHA-256 and BDAT. */
class DovecotSubmissionIT {

    private static ProbeClient client;

    @BeforeAll
    static void start() {
        DovecotInstance.start();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30)))
                .tls(TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED).trustStore(DovecotInstance.trustStore())
                        .serverName(DovecotInstance.SERVER_NAME).build())
                .build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static SmtpSession connect() {
        return client.connect(DovecotInstance.HOST, DovecotInstance.submissionPort());
    }

    @Test
    void scramAuthenticatedSubmissionIsRelayed() {
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().authMechanisms()).contains("SCRAM-SHA-256");
            var auth = hello.authScramSha256("probeuser", "probepass");
            assertThat(auth.isSuccess()).as(auth.transcript().toString()).isTrue();
            assertThat(auth.serverProof()).isEqualTo(ServerProof.VERIFIED);
            var sent = auth.mailFrom("probeuser@probe.test").rcptTo("someone@elsewhere.test")
                    .data("Subject: smoke\r\n\r\nbody\r\n");
            assertThat(sent.isAccepted()).as(sent.transcript().toString()).isTrue();
        }
    }
}
