package dev.smtpprobe.check;

import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Several {@link Check}s run one after another against one server — one connection at a time, so the server sees
 * a polite client — or against every MX of a domain. Immutable.
 *
 * <pre>{@code
 * try (var client = ProbeClient.create(options)) {
 *     SuiteReport report = CheckSuite.standard().run(client, CheckTarget.of("mx1.contoso.test", 25));
 *     System.out.println(report);
 * }
 * }</pre>
 */
public final class CheckSuite {

    private final List<Check> checks;
    private final CheckSettings settings;

    private CheckSuite(List<Check> checks, CheckSettings settings) {
        this.checks = List.copyOf(checks);
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** These checks with the default settings. */
    public static CheckSuite of(Check... checks) {
        return new CheckSuite(List.of(checks), CheckSettings.DEFAULT);
    }

    /** These checks with the default settings. */
    public static CheckSuite of(List<Check> checks) {
        return new CheckSuite(checks, CheckSettings.DEFAULT);
    }

    /** Every built-in check ({@link Checks#all()}) with the default settings. */
    public static CheckSuite standard() {
        return of(Checks.all());
    }

    /**
     * The checks for a submission server ({@link Checks#submission()}) logging in with {@code login}: STARTTLS (or
     * implicit TLS when the client's {@link dev.smtpprobe.TlsOptions#mode()} is {@link dev.smtpprobe.TlsMode#IMPLICIT})
     * and AUTH before the transaction checks.
     *
     * <pre>{@code
     * CheckSuite.submission(Submission.login("alice@contoso.test", password).withSender("alice@contoso.test"))
     *         .run(client, CheckTarget.of("smtp.contoso.test", 587));
     * }</pre>
     */
    public static CheckSuite submission(Submission login) {
        java.util.Objects.requireNonNull(login, "login");
        return new CheckSuite(Checks.submission(), CheckSettings.builder().submission(login).build());
    }

    /** The same checks with these settings. */
    public CheckSuite withSettings(CheckSettings settings) {
        return new CheckSuite(checks, settings);
    }

    /** The same checks and one more. */
    public CheckSuite with(Check check) {
        var list = new ArrayList<>(checks);
        list.add(Objects.requireNonNull(check, "check"));
        return new CheckSuite(list, settings);
    }

    /** The checks, in the order they run. */
    public List<Check> checks() {
        return checks;
    }

    /** The settings the checks get. */
    public CheckSettings settings() {
        return settings;
    }

    /** Runs every check against {@code target}, one after another. */
    public SuiteReport run(ProbeClient client, CheckTarget target) {
        long start = System.nanoTime();
        var findings = new ArrayList<Finding>();
        for (Check check : checks) {
            findings.add(run(check, client, target, settings));
        }
        return new SuiteReport(target, findings, Duration.ofNanos(System.nanoTime() - start));
    }

    /** Runs every check against {@code host:port}. */
    public SuiteReport run(ProbeClient client, String host, int port) {
        return run(client, CheckTarget.of(host, port));
    }

    /**
     * Looks up the MX of {@code domain} with the client's DNS and runs every check against each exchanger's first
     * address on {@code port}, with {@link CheckSettings#mailDomain()} set to the domain (unless set already) and
     * the exchanger's name as the expected banner host (unless set).
     *
     * @throws dev.smtpprobe.DnsLookupException when the MX lookup gets no answer
     */
    public MxReport runAgainstMx(ProbeClient client, String domain, int port) {
        MxResult mx = client.mx(domain);
        var reports = new ArrayList<SuiteReport>();
        for (MxHost host : mx.hosts()) {
            if (!host.isResolvable()) {
                continue;
            }
            var perHost = settings.toBuilder();
            if (settings.mailDomain().isEmpty()) {
                perHost.mailDomain(mx.domain());
            }
            if (settings.expectedHost().isEmpty()) {
                perHost.expectedHost(host.host());
            }
            reports.add(withSettings(perHost.build()).run(client, CheckTarget.of(host, port)));
        }
        return new MxReport(mx, reports);
    }

    /**
     * Runs one check: a {@link ProbeException} it lets through becomes {@link Outcome#COULD_NOT_RUN}, every session
     * it opened is closed politely (RSET if needed, QUIT), and the finding gets the whole transcript.
     */
    public static Finding run(Check check, ProbeClient client, CheckTarget target, CheckSettings settings) {
        var context = new CheckContext(check.name(), client, target, settings);
        Finding finding;
        try {
            finding = check.run(context);
            if (finding == null) {
                finding = context.couldNotRun("the check returned no finding");
            }
        } catch (ProbeException e) {
            finding = context.couldNotRun(firstLine(e.getMessage()), e);
        } catch (RuntimeException e) {
            context.detail("the check itself failed: " + e);
            finding = context.couldNotRun("check failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            context.closeSessions();
        }
        return finding.withTranscript(context.transcript());
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the conversation broke";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }

    @Override
    public String toString() {
        return "CheckSuite" + checks.stream().map(Check::name).toList();
    }
}
