package dev.smtpprobe.testing;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Runs a fuzz target longer on demand: the system property {@code fuzz.tries} (e.g. {@code -Dfuzz.tries=1000000} on
 * the Maven command line, which surefire passes to the test JVM) replaces the brief number of tries a property
 * declares for the normal build.
 */
public final class FuzzTries implements AroundPropertyHook {

    /** The system property that sets the number of tries. */
    public static final String PROPERTY = "fuzz.tries";

    /** Registered on a test class, it applies to each of its properties. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        Integer tries = Integer.getInteger(PROPERTY);
        if (tries != null && tries > 0) {
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
