package dev.smtpprobe.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The fuzz kit {@link Fuzz} is one file in two test trees (smtp-probe-api's tests cannot see this module's, and this
 * module's cannot see api's): the copies must stay the same. Surefire runs this in the module's directory.
 */
class FuzzKitCopiesTest {

    private static final String KIT = "src/test/java/dev/smtpprobe/testing/Fuzz.java";

    @Test
    void theApiModulesCopyOfTheFuzzKitIsThisOne() {
        assertThat(Path.of("../smtp-probe-api", KIT)).as("the api module's copy of " + KIT)
                .hasSameTextualContentAs(Path.of(KIT));
    }
}
