package dev.smtpprobe.assertj;

import java.util.function.Consumer;
import org.assertj.core.api.AbstractSoftAssertions;
import org.assertj.core.api.SoftAssertionsProvider;
import org.assertj.core.api.StandardSoftAssertionsProvider;

/**
 * Soft assertions for SMTP: every failure is collected and all are reported at the end, so one run of a test
 * against a server shows every wrong reply, not only the first. Has AssertJ's standard soft assertions too.
 *
 * <pre>{@code
 * SmtpSoftAssertions.assertSoftly(softly -> {
 *     softly.assertThat(session).isPositive();
 *     softly.assertThat(hello).capabilities().supportsStartTls().hasMaxSizeAtLeast(10_000_000);
 *     softly.assertThat(tx).recipient("x@elsewhere.test").isPermanentFailure().hasEnhancedStatus("5.7.1");
 * });
 * }</pre>
 *
 * <p>With JUnit 5: {@code @ExtendWith(SoftAssertionsExtension.class)} on the test class and a field or parameter
 * {@code @InjectSoftAssertions SmtpSoftAssertions softly}; the extension reports the failures after each test.
 * Or create one, assert, and call {@link #assertAll()}.
 *
 * <p>On the class path this needs nothing more. On the module path, AssertJ (3.27) defines its soft-assertion
 * subclasses inside {@code dev.smtpprobe} (which opens {@code dev.smtpprobe.assertj} to {@code org.assertj.core}
 * for that), and the JVM must also be told
 * {@code --add-reads org.assertj.core=dev.smtpprobe --add-exports
 * org.assertj.core/org.assertj.core.api.recursive.assertion=dev.smtpprobe}; hard assertions need no flag.
 */
// "exports" lint: AssertJ types in this API are fine without requires transitive; a test module using them requires org.assertj.core itself
@SuppressWarnings("exports")
public class SmtpSoftAssertions extends AbstractSoftAssertions
        implements StandardSoftAssertionsProvider, SmtpSoftAssertionsProvider {

    /** Soft assertions with no failure collected yet. */
    public SmtpSoftAssertions() {
        super();
    }

    /**
     * Runs {@code softly} with new soft assertions, then fails with every failure collected, if any.
     *
     * @throws AssertionError listing all the failures
     */
    public static void assertSoftly(Consumer<SmtpSoftAssertions> softly) {
        SoftAssertionsProvider.assertSoftly(SmtpSoftAssertions.class, softly);
    }
}
