package dev.smtpprobe.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.Reply;
import dev.smtpprobe.Transcript;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The value types of the check API: outcomes, targets, findings, reports. */
class CheckModelTest {

    private static final CheckTarget TARGET = CheckTarget.of("mx.probe.test", 25);

    private static Finding finding(String check, Outcome outcome) {
        return new Finding(check, TARGET, outcome, check + " says " + outcome, List.of("a detail"),
                List.of(Reply.of(250, "ok")), Transcript.EMPTY, List.of(new Phase("EHLO", Duration.ofMillis(12))),
                Optional.empty());
    }

    @Test
    void theWorstOutcomeWins() {
        assertThat(Outcome.PASS.worst(Outcome.WARN)).isEqualTo(Outcome.WARN);
        assertThat(Outcome.FAIL.worst(Outcome.WARN)).isEqualTo(Outcome.FAIL);
        assertThat(Outcome.PASS.worst(Outcome.PASS)).isEqualTo(Outcome.PASS);
    }

    @Test
    void aDefiniteFailureOutranksACheckThatCouldNotRun() {
        assertThat(Outcome.FAIL.worst(Outcome.COULD_NOT_RUN)).isEqualTo(Outcome.FAIL);
        assertThat(Outcome.COULD_NOT_RUN.worst(Outcome.FAIL)).isEqualTo(Outcome.FAIL);
        assertThat(Outcome.WARN.worst(Outcome.COULD_NOT_RUN)).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(new SuiteReport(TARGET, List.of(finding("reachability", Outcome.FAIL),
                finding("banner", Outcome.COULD_NOT_RUN)), Duration.ZERO).worst()).isEqualTo(Outcome.FAIL);
    }

    @Test
    void targetsConnectToTheKnownAddressButKeepTheName() throws Exception {
        var mx = new MxHost("mx.probe.test", 10, List.of(InetAddress.getByName("192.0.2.25")));
        CheckTarget t = CheckTarget.of(mx, 25);

        assertThat(t.connectTo()).isEqualTo("192.0.2.25");
        assertThat(t.hasName()).isTrue();
        assertThat(t).hasToString("mx.probe.test:25 (192.0.2.25)");
        assertThat(CheckTarget.of("127.0.0.1", 25).hasName()).isFalse();
        assertThat(CheckTarget.of("::1", 25).hasName()).isFalse();
        assertThatThrownBy(() -> CheckTarget.of("mx.probe.test", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CheckTarget.of(" ", 25)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void findingsPrintTheirVerdictDetailsAndTimes() {
        Finding f = finding("banner", Outcome.WARN);

        assertThat(f).hasToString("[WARN] banner: banner says WARN");
        assertThat(f.report()).isEqualTo("[WARN] banner: banner says WARN\n    a detail\n    time: EHLO 12 ms");
        assertThat(f.phase("EHLO")).hasValueSatisfying(p -> assertThat(p.elapsed()).isEqualTo(Duration.ofMillis(12)));
        assertThat(f.phase("DATA")).isEmpty();
    }

    @Test
    void aSuiteReportFindsByNameAndOutcome() {
        var report = new SuiteReport(TARGET, List.of(finding("a", Outcome.PASS), finding("b", Outcome.FAIL),
                finding("c", Outcome.WARN)), Duration.ofMillis(40));

        assertThat(report.worst()).isEqualTo(Outcome.FAIL);
        assertThat(report.finding("c")).hasValueSatisfying(f -> assertThat(f.outcome()).isEqualTo(Outcome.WARN));
        assertThat(report.findings(Outcome.PASS)).extracting(Finding::check).containsExactly("a");
        assertThat(report.toString()).startsWith("Checks of mx.probe.test:25\n  [PASS] a: a says PASS")
                .endsWith("Overall: FAIL (40 ms)");
        assertThat(new SuiteReport(TARGET, List.of(), Duration.ZERO).worst()).isEqualTo(Outcome.PASS);
    }

    @Test
    void anMxReportWithoutExchangersFailsUnlessTheDomainPublishedANullMx() {
        var none = new MxResult("nx.test", MxResult.Kind.NO_SUCH_DOMAIN, List.of(), Duration.ZERO);
        var nullMx = new MxResult("nomail.test", MxResult.Kind.NULL_MX, List.of(), Duration.ZERO);

        assertThat(new MxReport(none, List.of()).worst()).isEqualTo(Outcome.FAIL);
        assertThat(new MxReport(nullMx, List.of()).worst()).isEqualTo(Outcome.PASS);
    }

    @Test
    void suitesAreImmutableAndSettingsRoundTrip() {
        CheckSuite standard = CheckSuite.standard();
        CheckSuite more = standard.with(Check.of("mine", ctx -> ctx.pass("ok")));

        assertThat(standard.checks()).hasSize(11);
        assertThat(more.checks()).hasSize(12).last().extracting(Check::name).isEqualTo("mine");
        CheckSettings s = CheckSettings.builder().expectedHost("mx.probe.test").mailDomain("probe.test").build();
        assertThat(s.toBuilder().build()).isEqualTo(s);
        assertThat(more.withSettings(s).settings()).isEqualTo(s);
        assertThatThrownBy(() -> CheckSettings.builder().relayRecipient("nodomain"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void reportsEscapeTheServersTextButFindingsKeepIt() throws Exception {
        var f = new Finding("banner", TARGET, Outcome.WARN, "names \u001b[2Jmx\r.test", List.of("banner: 220 \u001b]0;x\u0007"),
                List.of(), Transcript.EMPTY, List.of(), Optional.empty());
        var mx = new MxResult("probe.test", MxResult.Kind.MX,
                List.of(new MxHost("mx\n.probe.test", 10, List.of(InetAddress.getByName("192.0.2.25")))), Duration.ZERO);

        assertThat(f.summary()).isEqualTo("names \u001b[2Jmx\r.test");
        assertThat(f).hasToString("[WARN] banner: names \\x1b[2Jmx\\r.test");
        assertThat(f.report()).isEqualTo("[WARN] banner: names \\x1b[2Jmx\\r.test\n    banner: 220 \\x1b]0;x\\x07");
        String report = new MxReport(mx, List.of(new SuiteReport(TARGET, List.of(f), Duration.ZERO))).toString();
        assertThat(report).contains("10 mx\\n.probe.test [192.0.2.25]", "names \\x1b[2Jmx\\r.test")
                .doesNotContain("\u001b", "\r", "\u0007");
        assertThat(report.lines()).hasSize(7); // two MX lines, the suite's four, the domain's verdict
    }
}
