package dev.smtpprobe.assertj;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Transcript;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.assertj.core.api.AbstractAssert;
import org.assertj.core.api.SoftAssertionsProvider;

/**
 * What every smtp-probe assertion shares: the session transcript that failure messages end with, and the way an
 * assertion reached from this one (a stage's {@code capabilities()}, a transaction's {@code recipient(..)}) reports
 * its failures: thrown, or collected by the same {@link SmtpSoftAssertions}.
 *
 * @param <SELF>   the assertion's own type, for chaining
 * @param <ACTUAL> the type of the value under test
 */
// "exports" lint: AssertJ types in this API are fine without requires transitive; a test module using them requires org.assertj.core itself
@SuppressWarnings("exports")
public abstract class AbstractSmtpAssert<SELF extends AbstractSmtpAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractAssert<SELF, ACTUAL> {

    /** The transcript printed at the end of every failure message; null when unknown. */
    Transcript sessionTranscript;

    /** The soft assertions collecting this assertion's failures; null when they are thrown. */
    SoftAssertionsProvider softly;

    /** True when this assertion stands for a value that was missing and has already been reported softly. */
    boolean alreadyReported;

    /** An assertion on {@code actual}; {@code selfType} is the concrete assertion class. */
    AbstractSmtpAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** Makes this assertion, and those reached from it, report to {@code softAssertions} (called by the provider). */
    SELF collectedBy(SoftAssertionsProvider softAssertions) {
        this.softly = softAssertions;
        return myself;
    }

    /**
     * Whether an assertion should look at the actual value: false when it stands for something already reported
     * missing; otherwise the actual value must not be null.
     */
    final boolean checkable() {
        if (alreadyReported) {
            return false;
        }
        isNotNull();
        return true;
    }

    /** The failure for {@code message}, with this session's transcript and the assertion's description. */
    final AssertionError failure(FailureMessage message) {
        return failure("%s", message.inSession(sessionTranscript).text());
    }

    /**
     * {@link #failure(FailureMessage)} with every occurrence of {@code hidden} in the text (transcript included)
     * replaced by {@code mask}: for a failure about a secret that must not be printed.
     */
    final AssertionError failureHiding(FailureMessage message, String hidden, String mask) {
        return failure("%s", message.inSession(sessionTranscript).text().replace(hidden, mask));
    }

    /** {@link #failure(FailureMessage)} that also carries both values, for an IDE's comparison view. */
    final AssertionError failure(FailureMessage message, Object actualValue, Object expectedValue) {
        return failureWithActualExpected(actualValue, expectedValue, "%s", message.inSession(sessionTranscript).text());
    }

    /**
     * An assertion on a value reached from this one: thrown or collected like this one, with the same transcript
     * and description.
     */
    final <A extends AbstractSmtpAssert<A, T>, T> A navigate(Class<A> type, Class<T> actualType, T value,
            Function<T, A> constructor) {
        A child = softly == null ? constructor.apply(value) : softly.proxy(type, actualType, value);
        child.softly = softly;
        child.sessionTranscript = sessionTranscript;
        if (info.hasDescription()) {
            child.describedAs(info.description());
        }
        return child;
    }

    /**
     * Assertions on the newest of {@code exchanges} that {@code found} picked, or, when it picked none, a failure
     * saying that no exchange {@code wanted} (e.g. "of step RCPT") was recorded, with the exchanges there were.
     */
    final ExchangeAssert exchangeAssert(List<Exchange> exchanges, Optional<Exchange> found, String wanted) {
        if (found.isEmpty()) {
            return missing(ExchangeAssert.class, Exchange.class, ExchangeAssert::new,
                    FailureMessage.expecting("the session", "to have an exchange " + wanted)
                            .but("its exchanges were:", StageReplies.lines(exchanges)));
        }
        return navigate(ExchangeAssert.class, Exchange.class, found.get(), ExchangeAssert::new);
    }

    /**
     * The value to navigate to is missing: hard assertions throw {@code message} now; soft ones collect it and
     * return an assertion whose checks do nothing more, so a chain goes on without a second report.
     */
    final <A extends AbstractSmtpAssert<A, T>, T> A missing(Class<A> type, Class<T> actualType,
            Function<T, A> constructor, FailureMessage message) {
        AssertionError error = failure(message);
        if (softly == null) {
            throw error;
        }
        softly.collectAssertionError(error);
        A child = navigate(type, actualType, null, constructor);
        child.alreadyReported = true;
        return child;
    }
}
