package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtpprobe.ClosedBy;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Step;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A BDAT chunk (RFC 3030 §2) is written in blocks under a timeout, as DATA content is: a server that stops reading cannot hang it. */
@Timeout(20)
class ChunkWritingTest extends FakeServerTest {

    @Test
    void serverThatStopsReadingDuringABdatChunkIsABlockTimeoutNotAHang() throws Exception {
        server = FakeSmtpServer.start(8 * 1024, s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 CHUNKING\r\n");
            s.reply("MAIL FROM:", "250 ok\r\n");
            s.reply("RCPT TO:", "250 ok\r\n");
            s.expect("BDAT ");
            s.pause(Duration.ofSeconds(8)); // reads nothing of the chunk; ends early when the client closes
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(1))).build());
        var tx = client.connect(server.host(), server.port()).ehlo("client.test").mailFrom("a@b.test").rcptTo("p@fake.test");
        byte[] chunk = new byte[16 * 1024 * 1024];
        Arrays.fill(chunk, (byte) 'c');
        long start = System.nanoTime();

        var failure = catchThrowable(() -> tx.bdatLastAsync(chunk).get(4, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class);
        assertThat(failure.getCause()).isInstanceOfSatisfying(StepTimeoutException.class, e -> {
            assertThat(e.step()).isEqualTo(Step.BDAT);
            assertThat(e.closedBy()).isEqualTo(ClosedBy.CLIENT);
            assertThat(e.transcript().toString()).contains("data block not taken within 1000 ms");
        });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(tx.session().isOpen()).isFalse();
    }
}
