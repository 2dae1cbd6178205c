package dev.smtpprobe.assertj;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.Hello;
import java.util.List;

/**
 * Assertions on the {@link Hello} stage after EHLO or HELO (RFC 5321 §4.1.1.1): the reply checks apply to the
 * EHLO/HELO reply, {@link #capabilities()} checks what the server offers.
 *
 * <pre>{@code
 * assertThat(hello).isPositive().capabilities().supportsStartTls().hasMaxSize(37748736);
 * }</pre>
 */
public class HelloAssert extends AbstractSessionStageAssert<HelloAssert, Hello> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(Hello)}. */
    public HelloAssert(Hello actual) {
        super(actual, HelloAssert.class);
    }

    /** Assertions on the extensions the EHLO reply listed (none after HELO or a refused EHLO). */
    public CapabilitiesAssert capabilities() {
        isNotNull();
        return navigate(CapabilitiesAssert.class, Capabilities.class, actual.capabilities(), CapabilitiesAssert::new);
    }

    /** The client greeted with EHLO (ESMTP), not HELO. */
    public HelloAssert isExtended() {
        if (checkable() && !actual.isExtended()) {
            throw failure(FailureMessage.expecting("the greeting command", "to be EHLO (extended SMTP)")
                    .but("it was HELO, which learns no extension", List.of()));
        }
        return myself;
    }
}
