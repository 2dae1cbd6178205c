package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A connection watches its steps' deadlines with one timer, due at the earliest deadline or before it: every step
 * still times out after its own timeout, never sooner and not much later, whatever the steps before it had.
 */
@Timeout(30)
class StepTimerTest extends FakeServerTest {

    @Test
    void aStepWithAShorterTimeoutThanTheStepsBeforeItTimesOutOnItsOwn() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250 fake.test\r\n");
            s.expect("MAIL");
            s.readUntilClosed(); // no reply to MAIL
        });
        Duration mail = Duration.ofMillis(300);
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(20)).withMail(mail)).build());
        var hello = client.connect(server.host(), server.port()).ehlo("client.test");

        long start = System.nanoTime();
        var e = catchThrowableOfType(StepTimeoutException.class, () -> hello.mailFrom("a@client.test"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.step()).isEqualTo(Step.MAIL);
        assertThat(e.timeout()).isEqualTo(mail);
        assertThat(tookMillis).as("MAIL's 300 ms, not the 20 s the greeting's and EHLO's deadlines were set for")
                .isBetween(250L, 5_000L);
    }

    @Test
    void aStepStartedLateInTheTimersPeriodGetsItsWholeTimeout() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.expect("EHLO");
            s.pause(Duration.ofMillis(800)); // EHLO answered late in its 1.5 s
            s.send("250 fake.test\r\n");
            s.expect("MAIL");
            s.readUntilClosed(); // no reply to MAIL
        });
        Duration timeout = Duration.ofMillis(1_500);
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(timeout)).build());
        var hello = client.connect(server.host(), server.port()).ehlo("client.test");

        long start = System.nanoTime();
        var e = catchThrowableOfType(StepTimeoutException.class, () -> hello.mailFrom("a@client.test"));
        long tookMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(e.step()).isEqualTo(Step.MAIL);
        assertThat(tookMillis).as("the timer due for the greeting's and EHLO's deadline (about 0.7 s into MAIL's wait)"
                + " does not cut MAIL's 1.5 s short").isBetween(1_400L, 6_000L);
    }
}
