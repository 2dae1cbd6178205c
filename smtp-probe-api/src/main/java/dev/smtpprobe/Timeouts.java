package dev.smtpprobe;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each step may take. A command's timeout starts when the command has been written. The defaults are
 * RFC 5321 §4.5.3.2's minimums for the server's answers, 30 s to connect, and 10 s for the QUIT sent on close.
 * Every timeout is positive and at most {@link #MAXIMUM} (one day); anything else is refused when it is set, with
 * an {@link IllegalArgumentException} naming the timeout.
 *
 * <p>Immutable; build with {@link #builder()} (which starts from the defaults), {@link #all(Duration)}, or derive
 * with {@link #toBuilder()} or a {@code withXxx} copy:
 * <pre>{@code
 * Timeouts fast = Timeouts.builder().connect(Duration.ofSeconds(5)).greeting(Duration.ofSeconds(20)).build();
 * }</pre>
 */
public final class Timeouts {

    /** Default connect timeout in seconds. */
    public static final long DEFAULT_CONNECT_SECONDS = 30;
    /**
     * The longest timeout accepted: one day. Far above any RFC 5321 minimum, and far below the limits of the timers
     * that run them (a duration in nanoseconds overflows after 292 years; {@code Timeouts.all(Duration.ofDays(200_000))}
     * used to fail on first use with "long overflow").
     */
    public static final Duration MAXIMUM = Duration.ofDays(1);

    /** RFC 5321 §4.5.3.2 defaults. */
    public static final Timeouts DEFAULT = new Builder().build();

    private final Duration connect;
    private final Duration greeting;
    private final Duration mail;
    private final Duration rcpt;
    private final Duration dataInit;
    private final Duration dataBlock;
    private final Duration dataEnd;
    private final Duration command;
    private final Duration quitOnClose;

    private Timeouts(Builder b) {
        this.connect = b.connect;
        this.greeting = b.greeting;
        this.mail = b.mail;
        this.rcpt = b.rcpt;
        this.dataInit = b.dataInit;
        this.dataBlock = b.dataBlock;
        this.dataEnd = b.dataEnd;
        this.command = b.command;
        this.quitOnClose = b.quitOnClose;
    }

    /** A builder holding the defaults ({@link #DEFAULT}). */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these timeouts. */
    public Builder toBuilder() {
        return new Builder().connect(connect).greeting(greeting).mail(mail).rcpt(rcpt).dataInit(dataInit)
                .dataBlock(dataBlock).dataEnd(dataEnd).command(command).quitOnClose(quitOnClose);
    }

    /**
     * The same timeout for every step, handy for probes that must answer fast.
     *
     * @throws IllegalArgumentException when {@code timeout} is not positive or above {@link #MAXIMUM}
     */
    public static Timeouts all(Duration timeout) {
        return new Builder().connect(timeout).greeting(timeout).mail(timeout).rcpt(timeout).dataInit(timeout)
                .dataBlock(timeout).dataEnd(timeout).command(timeout).quitOnClose(timeout).build();
    }

    /** Opening the TCP connection, name resolution included (default {@value #DEFAULT_CONNECT_SECONDS} s). */
    public Duration connect() {
        return connect;
    }

    /** The {@code 220} greeting (default 5 min, RFC 5321 §4.5.3.2.1). */
    public Duration greeting() {
        return greeting;
    }

    /** The reply to MAIL (default 5 min, §4.5.3.2.2). */
    public Duration mail() {
        return mail;
    }

    /** The reply to each RCPT (default 5 min, §4.5.3.2.3). */
    public Duration rcpt() {
        return rcpt;
    }

    /** The {@code 354} to DATA (default 2 min, §4.5.3.2.4). */
    public Duration dataInit() {
        return dataInit;
    }

    /** Each block of message content to be taken by the server (default 3 min, §4.5.3.2.5). */
    public Duration dataBlock() {
        return dataBlock;
    }

    /** The reply to the final {@code .} (default 10 min, §4.5.3.2.6). */
    public Duration dataEnd() {
        return dataEnd;
    }

    /** Every other command: EHLO, HELO, RSET, NOOP, VRFY, EXPN, HELP, custom (default 5 min). */
    public Duration command() {
        return command;
    }

    /** The reply to the QUIT that {@code close()} sends politely (default 10 s). */
    public Duration quitOnClose() {
        return quitOnClose;
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
        return toBuilder().connect(d).build();
    }

    /** A copy with another greeting timeout. */
    public Timeouts withGreeting(Duration d) {
        return toBuilder().greeting(d).build();
    }

    /** A copy with another MAIL timeout. */
    public Timeouts withMail(Duration d) {
        return toBuilder().mail(d).build();
    }

    /** A copy with another RCPT timeout. */
    public Timeouts withRcpt(Duration d) {
        return toBuilder().rcpt(d).build();
    }

    /** A copy with another DATA initiation timeout. */
    public Timeouts withDataInit(Duration d) {
        return toBuilder().dataInit(d).build();
    }

    /** A copy with another data block timeout. */
    public Timeouts withDataBlock(Duration d) {
        return toBuilder().dataBlock(d).build();
    }

    /** A copy with another DATA termination timeout. */
    public Timeouts withDataEnd(Duration d) {
        return toBuilder().dataEnd(d).build();
    }

    /** A copy with another timeout for the other commands. */
    public Timeouts withCommand(Duration d) {
        return toBuilder().command(d).build();
    }

    /** A copy with another timeout for the QUIT sent on close. */
    public Timeouts withQuitOnClose(Duration d) {
        return toBuilder().quitOnClose(d).build();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Timeouts t && connect.equals(t.connect) && greeting.equals(t.greeting)
                && mail.equals(t.mail) && rcpt.equals(t.rcpt) && dataInit.equals(t.dataInit)
                && dataBlock.equals(t.dataBlock) && dataEnd.equals(t.dataEnd) && command.equals(t.command)
                && quitOnClose.equals(t.quitOnClose);
    }

    @Override
    public int hashCode() {
        return Objects.hash(connect, greeting, mail, rcpt, dataInit, dataBlock, dataEnd, command, quitOnClose);
    }

    @Override
    public String toString() {
        return "Timeouts[connect=" + connect + ", greeting=" + greeting + ", mail=" + mail + ", rcpt=" + rcpt
                + ", dataInit=" + dataInit + ", dataBlock=" + dataBlock + ", dataEnd=" + dataEnd + ", command="
                + command + ", quitOnClose=" + quitOnClose + "]";
    }

    /**
     * Builds {@link Timeouts}, starting from the defaults. Each setter refuses a null, zero, negative or over-long
     * ({@link Timeouts#MAXIMUM}) duration at once. Not thread-safe; the timeouts it builds are.
     */
    public static final class Builder {
        private Duration connect = Duration.ofSeconds(DEFAULT_CONNECT_SECONDS);
        private Duration greeting = Duration.ofMinutes(5);
        private Duration mail = Duration.ofMinutes(5);
        private Duration rcpt = Duration.ofMinutes(5);
        private Duration dataInit = Duration.ofMinutes(2);
        private Duration dataBlock = Duration.ofMinutes(3);
        private Duration dataEnd = Duration.ofMinutes(10);
        private Duration command = Duration.ofMinutes(5);
        private Duration quitOnClose = Duration.ofSeconds(10);

        private Builder() {}

        /** Opening the TCP connection, name resolution included; default {@value Timeouts#DEFAULT_CONNECT_SECONDS} s. */
        public Builder connect(Duration d) {
            this.connect = usable("connect", d);
            return this;
        }

        /** The {@code 220} greeting; default 5 min (RFC 5321 §4.5.3.2.1). */
        public Builder greeting(Duration d) {
            this.greeting = usable("greeting", d);
            return this;
        }

        /** The reply to MAIL; default 5 min (§4.5.3.2.2). */
        public Builder mail(Duration d) {
            this.mail = usable("mail", d);
            return this;
        }

        /** The reply to each RCPT; default 5 min (§4.5.3.2.3). */
        public Builder rcpt(Duration d) {
            this.rcpt = usable("rcpt", d);
            return this;
        }

        /** The {@code 354} to DATA; default 2 min (§4.5.3.2.4). */
        public Builder dataInit(Duration d) {
            this.dataInit = usable("dataInit", d);
            return this;
        }

        /** Each block of message content to be taken by the server; default 3 min (§4.5.3.2.5). */
        public Builder dataBlock(Duration d) {
            this.dataBlock = usable("dataBlock", d);
            return this;
        }

        /** The reply to the final {@code .}; default 10 min (§4.5.3.2.6). */
        public Builder dataEnd(Duration d) {
            this.dataEnd = usable("dataEnd", d);
            return this;
        }

        /** Every other command (EHLO, HELO, RSET, NOOP, VRFY, EXPN, HELP, custom); default 5 min. */
        public Builder command(Duration d) {
            this.command = usable("command", d);
            return this;
        }

        /** The reply to the QUIT that {@code close()} sends; default 10 s. */
        public Builder quitOnClose(Duration d) {
            this.quitOnClose = usable("quitOnClose", d);
            return this;
        }

        /** The timeouts. */
        public Timeouts build() {
            return new Timeouts(this);
        }

        private static Duration usable(String name, Duration d) {
            Objects.requireNonNull(d, () -> "Timeouts." + name + " is null");
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("Timeouts." + name + " must be positive, not " + d);
            }
            if (d.compareTo(MAXIMUM) > 0) {
                throw new IllegalArgumentException("Timeouts." + name + " must be at most " + MAXIMUM
                        + " (Timeouts.MAXIMUM), not " + d);
            }
            return d;
        }
    }
}
