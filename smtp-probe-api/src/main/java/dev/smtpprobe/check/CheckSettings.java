package dev.smtpprobe.check;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the checks need to know beyond the target, and their thresholds. Immutable; build with {@link #builder()}.
 *
 * @param ehloName                 the name the checks give in EHLO/HELO (RFC 5321 §4.1.1.1)
 * @param expectedHost             the name the banner should carry (the server's public name), if known
 * @param mailDomain               the domain the server receives mail for (postmaster@ and abuse@ are tried there);
 *                                 without it, the host name the server gives in its greeting
 * @param relaySender              the foreign sender of the open-relay attempts
 * @param relayRecipient           the foreign recipient of the open-relay attempts (its domain must not be one the
 *                                 server handles)
 * @param certificateExpiryWarning warn when the certificate expires sooner than this (default 14 days)
 * @param slowGreeting             a greeting that takes longer than this is reported as tarpitting (default 5 s)
 * @param slowCommand              a command answered slower than this is reported as slow (default 2 s)
 * @param clock                    the clock certificate expiry is judged by
 */
public record CheckSettings(String ehloName, Optional<String> expectedHost, Optional<String> mailDomain,
        String relaySender, String relayRecipient, Duration certificateExpiryWarning, Duration slowGreeting,
        Duration slowCommand, Clock clock) {

    /** The settings every built-in check uses unless told otherwise. */
    public static final CheckSettings DEFAULT = builder().build();

    /** Checks for nulls. */
    public CheckSettings {
        Objects.requireNonNull(ehloName, "ehloName");
        Objects.requireNonNull(expectedHost, "expectedHost");
        Objects.requireNonNull(mailDomain, "mailDomain");
        Objects.requireNonNull(relaySender, "relaySender");
        Objects.requireNonNull(relayRecipient, "relayRecipient");
        Objects.requireNonNull(certificateExpiryWarning, "certificateExpiryWarning");
        Objects.requireNonNull(slowGreeting, "slowGreeting");
        Objects.requireNonNull(slowCommand, "slowCommand");
        Objects.requireNonNull(clock, "clock");
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
        return b;
    }

    /** Builds {@link CheckSettings}. */
    public static final class Builder {
        private String ehloName = "probe.smtp-probe.invalid";
        private String expectedHost;
        private String mailDomain;
        private String relaySender = "relay-probe@example.com";
        private String relayRecipient = "relay-probe@example.net";
        private Duration certificateExpiryWarning = Duration.ofDays(14);
        private Duration slowGreeting = Duration.ofSeconds(5);
        private Duration slowCommand = Duration.ofSeconds(2);
        private Clock clock = Clock.systemUTC();

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

        /** The settings. */
        public CheckSettings build() {
            return new CheckSettings(ehloName, Optional.ofNullable(expectedHost), Optional.ofNullable(mailDomain),
                    relaySender, relayRecipient, certificateExpiryWarning, slowGreeting, slowCommand, clock);
        }
    }
}
