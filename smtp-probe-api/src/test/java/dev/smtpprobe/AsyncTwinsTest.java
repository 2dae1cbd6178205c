package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Pins the symmetry of DESIGN §3, "every step has a CompletableFuture form and a blocking form": each public
 * blocking step of every stage, of {@link PipelinedTransaction}, {@link ProbeClient} and {@link Probe} has an
 * {@code ...Async} twin with the same parameters whose future carries the blocking form's result, and each
 * {@code ...Async} method has its blocking twin.
 *
 * <p>A public method is a blocking step unless it is plainly not one: it takes no parameter and returns no stage
 * (an accessor such as {@code reply()} or {@code capabilities()}), or it is one of the few named below. A new
 * accessor with parameters, or a new navigation accessor returning a stage, goes in that list, with its reason.
 */
class AsyncTwinsTest {

    /** Zero-parameter methods that return a stage without talking to the server: they lead to an earlier stage. */
    private static final Set<String> NAVIGATION = Set.of("session", "hello", "transaction");

    private static List<Class<?>> classesWithSteps() {
        var classes = new ArrayList<Class<?>>(Arrays.asList(SessionStage.class.getPermittedSubclasses()));
        classes.addAll(List.of(PipelinedTransaction.class, ProbeClient.class, Probe.class));
        return classes;
    }

    private static Stream<Method> publicMethods(Class<?> type) {
        return Arrays.stream(type.getMethods()).filter(m -> m.getDeclaringClass() != Object.class && !m.isSynthetic());
    }

    /** Whether {@code m} waits for the network: see the class comment. */
    private static boolean isBlockingStep(Class<?> owner, Method m) {
        if (m.getName().endsWith("Async") || m.getReturnType() == CompletableFuture.class) {
            return false;
        }
        Class<?> result = m.getReturnType();
        if (result == ProbeClient.class) {
            return false; // Probe.client(...), ProbeClient.create(...): factories
        }
        if (result == PipelinedTransaction.class) {
            return false; // Hello.pipelined() and the builder methods of a pipelined transaction: nothing sent yet
        }
        if (m.getName().equals("close") && m.getParameterCount() == 0) {
            return owner == SmtpSession.class; // QUIT; ProbeClient.close() releases threads and has no async form
        }
        if (m.getParameterCount() == 0) {
            return SessionStage.class.isAssignableFrom(result) && !NAVIGATION.contains(m.getName());
        }
        return true; // takes arguments for the server: vrfy, mailFrom, connect, mx, ...
    }

    private static Type futureOf(Method blocking) {
        Type t = blocking.getGenericReturnType();
        return t == void.class ? Void.class : t;
    }

    @Test
    void everyBlockingStepHasAnAsyncTwinWithTheSameParametersAndResult() {
        var missing = new ArrayList<String>();
        for (Class<?> type : classesWithSteps()) {
            publicMethods(type).filter(m -> isBlockingStep(type, m)).forEach(blocking -> {
                Method twin;
                try {
                    twin = type.getMethod(blocking.getName() + "Async", blocking.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(describe(type, blocking) + ": no " + blocking.getName() + "Async with the same parameters");
                    return;
                }
                String problem = twinProblem(blocking, twin);
                if (problem != null) {
                    missing.add(describe(type, blocking) + ": " + problem);
                }
            });
        }
        assertThat(missing).as("blocking steps without a matching async twin").isEmpty();
    }

    @Test
    void everyAsyncStepHasABlockingTwinWithTheSameParametersAndResult() {
        var missing = new ArrayList<String>();
        for (Class<?> type : classesWithSteps()) {
            publicMethods(type).filter(m -> m.getName().endsWith("Async")).forEach(async -> {
                String name = async.getName().substring(0, async.getName().length() - "Async".length());
                Method blocking;
                try {
                    blocking = type.getMethod(name, async.getParameterTypes());
                } catch (NoSuchMethodException e) {
                    missing.add(describe(type, async) + ": no blocking " + name + " with the same parameters");
                    return;
                }
                String problem = twinProblem(blocking, async);
                if (problem != null) {
                    missing.add(describe(type, async) + ": " + problem);
                }
            });
        }
        assertThat(missing).as("async steps without a matching blocking twin").isEmpty();
    }

    /** Why {@code async} is not the twin of {@code blocking}, or null. */
    private static String twinProblem(Method blocking, Method async) {
        if (Modifier.isStatic(blocking.getModifiers()) != Modifier.isStatic(async.getModifiers())) {
            return "one twin is static, the other not";
        }
        if (blocking.isVarArgs() != async.isVarArgs()) {
            return "one twin takes varargs, the other not";
        }
        Type result = async.getGenericReturnType();
        if (!(result instanceof ParameterizedType p) || p.getRawType() != CompletableFuture.class
                || !p.getActualTypeArguments()[0].equals(futureOf(blocking))) {
            return "the async twin returns " + result.getTypeName() + ", not CompletableFuture<"
                    + futureOf(blocking).getTypeName() + ">";
        }
        return null;
    }

    private static String describe(Class<?> type, Method m) {
        return type.getSimpleName() + "." + signature(m);
    }

    private static String signature(Method m) {
        return m.getName() + "(" + String.join(", ", Arrays.stream(m.getParameterTypes()).map(Class::getSimpleName)
                .toList()) + ")";
    }

    @Test
    void theRuleSeesTheStepsItMustSee() {
        // guards the classification itself: if it stopped seeing these, the tests above would pass vacuously
        assertThat(steps(SmtpSession.class)).contains("ehlo(String)", "noop()", "close()", "command(String)");
        assertThat(steps(Hello.class)).contains("auth(String, String)", "authNtlm(String, String, String)",
                "nextMailFrom(String)", "mailFrom(String, MailParameters)", "startTls()", "etrn(String)");
        assertThat(steps(Transaction.class)).contains("rcptTo(String, RcptParameters)", "dataChunked(byte[], int)");
        assertThat(steps(AuthResult.class)).contains("mailFrom(String, MailParameters)", "mailFrom(String, String[])");
        assertThat(steps(PipelinedTransaction.class)).containsExactlyInAnyOrder("data(String)", "data(byte[])",
                "bdatLast(byte[])", "dataChunked(byte[], int)");
        assertThat(steps(ProbeClient.class)).contains("connect(String)", "mx(String)");
        assertThat(steps(Probe.class)).contains("connect(String)", "mx(String)");
        assertThat(steps(DataResult.class)).doesNotContain("hello()", "transaction()", "reply()", "session()");
        assertThat(steps(SmtpSession.class)).doesNotContain("cancel()", "isOpen()", "greeting()");
    }

    private static List<String> steps(Class<?> type) {
        return publicMethods(type).filter(m -> isBlockingStep(type, m)).map(AsyncTwinsTest::signature).toList();
    }
}
