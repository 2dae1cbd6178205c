package dev.smtpprobe.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Finding;
import dev.smtpprobe.check.MxReport;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.SuiteReport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import dev.smtpprobe.Probe;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;

/** CheckMyMailServer's report prints what servers and the DNS sent with control characters escaped. */
class CheckReportTest {

    @Test
    void theServersTextIsPrintedEscaped() throws Exception {
        var target = CheckTarget.of("mx.probe.test", 25);
        Finding finding;
        try (var client = Probe.client()) { // the check connects nowhere: it reports what a hostile server would send
            finding = CheckSuite.run(Check.of("banner", ctx -> {
                ctx.detail("greeting: 220 \u001b]0;owned\u0007 ESMTP");
                return ctx.warn("banner names \u001b[2Jmx\r.test");
            }), client, target, CheckSettings.DEFAULT);
        }
        var mx = new MxResult("probe.test", MxResult.Kind.MX,
                List.of(new MxHost("mx\u001b[8m.probe.test", 10, List.of(InetAddress.getByName("192.0.2.25")))), Duration.ZERO);
        var bytes = new ByteArrayOutputStream();
        var out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        CheckReport.print(new MxReport(mx, List.of(new SuiteReport(target, List.of(finding), Duration.ZERO))), out);

        String printed = bytes.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("[WARN] banner: banner names \\x1b[2Jmx\\r.test\n",
                "    greeting: 220 \\x1b]0;owned\\x07 ESMTP\n", "  10 mx\\x1b[8m.probe.test [192.0.2.25]\n",
                "  warnings: banner -- banner names \\x1b[2Jmx\\r.test\n");
        assertThat(printed.chars().filter(c -> c < 0x20 && c != '\n' || c == 0x7f)).as(printed).isEmpty();
    }
}
