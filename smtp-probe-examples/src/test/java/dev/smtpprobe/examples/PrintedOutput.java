package dev.smtpprobe.examples;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** For the tests of an example's {@code run}: the stream it prints to, and what it printed. */
abstract class PrintedOutput {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    /** The stream handed to the example. */
    protected final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    /** Everything the example printed so far. */
    protected String output() {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
