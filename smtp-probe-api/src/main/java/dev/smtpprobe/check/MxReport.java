package dev.smtpprobe.check;

import dev.smtpprobe.MxResult;
import dev.smtpprobe.Printable;
import java.util.List;
import java.util.Objects;

/**
 * A {@link CheckSuite} run against every mail exchanger of a domain: the MX lookup and one report per exchanger
 * address, in preference order.
 *
 * @param mx      what the DNS said (RFC 5321 §5.1, RFC 7505)
 * @param reports one per exchanger that has an address
 */
public record MxReport(MxResult mx, List<SuiteReport> reports) {

    /** Copies the reports. */
    public MxReport {
        Objects.requireNonNull(mx, "mx");
        reports = List.copyOf(reports);
    }

    /**
     * The worst outcome: of the reports, or {@link Outcome#FAIL} when the domain has no exchanger to check (no
     * such domain, no mail host, or only exchangers without address). A null MX is the domain's stated choice, and
     * so {@link Outcome#PASS}.
     */
    public Outcome worst() {
        if (mx.isNullMx()) {
            return Outcome.PASS;
        }
        if (reports.isEmpty()) {
            return Outcome.FAIL;
        }
        return reports.stream().map(SuiteReport::worst).reduce(Outcome.PASS, Outcome::worst);
    }

    /**
     * The MX lookup, one line per exchanger, then every server's report and the domain's verdict; names from the
     * DNS and text from the servers escaped by {@link Printable#text(CharSequence)}.
     */
    @Override
    public String toString() {
        var sb = new StringBuilder(Printable.text(mx.domain())).append(": ").append(mx.kind()).append('\n');
        mx.hosts().forEach(h -> sb.append("  ").append(Printable.text(h.toString())).append('\n'));
        reports.forEach(r -> sb.append(r).append('\n'));
        return sb.append("Domain overall: ").append(worst()).toString();
    }
}
