package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.EximInstance;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The library against a real Exim 4 (scripts/exim-test.sh): ESMTP extensions, TLS, AUTH and its error limit. */
class EximIT {

    private static ProbeClient client;

    @BeforeAll
    static void start() {
        EximInstance.start();
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(30))).build());
    }

    @AfterAll
    static void stop() {
        client.close();
    }

    private static SmtpSession connect() {
        return client.connect(EximInstance.HOST, EximInstance.port());
    }

    @Test
    void eximOffersItsExtensionsAndQueuesAMessage() throws Exception {
        String marker = "smoke-" + UUID.randomUUID();
        try (var session = connect()) {
            var hello = session.ehlo("client.probe.test");
            assertThat(hello.capabilities().serverName()).isEqualTo(EximInstance.SERVER_NAME);
            assertThat(hello.capabilities().keywords())
                    .contains("CHUNKING", "DSN", "SMTPUTF8", "PRDR", "STARTTLS", "PIPELINING", "8BITMIME");
            assertThat(hello.capabilities().size()).hasValue(200000);
            var sent = hello.mailFrom("someone@elsewhere.test").rcptTo("postmaster@probe.test")
                    .data("Subject: " + marker + "\r\n\r\nbody\r\n");
            assertThat(sent.isAccepted()).as(sent.transcript().toString()).isTrue();
            assertThat(sent.queueId()).isPresent();
            assertThat(Files.readString(EximInstance.messageBody(sent.queueId().orElseThrow()), StandardCharsets.UTF_8))
                    .contains("body");
        }
    }
}
