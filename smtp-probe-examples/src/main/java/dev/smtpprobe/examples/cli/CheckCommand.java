package dev.smtpprobe.examples.cli;

import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.Checks;
import dev.smtpprobe.check.Submission;
import dev.smtpprobe.examples.AuthLoginWalkthrough;
import dev.smtpprobe.examples.EmbeddedExchangeServer;
import java.util.Optional;

/**
 * {@code --check}: runs {@link CheckSuite#standard()} (with {@code --submission}: {@link Checks#submission()},
 * logged in) against the {@code --server}, every exchanger of {@code --mx}
 * ({@link CheckSuite#runAgainstMx}), or an embedded server started with STARTTLS for the run, and shows the report
 * on a {@link CheckPrinter}. The exit code is the verdict's ({@link ExitCode#ofVerdict}), or {@link ExitCode#DNS}
 * when the MX lookup gets no answer.
 */
final class CheckCommand {

    private CheckCommand() {}

    /** Runs the checks the options ask for and returns the exit code. */
    static int run(CliOptions o, CheckPrinter printer) {
        return run(o, Optional.empty(), printer);
    }

    /**
     * Runs the checks the options ask for and returns the exit code; {@code login} is the account of
     * {@code --submission} ({@link PlanBuilder#credentials}), empty for an MX.
     */
    static int run(CliOptions o, Optional<Credentials> login, CheckPrinter printer) {
        if (o.remote()) {
            return run(o, Targets.remote(o), Optional.empty(), login, printer);
        }
        try (EmbeddedExchangeServer server = EmbeddedExchangeServer.startWithTlsAndAuth(AuthLoginWalkthrough.DEMO_USER,
                AuthLoginWalkthrough.DEMO_PASSWORD)) {
            String domain = server.acceptedDomains().iterator().next();
            printer.note("no --server: checking the embedded server " + server.hostName() + " on " + server.host() + ":"
                    + server.port() + " (STARTTLS with its own certificate, trusted for this run; mail domain "
                    + domain + ")");
            Optional<Credentials> account = login.isPresent() || !o.check.submission ? login
                    : Optional.of(new Credentials(AuthType.ANY, AuthLoginWalkthrough.DEMO_USER,
                            AuthLoginWalkthrough.DEMO_PASSWORD));
            return run(o, Targets.embedded(server, true), Optional.of(domain), account, printer);
        }
    }

    private static int run(CliOptions o, Target target, Optional<String> mailDomain, Optional<Credentials> login,
            CheckPrinter printer) {
        CheckSettings settings = settings(o, target, mailDomain, login);
        CheckSuite suite = (settings.submission().isPresent() ? CheckSuite.of(Checks.submission())
                : CheckSuite.standard()).withSettings(settings);
        CheckResult result;
        try (ProbeClient client = Probe.client(clientOptions(o), sessionOptions(o, target))) {
            if (o.mx().isPresent()) {
                printer.note("checking every exchanger of " + o.mx().get() + " on port " + target.port() + ": "
                        + suite.checks().size() + " checks each, one connection at a time");
                result = CheckResult.of(suite.runAgainstMx(client, o.mx().get(), target.port()));
            } else {
                printer.note("checking " + target.host() + ":" + target.port() + ": " + suite.checks().size()
                        + " checks, one connection at a time");
                result = CheckResult.of(suite.run(client, CheckTarget.of(target.host(), target.port())));
            }
        } catch (DnsLookupException e) {
            result = CheckResult.dnsFailed(e);
        } catch (InvalidArgumentException e) {
            throw new PlanBuilder.UsageError(e.getMessage());
        }
        printer.finish(result);
        return result.exitCode().code();
    }

    /**
     * The settings from the options: {@code --ehlo}, {@code --expect-host}, {@code --mail-domain}, {@code --from} and
     * {@code --to} as the relay sender and recipient; for the embedded server, its name and domain as defaults.
     */
    static CheckSettings settings(CliOptions o, Target target, Optional<String> defaultMailDomain) {
        return settings(o, target, defaultMailDomain, Optional.empty());
    }

    /**
     * {@link #settings(CliOptions, Target, Optional)} and, with {@code --submission}, the login; {@code --from} is
     * then the user's own sender (the relay attempts keep their default foreign sender).
     */
    static CheckSettings settings(CliOptions o, Target target, Optional<String> defaultMailDomain,
            Optional<Credentials> login) {
        var b = CheckSettings.builder();
        if (o.check.submission && login.isPresent()) {
            Submission submission = Submission.login(login.get().user(), login.get().password());
            Optional<String> own = Optional.ofNullable(o.smtp.from).map(PlanBuilder::unbracket);
            b.submission(own.map(submission::withSender).orElse(submission));
        }
        Optional.ofNullable(o.smtp.ehlo).ifPresent(b::ehloName);
        Optional.ofNullable(o.check.expectHost).or(() -> target.embedded() ? target.serverName() : Optional.empty())
                .ifPresent(b::expectedHost);
        Optional.ofNullable(o.check.mailDomain).or(() -> defaultMailDomain).ifPresent(b::mailDomain);
        if (!o.check.submission) {
            Optional.ofNullable(o.smtp.from).map(PlanBuilder::unbracket).ifPresent(b::relaySender);
        }
        if (!o.smtp.to.isEmpty()) {
            b.relayRecipient(PlanBuilder.unbracket(o.smtp.to.get(0))); // has a domain: PlanBuilder checked it
        }
        return b.build();
    }

    /** The DNS servers of {@code --dns-server} for every lookup: MX, the checked host's address, reverse DNS. */
    private static ClientOptions clientOptions(CliOptions o) {
        return ClientOptions.builder().dns(DnsServers.options(o.server.dnsServers, o.server.timeout)).build();
    }

    /** Timeouts and TLS trust (and implicit TLS with {@code --tls-on-connect}) for every check. */
    private static ProbeOptions sessionOptions(CliOptions o, Target target) {
        var tls = PlanBuilder.tlsOptions(o, target).toBuilder()
                .mode(o.tls.onConnect ? TlsMode.IMPLICIT : TlsMode.NONE)
                .handshakeTimeout(o.server.timeout)
                .build();
        return ProbeOptions.builder()
                .timeouts(Timeouts.all(o.server.timeout))
                .tls(tls)
                .build();
    }
}
