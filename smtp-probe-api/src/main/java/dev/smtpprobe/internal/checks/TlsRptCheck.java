package dev.smtpprobe.internal.checks;

import dev.smtpprobe.DnsRecords;
import dev.smtpprobe.check.Check;
import dev.smtpprobe.check.CheckContext;
import dev.smtpprobe.check.Finding;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * SMTP TLS reporting (RFC 8460): the {@code _smtp._tls.<mail domain>} TXT record (§3): exactly one record starting
 * {@code v=TLSRPTv1}, whose {@code rua} lists where senders send their reports, each a {@code mailto:} address or an
 * {@code https:} URI. None — PASS (TLS-RPT is optional; a domain with MTA-STS or DANE gains from it); several, or
 * malformed — FAIL (senders then send no reports, §3).
 */
public final class TlsRptCheck implements Check {

    @Override
    public String name() {
        return "tls-rpt";
    }

    @Override
    public Finding run(CheckContext ctx) {
        if (ctx.settings().mailDomain().isEmpty()) {
            return ctx.couldNotRun("TLS-RPT is a record of the mail domain: give the mail domain (or check the"
                    + " domain's MX)");
        }
        String recordName = "_smtp._tls." + ctx.settings().mailDomain().get();
        DnsRecords<String> txt = ctx.time("TXT lookup", () -> ctx.client().txt(recordName));
        List<String> rpt = txt.records().stream().filter(t -> t.startsWith("v=TLSRPTv1")).toList();
        if (rpt.isEmpty()) {
            ctx.detail(recordName + ": " + (txt.status() == DnsRecords.Status.NO_SUCH_NAME ? "no such name"
                    : txt.records().size() + " TXT record(s), none starting v=TLSRPTv1"));
            return ctx.pass("no TLS-RPT record at " + recordName + ": senders send no TLS failure reports");
        }
        rpt.forEach(t -> ctx.detail(recordName + " TXT \"" + t + "\""));
        if (rpt.size() > 1) {
            return ctx.fail(rpt.size() + " v=TLSRPTv1 records at " + recordName + ": senders send no reports"
                    + " (RFC 8460 §3)");
        }
        TagList record = TagList.parse(rpt.get(0), "TLSRPTv1");
        if (record.error().isPresent()) {
            return ctx.fail("malformed TLS-RPT record: " + record.error().get() + " (RFC 8460 §3)");
        }
        Optional<String> rua = record.get("rua");
        if (rua.isEmpty() || rua.get().isBlank()) {
            return ctx.fail("TLS-RPT record without rua: senders do not know where to report (RFC 8460 §3)");
        }
        var bad = new ArrayList<String>();
        var good = new ArrayList<String>();
        for (String part : rua.get().split(",")) {
            String uri = part.strip();
            (isReportUri(uri) ? good : bad).add(uri);
        }
        if (!bad.isEmpty()) {
            return ctx.fail("TLS-RPT rua " + bad + " not a mailto: address or https: URI (RFC 8460 §3)");
        }
        return ctx.pass("TLS-RPT reports go to " + String.join(", ", good));
    }

    static boolean isReportUri(String text) {
        try {
            URI uri = new URI(text);
            if ("mailto".equalsIgnoreCase(uri.getScheme())) {
                String address = uri.getSchemeSpecificPart();
                return address.matches("[^@\\s,;]+@[A-Za-z0-9.-]+\\.[A-Za-z0-9-]+");
            }
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
