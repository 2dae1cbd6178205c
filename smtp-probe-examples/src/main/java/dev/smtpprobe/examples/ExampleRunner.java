package dev.smtpprobe.examples;

import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.ProbeException;
import java.io.PrintStream;
import java.util.Set;

/**
 * The harness every example's {@code main} shares, so that an example class holds only its scenario: parse the small
 * command line ({@link ExampleArgs}), run the scenario, and turn what went wrong into the examples' common exit
 * codes — 1 for a command the client did not send because a rule of the session forbids it ({@link NotSentException},
 * e.g. SIZE over the server's limit), 2 for a wrong argument (with the usage) or an argument the library refused before
 * sending it ({@link InvalidArgumentException}), 3 for a conversation that broke ({@link ProbeException}, with its
 * transcript).
 *
 * @param usage   the one-line usage printed after a wrong argument
 * @param options the names that take a value
 * @param flags   the names that take none
 */
record ExampleRunner(String usage, Set<String> options, Set<String> flags) {

    /** The exit code for a command the session's rules kept from being sent: the example's question got no answer. */
    static final int NOT_SENT = 1;
    /** The exit code for a wrong argument. */
    static final int WRONG_ARGUMENT = 2;
    /** The exit code for a conversation that broke (could not connect, timed out, connection lost). */
    static final int BROKE = 3;

    /** The part of an example that differs: what it does with its arguments, as an exit code. */
    @FunctionalInterface
    interface Scenario {
        /**
         * Runs the scenario.
         *
         * @throws IllegalArgumentException for a wrong argument the scenario found itself (printed with the usage)
         */
        int run(ExampleArgs args);
    }

    /** Exits the JVM with {@code code} when it is not 0, as every example's {@code main} does. */
    static void exit(int code) {
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * Parses {@code args} and runs {@code scenario} with them, printing to {@code out}.
     *
     * @return the scenario's exit code; {@value #NOT_SENT} when a command was not sent, {@value #WRONG_ARGUMENT} for
     *         a wrong or refused argument, {@value #BROKE} when the conversation broke
     */
    int run(String[] args, PrintStream out, Scenario scenario) {
        try {
            return scenario.run(ExampleArgs.parse(args, options, flags));
        } catch (InvalidArgumentException e) { // refused by the library before anything was sent: no usage
            out.println(e.getMessage());
            return WRONG_ARGUMENT;
        } catch (IllegalArgumentException e) { // a wrong argument on the command line
            out.println(e.getMessage());
            out.println(usage);
            return WRONG_ARGUMENT;
        } catch (NotSentException e) {
            out.println("Not sent (" + e.reason() + "): " + e.getMessage());
            return NOT_SENT;
        } catch (ProbeException e) {
            out.println("The conversation broke: " + e.getMessage());
            ExplainedTranscript.print(e.transcript(), out);
            return BROKE;
        }
    }
}
