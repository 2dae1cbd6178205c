package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class TimeoutsTest {

    /** Every timeout different, so that a step mapped to the wrong one shows. */
    private static final Timeouts DISTINCT = Timeouts.builder().connect(Duration.ofSeconds(1))
            .greeting(Duration.ofSeconds(2)).mail(Duration.ofSeconds(3)).rcpt(Duration.ofSeconds(4))
            .dataInit(Duration.ofSeconds(5)).dataBlock(Duration.ofSeconds(6)).dataEnd(Duration.ofSeconds(7))
            .command(Duration.ofSeconds(8)).quitOnClose(Duration.ofSeconds(9)).build();

    private static final List<String> NAMES = List.of("connect", "greeting", "mail", "rcpt", "dataInit", "dataBlock",
            "dataEnd", "command", "quitOnClose");

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
        var b = Timeouts.all(Duration.ofSeconds(1)).toBuilder();
        switch (position) {
            case 0 -> b.connect(d);
            case 1 -> b.greeting(d);
            case 2 -> b.mail(d);
            case 3 -> b.rcpt(d);
            case 4 -> b.dataInit(d);
            case 5 -> b.dataBlock(d);
            case 6 -> b.dataEnd(d);
            case 7 -> b.command(d);
            default -> b.quitOnClose(d);
        }
        return b.build();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8})
    void aTimeoutAboveTheMaximumIsRefusedNamingTheTimeout(int position) {
        String name = NAMES.get(position);
        assertThatIllegalArgumentException().isThrownBy(() -> withOne(position, Duration.ofSeconds(Long.MAX_VALUE / 2)))
                .withMessageStartingWith("Timeouts." + name + " must be at most PT24H");
        assertThatIllegalArgumentException().isThrownBy(() -> withOne(position, Timeouts.MAXIMUM.plusNanos(1)))
                .withMessageContaining("Timeouts." + name);
        assertThatIllegalArgumentException().isThrownBy(() -> withOne(position, Duration.ZERO))
                .withMessage("Timeouts." + name + " must be positive, not PT0S");
        assertThat(withOne(position, Timeouts.MAXIMUM).of(Step.GREETING)).isNotNull();
    }

    @Test
    void aDurationThatOverflowsTheTimersIsRefusedWhenTheTimeoutsAreMade() {
        // used to be accepted and to fail later: "long overflow" / a raw ArithmeticException from connect
        assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.all(Duration.ofDays(200_000)))
                .withMessageContaining("Timeouts.connect must be at most");
        assertThatIllegalArgumentException().isThrownBy(() -> Timeouts.DEFAULT.withConnect(Duration.ofSeconds(Long.MAX_VALUE / 2)))
                .withMessageContaining("Timeouts.connect");
        assertThat(Timeouts.all(Timeouts.MAXIMUM).dataEnd()).isEqualTo(Duration.ofDays(1));
    }

    @Test
    void builderStartsFromTheDefaultsAndRoundTrips() {
        assertThat(Timeouts.builder().build()).isEqualTo(Timeouts.DEFAULT).hasSameHashCodeAs(Timeouts.DEFAULT);
        assertThat(DISTINCT.toBuilder().build()).isEqualTo(DISTINCT).hasToString(DISTINCT.toString());
        assertThat(DISTINCT).isNotEqualTo(DISTINCT.withQuitOnClose(Duration.ofSeconds(99)));
        assertThat(DISTINCT.toString()).contains("greeting=PT2S").contains("quitOnClose=PT9S");
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
