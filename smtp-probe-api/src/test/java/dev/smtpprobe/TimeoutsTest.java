package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutsTest {

    /** Every timeout different, so that a step mapped to the wrong one shows. */
    private static final Timeouts DISTINCT = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(2),
            Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(5), Duration.ofSeconds(6),
            Duration.ofSeconds(7), Duration.ofSeconds(8), Duration.ofSeconds(9));

    @Test
    void defaultsAreTheRfc5321Minimums() {
        var t = Timeouts.DEFAULT;

        assertThat(t.greeting()).isEqualTo(Duration.ofMinutes(5));   // §4.5.3.2.1
        assertThat(t.mail()).isEqualTo(Duration.ofMinutes(5));       // §4.5.3.2.2
        assertThat(t.rcpt()).isEqualTo(Duration.ofMinutes(5));       // §4.5.3.2.3
        assertThat(t.dataInit()).isEqualTo(Duration.ofMinutes(2));   // §4.5.3.2.4
        assertThat(t.dataBlock()).isEqualTo(Duration.ofMinutes(3));  // §4.5.3.2.5
        assertThat(t.dataEnd()).isEqualTo(Duration.ofMinutes(10));   // §4.5.3.2.6
    }

    @Test
    void defaultConnectIsThirtySecondsAndOtherCommandsFiveMinutes() {
        assertThat(Timeouts.DEFAULT.connect()).isEqualTo(Duration.ofSeconds(30));
        assertThat(Timeouts.DEFAULT_CONNECT_SECONDS).isEqualTo(30);
        assertThat(Timeouts.DEFAULT.command()).isEqualTo(Duration.ofMinutes(5));
        assertThat(Timeouts.DEFAULT.quitOnClose()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void ofMapsEachStepToItsTimeout() {
        assertThat(DISTINCT.of(Step.CONNECT)).isEqualTo(DISTINCT.connect());
        assertThat(DISTINCT.of(Step.GREETING)).isEqualTo(DISTINCT.greeting());
        assertThat(DISTINCT.of(Step.MAIL)).isEqualTo(DISTINCT.mail());
        assertThat(DISTINCT.of(Step.RCPT)).isEqualTo(DISTINCT.rcpt());
        assertThat(DISTINCT.of(Step.DATA)).isEqualTo(DISTINCT.dataInit());
        assertThat(DISTINCT.of(Step.DATA_CONTENT)).isEqualTo(DISTINCT.dataEnd());
        assertThat(DISTINCT.of(Step.QUIT)).isEqualTo(DISTINCT.quitOnClose());
    }

    @ParameterizedTest
    @EnumSource(value = Step.class, names = {"EHLO", "HELO", "RSET", "VRFY", "EXPN", "HELP", "NOOP", "COMMAND"})
    void ofGivesTheCommandTimeoutToEveryOtherStep(Step step) {
        assertThat(DISTINCT.of(step)).isEqualTo(DISTINCT.command());
    }

    @Test
    void defaultOfGivesTheRfcTimeoutPerStep() {
        assertThat(Timeouts.DEFAULT.of(Step.GREETING)).isEqualTo(Duration.ofMinutes(5));
        assertThat(Timeouts.DEFAULT.of(Step.DATA)).isEqualTo(Duration.ofMinutes(2));
        assertThat(Timeouts.DEFAULT.of(Step.DATA_CONTENT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(Timeouts.DEFAULT.of(Step.CONNECT)).isEqualTo(Duration.ofSeconds(30));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void zeroOrNegativeTimeoutIsRefusedInEveryPosition(int position) {
        assertThatIllegalArgumentException().isThrownBy(() -> withOne(position, Duration.ZERO));
        assertThatIllegalArgumentException().isThrownBy(() -> withOne(position, Duration.ofMillis(-1)));
        assertThatNullPointerException().isThrownBy(() -> withOne(position, null));
    }

    private static Timeouts withOne(int position, Duration d) {
        Duration[] v = new Duration[9];
        java.util.Arrays.fill(v, Duration.ofSeconds(1));
        v[position] = d;
        return new Timeouts(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8]);
    }

    @Test
    void smallestPositiveTimeoutIsAccepted() {
        assertThat(Timeouts.all(Duration.ofNanos(1)).connect()).isEqualTo(Duration.ofNanos(1));
    }

    @Test
    void allSetsEveryTimeout() {
        var t = Timeouts.all(Duration.ofSeconds(3));

        for (Step step : Step.values()) {
            assertThat(t.of(step)).as("%s", step).isEqualTo(Duration.ofSeconds(3));
        }
        assertThat(t.dataBlock()).isEqualTo(Duration.ofSeconds(3));
        assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.all(Duration.ZERO));
    }

    @Test
    void eachWithChangesOnlyItsOwnTimeout() {
        Duration d = Duration.ofMillis(777);
        check(DISTINCT.withConnect(d), Timeouts::connect, d);
        check(DISTINCT.withGreeting(d), Timeouts::greeting, d);
        check(DISTINCT.withMail(d), Timeouts::mail, d);
        check(DISTINCT.withRcpt(d), Timeouts::rcpt, d);
        check(DISTINCT.withDataInit(d), Timeouts::dataInit, d);
        check(DISTINCT.withDataBlock(d), Timeouts::dataBlock, d);
        check(DISTINCT.withDataEnd(d), Timeouts::dataEnd, d);
        check(DISTINCT.withCommand(d), Timeouts::command, d);
        check(DISTINCT.withQuitOnClose(d), Timeouts::quitOnClose, d);
    }

    private static void check(Timeouts changed, Function<Timeouts, Duration> field, Duration d) {
        assertThat(field.apply(changed)).isEqualTo(d);
        var all = java.util.List.<Function<Timeouts, Duration>>of(Timeouts::connect, Timeouts::greeting, Timeouts::mail,
                Timeouts::rcpt, Timeouts::dataInit, Timeouts::dataBlock, Timeouts::dataEnd, Timeouts::command,
                Timeouts::quitOnClose);
        int differences = 0;
        for (var f : all) {
            if (!f.apply(changed).equals(f.apply(DISTINCT))) {
                differences++;
            }
        }
        assertThat(differences).as("timeouts changed").isEqualTo(1);
    }

    @Test
    void withRefusesZero() {
        assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.DEFAULT.withRcpt(Duration.ZERO));
    }
}
