package dev.smtpprobe.check;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checks need to know beyond the target, and their thresholds. Immutable; build with {@link #builder()}
 * (every setting at its default) or derive with {@link #toBuilder()}; a builder rather than a constructor, so that
 * settings can be added without breaking anyone.
 */
public final class CheckSettings {

    /** The default EHLO name: {@code probe.smtp-probe.invalid} (RFC 6761: never a real host). */
    public static final String DEFAULT_EHLO_NAME = "probe.smtp-probe.invalid";
    /** The default foreign sender of the open-relay attempts. */
    public static final String DEFAULT_RELAY_SENDER = "relay-probe@example.com";
    /** The default foreign recipient of the open-relay attempts. */
    public static final String DEFAULT_RELAY_RECIPIENT = "relay-probe@example.net";
    /** The default certificate expiry warning: 14 days. */
    public static final Duration DEFAULT_CERTIFICATE_EXPIRY_WARNING = Duration.ofDays(14);
    /** The default greeting delay reported as tarpitting: 5 s. */
    public static final Duration DEFAULT_SLOW_GREETING = Duration.ofSeconds(5);
    /** The default command latency reported as slow: 2 s. */
    public static final Duration DEFAULT_SLOW_COMMAND = Duration.ofSeconds(2);

    /** The settings every built-in check uses unless told otherwise. */
    public static final CheckSettings DEFAULT = builder().build();

    private final String ehloName;
    private final Optional<String> expectedHost;
    private final Optional<String> mailDomain;
    private final String relaySender;
    private final String relayRecipient;
    private final Duration certificateExpiryWarning;
    private final Duration slowGreeting;
    private final Duration slowCommand;
    private final Clock clock;
    private final Optional<Submission> submission;

    private CheckSettings(Builder b) {
        this.ehloName = b.ehloName;
        this.expectedHost = Optional.ofNullable(b.expectedHost);
        this.mailDomain = Optional.ofNullable(b.mailDomain);
        this.relaySender = b.relaySender;
        this.relayRecipient = b.relayRecipient;
        this.certificateExpiryWarning = b.certificateExpiryWarning;
        this.slowGreeting = b.slowGreeting;
        this.slowCommand = b.slowCommand;
        this.clock = b.clock;
        this.submission = Optional.ofNullable(b.submission);
    }

    /** The name the checks give in EHLO/HELO (RFC 5321 §4.1.1.1). */
    public String ehloName() {
        return ehloName;
    }

    /** The name the banner should carry (the server's public name), if known. */
    public Optional<String> expectedHost() {
        return expectedHost;
    }

    /**
     * The domain the server receives mail for (postmaster@ and abuse@ are tried there); without it, the host name the
     * server gives in its greeting.
     */
    public Optional<String> mailDomain() {
        return mailDomain;
    }

    /** The foreign sender of the open-relay attempts. */
    public String relaySender() {
        return relaySender;
    }

    /** The foreign recipient of the open-relay attempts (its domain must not be one the server handles). */
    public String relayRecipient() {
        return relayRecipient;
    }

    /** Warn when the certificate expires sooner than this (default 14 days). */
    public Duration certificateExpiryWarning() {
        return certificateExpiryWarning;
    }

    /** A greeting that takes longer than this is reported as tarpitting (default 5 s). */
    public Duration slowGreeting() {
        return slowGreeting;
    }

    /** A command answered slower than this is reported as slow (default 2 s). */
    public Duration slowCommand() {
        return slowCommand;
    }

    /** The clock certificate expiry is judged by. */
    public Clock clock() {
        return clock;
    }

    /**
     * Submission mode: the login the transaction checks authenticate with (inside TLS) before MAIL, as a
     * submission server (RFC 6409, port 587/465) requires; empty (the default) for an MX, which takes mail without
     * AUTH. See {@link Checks#submission()}.
     */
    public Optional<Submission> submission() {
        return submission;
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these settings. */
    public Builder toBuilder() {
        var b = new Builder();
        b.ehloName = ehloName;
        b.expectedHost = expectedHost.orElse(null);
        b.mailDomain = mailDomain.orElse(null);
        b.relaySender = relaySender;
        b.relayRecipient = relayRecipient;
        b.certificateExpiryWarning = certificateExpiryWarning;
        b.slowGreeting = slowGreeting;
        b.slowCommand = slowCommand;
        b.clock = clock;
        b.submission = submission.orElse(null);
        return b;
    }

    /** Builds {@link CheckSettings}. Not thread-safe; the settings it builds are. */
    public static final class Builder {
        private String ehloName = DEFAULT_EHLO_NAME;
        private String expectedHost;
        private String mailDomain;
        private String relaySender = DEFAULT_RELAY_SENDER;
        private String relayRecipient = DEFAULT_RELAY_RECIPIENT;
        private Duration certificateExpiryWarning = DEFAULT_CERTIFICATE_EXPIRY_WARNING;
        private Duration slowGreeting = DEFAULT_SLOW_GREETING;
        private Duration slowCommand = DEFAULT_SLOW_COMMAND;
        private Clock clock = Clock.systemUTC();
        private Submission submission;

        private Builder() {}

        /** The EHLO name; default {@code probe.smtp-probe.invalid} (RFC 6761: never a real host). */
        public Builder ehloName(String name) {
            this.ehloName = Objects.requireNonNull(name, "name");
            return this;
        }

        /** The name the banner should carry, e.g. {@code mx1.contoso.com}. */
        public Builder expectedHost(String host) {
            this.expectedHost = host;
            return this;
        }

        /** The domain the server receives mail for, e.g. {@code contoso.com}. */
        public Builder mailDomain(String domain) {
            this.mailDomain = domain;
            return this;
        }

        /** The foreign sender of the relay attempts; default {@code relay-probe@example.com}. */
        public Builder relaySender(String address) {
            this.relaySender = Objects.requireNonNull(address, "address");
            return this;
        }

        /** The foreign recipient of the relay attempts; default {@code relay-probe@example.net}. */
        public Builder relayRecipient(String address) {
            if (!address.contains("@")) {
                throw new IllegalArgumentException("relay recipient needs a domain: " + address);
            }
            this.relayRecipient = address;
            return this;
        }

        /** Warn when the certificate expires sooner than this; default 14 days. */
        public Builder certificateExpiryWarning(Duration d) {
            this.certificateExpiryWarning = Objects.requireNonNull(d, "d");
            return this;
        }

        /** Greeting delay reported as tarpitting; default 5 s. */
        public Builder slowGreeting(Duration d) {
            this.slowGreeting = Objects.requireNonNull(d, "d");
            return this;
        }

        /** Command latency reported as slow; default 2 s. */
        public Builder slowCommand(Duration d) {
            this.slowCommand = Objects.requireNonNull(d, "d");
            return this;
        }

        /** The clock for certificate expiry; default the system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Submission mode with this login (STARTTLS or implicit TLS, then AUTH, before the transaction checks);
         * default none (MX mode); null turns it off.
         */
        public Builder submission(Submission login) {
            this.submission = login;
            return this;
        }

        /** The settings. */
        public CheckSettings build() {
            return new CheckSettings(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CheckSettings c && ehloName.equals(c.ehloName) && expectedHost.equals(c.expectedHost)
                && mailDomain.equals(c.mailDomain) && relaySender.equals(c.relaySender)
                && relayRecipient.equals(c.relayRecipient) && certificateExpiryWarning.equals(c.certificateExpiryWarning)
                && slowGreeting.equals(c.slowGreeting) && slowCommand.equals(c.slowCommand) && clock.equals(c.clock)
                && submission.equals(c.submission);
    }

    @Override
    public int hashCode() {
        return Objects.hash(ehloName, expectedHost, mailDomain, relaySender, relayRecipient, certificateExpiryWarning,
                slowGreeting, slowCommand, clock, submission);
    }

    @Override
    public String toString() {
        return "CheckSettings[ehloName=" + ehloName + ", expectedHost=" + expectedHost + ", mailDomain=" + mailDomain
                + ", relaySender=" + relaySender + ", relayRecipient=" + relayRecipient + ", certificateExpiryWarning="
                + certificateExpiryWarning + ", slowGreeting=" + slowGreeting + ", slowCommand=" + slowCommand
                + ", clock=" + clock + ", submission=" + submission.map(Submission::toString).orElse("none") + "]";
    }
}
