package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The longest accepted timeout is one the timers can run: no overflow on connect, greeting or a command. */
@Timeout(20)
class TimeoutLimitsTest {

    @Test
    void theMaximumTimeoutForEveryStepIsUsableEndToEnd() {
        try (var server = FakeSmtpServer.start(s -> {
                    s.send("220 fake.test ESMTP\r\n");
                    s.reply("EHLO", "250 fake.test\r\n");
                    s.reply("QUIT", "221 bye\r\n");
                    s.close();
                });
                var client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Timeouts.MAXIMUM)).build());
                var session = client.connect(server.host(), server.port())) {
            assertThat(session.ehlo("client.test").reply().code()).isEqualTo(250);
            session.close();
            server.awaitScript(Duration.ofSeconds(5));
        }
    }
}
