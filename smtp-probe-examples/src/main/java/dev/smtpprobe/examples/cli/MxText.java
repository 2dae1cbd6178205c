package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An MX lookup in words, one line per exchanger as {@code dig MX} users read it — preference, host, addresses — and
 * what the answer means when it names no exchanger (RFC 5321 section 5.1, RFC 7505).
 */
final class MxText {

    private MxText() {}

    /** The lines, without the {@code ===} prefix. */
    static List<String> lines(MxResult mx) {
        var lines = new ArrayList<String>();
        String head = "MX of " + mx.domain() + " (" + mx.elapsed().toMillis() + " ms): ";
        switch (mx.kind()) {
            case MX -> lines.add(head + mx.hosts().size() + (mx.hosts().size() == 1 ? " exchanger" : " exchangers"));
            case IMPLICIT -> lines.add(head + "no MX records; mail goes to the domain's own address (implicit MX,"
                    + " RFC 5321 section 5.1)");
            case NULL_MX -> lines.add(head + "a null MX (RFC 7505): the domain accepts no mail");
            case NO_MAIL_HOST -> lines.add(head + "the domain exists but has neither MX nor address records: mail to"
                    + " it cannot be delivered");
            case NO_SUCH_DOMAIN -> lines.add(head + "no such domain (NXDOMAIN)");
        }
        for (MxHost host : mx.hosts()) {
            lines.add("  " + host.preference() + " " + host.host() + "  " + (host.isResolvable()
                    ? String.join(", ", host.addresses().stream().map(InetAddress::getHostAddress).toList())
                    : "(no address: a sender skips it)"));
        }
        return lines;
    }

    /** Why there is no exchanger to talk to, or empty when there is one. */
    static java.util.Optional<String> noExchanger(MxResult mx) {
        if (mx.acceptsMail()) {
            return java.util.Optional.empty();
        }
        String d = mx.domain();
        return java.util.Optional.of(switch (mx.kind()) {
            case NULL_MX -> d + " has a null MX (RFC 7505): it accepts no mail";
            case NO_SUCH_DOMAIN -> d + " does not exist (NXDOMAIN)";
            case NO_MAIL_HOST -> d + " has neither MX nor address records";
            case MX, IMPLICIT -> "no exchanger of " + d + " has an address";
        });
    }
}
