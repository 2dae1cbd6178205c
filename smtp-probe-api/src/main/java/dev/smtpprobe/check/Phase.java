package dev.smtpprobe.check;

import java.time.Duration;
import java.util.Objects;

/**
 * How long one phase of a check took: {@code connect}, {@code greeting} (the tarpitting delay of RFC 5321 §4.5.3.2
 * territory), {@code EHLO}, {@code STARTTLS}, one {@code RCPT}, ...
 *
 * @param name    what was timed
 * @param elapsed how long it took
 */
public record Phase(String name, Duration elapsed) {

    /** Checks for nulls. */
    public Phase {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(elapsed, "elapsed");
    }

    @Override
    public String toString() {
        return name + " " + elapsed.toMillis() + " ms";
    }
}
