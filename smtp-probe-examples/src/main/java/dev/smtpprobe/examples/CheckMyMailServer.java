package dev.smtpprobe.examples;

import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.ClientOptions;
import dev.smtpprobe.DnsOptions;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.CheckSuite;
import dev.smtpprobe.check.CheckTarget;
import dev.smtpprobe.check.MxReport;
import dev.smtpprobe.check.Outcome;
import dev.smtpprobe.check.SuiteReport;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.OptionalLong;
import java.util.Set;

/**
 * "Check my mail server": every built-in check of {@link dev.smtpprobe.check.Checks} — reachability, banner, EHLO,
 * STARTTLS and the certificate, AUTH before TLS, open relay, VRFY/EXPN, postmaster and abuse, timing — plus one check
 * of our own written with {@link Check#of}, run one connection at a time, printed as a readable report with a
 * verdict. No check sends DATA.
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server with STARTTLS (its throwaway certificate
 * trusted for the run); {@code --mx DOMAIN} checks every mail exchanger of a domain instead.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.CheckMyMailServer
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.CheckMyMailServer \
 *     -Dexec.args="--host mx1.example.test --domain example.test"
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.CheckMyMailServer \
 *     -Dexec.args="--mx example.test [--dns-server 192.0.2.53]"
 * </pre>
 */
public final class CheckMyMailServer {

    static final String USAGE = "usage: CheckMyMailServer [--host HOST [--port PORT] [--domain DOMAIN] | --mx DOMAIN"
            + " [--port PORT]] [--dns-server HOST[:PORT]] [--ehlo NAME]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--domain", "--mx", "--dns-server", "--ehlo"), Set.of());

    /** The size our own check wants a server to take: 10 MB. */
    public static final long TEN_MB = 10_000_000L;

    /**
     * A check of our own, written exactly as the built-ins are: does the server advertise a message size limit
     * (RFC 1870 SIZE) of at least 10 MB? Senders expect attachments of that size to get through.
     */
    public static final Check SIZE_AT_LEAST_10_MB = Check.of("size-10mb", ctx -> {
        var session = ctx.connect();
        Hello hello = ctx.step("EHLO", session.ehlo(ctx.settings().ehloName()));
        if (!hello.reply().isPositive()) {
            return ctx.couldNotRun("EHLO refused: " + hello.reply());
        }
        OptionalLong size = hello.capabilities().size();
        if (size.isEmpty()) {
            return ctx.warn("no SIZE advertised (RFC 1870): senders learn the limit only when a large message bounces");
        }
        long bytes = size.getAsLong();
        if (bytes == 0) {
            return ctx.pass("SIZE 0: no fixed limit (RFC 1870)");
        }
        ctx.detail("SIZE " + bytes + " = " + bytes / (1024 * 1024) + " MiB");
        return bytes >= TEN_MB ? ctx.pass("messages up to " + bytes / 1_000_000 + " MB are taken")
                : ctx.warn("messages over " + bytes / 1_000_000 + " MB are refused: less than the 10 MB senders expect");
    });

    private CheckMyMailServer() {}

    /** Every built-in check, then {@link #SIZE_AT_LEAST_10_MB}, with these settings. */
    public static CheckSuite suite(CheckSettings settings) {
        return CheckSuite.standard().with(SIZE_AT_LEAST_10_MB).withSettings(settings);
    }

    /** Runs the checks; exits with the code of {@link #run} when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out));
    }

    /**
     * Runs the checks as {@link #main} does, printing the report to {@code out}.
     *
     * @return 0 every check passed, 1 a warning or a failure, 2 wrong argument, 3 a check could not run or the MX
     *         lookup got no answer
     */
    public static int run(String[] args, PrintStream out) {
        return RUNNER.run(args, out, a -> {
            if (a.value("--host").isPresent() && a.value("--mx").isPresent()) {
                throw new IllegalArgumentException("--host and --mx exclude each other");
            }
            CheckSettings.Builder settings = CheckSettings.builder();
            ProbeOptions.Builder options = ProbeOptions.builder();
            ClientOptions.Builder clientOptions = ClientOptions.builder();
            a.value("--ehlo").ifPresent(settings::ehloName);
            a.value("--domain").ifPresent(settings::mailDomain);
            a.value("--dns-server").ifPresent(s -> clientOptions.dns(DnsOptions.servers(dnsServer(s))));
            int port = a.port(25);
            try {
                if (a.value("--mx").isPresent()) {
                    try (var client = Probe.client(clientOptions.build(), options.build())) {
                        MxReport report = suite(settings.build()).runAgainstMx(client, a.value("--mx").get(), port);
                        return exitCode(CheckReport.print(report, out), report.reports().isEmpty());
                    }
                }
                if (a.value("--host").isPresent()) {
                    CheckTarget target = CheckTarget.of(a.value("--host").get(), port);
                    try (var client = Probe.client(clientOptions.build(), options.build())) {
                        out.println("Checking " + target + (a.value("--domain").isPresent() ? "" : " (no --domain:"
                                + " postmaster@ and abuse@ are asked at the host its greeting names)"));
                        return exitCode(CheckReport.print(suite(settings.build()).run(client, target), out), false);
                    }
                }
                return checkEmbedded(settings, clientOptions, options, out);
            } catch (DnsLookupException e) {
                out.println("The MX lookup got no answer: " + e.getMessage());
                return ExampleRunner.BROKE;
            }
        });
    }

    /** The embedded server with STARTTLS, its certificate trusted, its name and mail domain as the expected ones. */
    private static int checkEmbedded(CheckSettings.Builder settings, ClientOptions.Builder clientOptions,
            ProbeOptions.Builder options, PrintStream out) {
        try (var server = EmbeddedExchangeServer.startWithTlsAndAuth(AuthLoginWalkthrough.DEMO_USER,
                AuthLoginWalkthrough.DEMO_PASSWORD)) {
            String domain = server.acceptedDomains().iterator().next();
            settings.expectedHost(server.hostName()).mailDomain(domain);
            options.tls(TlsOptions.builder().trustStore(server.trustStore()).serverName(server.hostName()).build());
            out.println("No --host given: checking the embedded Exchange-like server " + server.hostName() + " on "
                    + server.host() + ":" + server.port() + " (STARTTLS with its throwaway certificate, trusted for"
                    + " this run; mail domain " + domain + ")");
            try (var client = Probe.client(clientOptions.build(), options.build())) {
                SuiteReport report = suite(settings.build()).run(client, CheckTarget.of(server.host(), server.port()));
                return exitCode(CheckReport.print(report, out), false);
            }
        }
    }

    private static int exitCode(Outcome worst, boolean nothingChecked) {
        return switch (worst) {
            case PASS -> 0;
            case WARN -> 1;
            case FAIL -> nothingChecked ? 3 : 1;
            case COULD_NOT_RUN -> 3;
        };
    }

    /** {@code HOST[:PORT]}, port 53 by default; an IPv6 address in brackets when a port follows. */
    static InetSocketAddress dnsServer(String value) {
        int colon = value.lastIndexOf(':');
        boolean hasPort = colon > 0 && (value.indexOf(':') == colon || value.startsWith("["));
        String host = (hasPort ? value.substring(0, colon) : value).replaceAll("^\\[|]$", "");
        int port = 53;
        if (hasPort) {
            try {
                port = ExampleArgs.parsePort(value.substring(colon + 1));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--dns-server " + value + ": the port must be from 1 to 65535");
            }
        }
        var address = new InetSocketAddress(host, port);
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("--dns-server " + value + ": unknown host " + host);
        }
        return address;
    }
}
