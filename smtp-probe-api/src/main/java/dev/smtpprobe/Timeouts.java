package dev.smtpprobe;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each step may take. A command's timeout starts when the command has been written. The defaults are
 * RFC 5321 §4.5.3.2's minimums for the server's answers, 30 s to connect, and 10 s for the QUIT sent on close.
 *
 * @param connect     opening the TCP connection (default {@value #DEFAULT_CONNECT_SECONDS} s)
 * @param greeting    the {@code 220} greeting (default 5 min, §4.5.3.2.1)
 * @param mail        the reply to MAIL (default 5 min, §4.5.3.2.2)
 * @param rcpt        the reply to each RCPT (default 5 min, §4.5.3.2.3)
 * @param dataInit    the {@code 354} to DATA (default 2 min, §4.5.3.2.4)
 * @param dataBlock   each block of message content to be taken by the server (default 3 min, §4.5.3.2.5)
 * @param dataEnd     the reply to the final {@code .} (default 10 min, §4.5.3.2.6)
 * @param command     every other command: EHLO, HELO, RSET, NOOP, VRFY, EXPN, HELP, custom (default 5 min)
 * @param quitOnClose the reply to the QUIT that {@code close()} sends politely (default 10 s)
 */
public record Timeouts(Duration connect, Duration greeting, Duration mail, Duration rcpt, Duration dataInit,
        Duration dataBlock, Duration dataEnd, Duration command, Duration quitOnClose) {

    /** Default connect timeout in seconds. */
    public static final long DEFAULT_CONNECT_SECONDS = 30;

    /** RFC 5321 §4.5.3.2 defaults. */
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(DEFAULT_CONNECT_SECONDS),
            Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(5), Duration.ofMinutes(2),
            Duration.ofMinutes(3), Duration.ofMinutes(10), Duration.ofMinutes(5), Duration.ofSeconds(10));

    /** Checks that every timeout is positive. */
    public Timeouts {
        for (Duration d : new Duration[] {connect, greeting, mail, rcpt, dataInit, dataBlock, dataEnd, command, quitOnClose}) {
            Objects.requireNonNull(d, "timeout");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("timeouts must be positive: " + d);
            }
        }
    }

    /** The same timeout for every step, handy for probes that must answer fast. */
    public static Timeouts all(Duration timeout) {
        return new Timeouts(timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout, timeout);
    }

    /** The timeout of a step. */
    public Duration of(Step step) {
        return switch (step) {
            case CONNECT -> connect;
            case GREETING -> greeting;
            case MAIL -> mail;
            case RCPT -> rcpt;
            case DATA -> dataInit;
            case DATA_CONTENT -> dataEnd;
            case QUIT -> quitOnClose;
            default -> command;
        };
    }

    /** A copy with another connect timeout. */
    public Timeouts withConnect(Duration d) {
        return new Timeouts(d, greeting, mail, rcpt, dataInit, dataBlock, dataEnd, command, quitOnClose);
    }

    /** A copy with another greeting timeout. */
    public Timeouts withGreeting(Duration d) {
        return new Timeouts(connect, d, mail, rcpt, dataInit, dataBlock, dataEnd, command, quitOnClose);
    }

    /** A copy with another MAIL timeout. */
    public Timeouts withMail(Duration d) {
        return new Timeouts(connect, greeting, d, rcpt, dataInit, dataBlock, dataEnd, command, quitOnClose);
    }

    /** A copy with another RCPT timeout. */
    public Timeouts withRcpt(Duration d) {
        return new Timeouts(connect, greeting, mail, d, dataInit, dataBlock, dataEnd, command, quitOnClose);
    }

    /** A copy with another DATA initiation timeout. */
    public Timeouts withDataInit(Duration d) {
        return new Timeouts(connect, greeting, mail, rcpt, d, dataBlock, dataEnd, command, quitOnClose);
    }

    /** A copy with another data block timeout. */
    public Timeouts withDataBlock(Duration d) {
        return new Timeouts(connect, greeting, mail, rcpt, dataInit, d, dataEnd, command, quitOnClose);
    }

    /** A copy with another DATA termination timeout. */
    public Timeouts withDataEnd(Duration d) {
        return new Timeouts(connect, greeting, mail, rcpt, dataInit, dataBlock, d, command, quitOnClose);
    }

    /** A copy with another timeout for the other commands. */
    public Timeouts withCommand(Duration d) {
        return new Timeouts(connect, greeting, mail, rcpt, dataInit, dataBlock, dataEnd, d, quitOnClose);
    }

    /** A copy with another timeout for the QUIT sent on close. */
    public Timeouts withQuitOnClose(Duration d) {
        return new Timeouts(connect, greeting, mail, rcpt, dataInit, dataBlock, dataEnd, command, d);
    }
}
