package dev.smtpprobe.examples.cli;

import dev.smtpprobe.ProxyHeader;
import dev.smtpprobe.XClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** {@code --xclient} and {@code --proxy*} as the library's values; a usage error names the option. */
final class ClientIdentity {

    private ClientIdentity() {}

    /** The XCLIENT attributes of every {@code --xclient ATTR=VALUE}; empty when none was given. */
    static Optional<XClient> xclient(List<String> options) {
        if (options.isEmpty()) {
            return Optional.empty();
        }
        var b = XClient.builder();
        for (String option : options) {
            int eq = option.indexOf('=');
            if (eq <= 0 || eq == option.length() - 1) {
                throw new PlanBuilder.UsageError("--xclient " + option + ": expected ATTR=VALUE, e.g. ADDR=192.0.2.25");
            }
            String name = option.substring(0, eq).trim().toUpperCase(Locale.ROOT);
            String value = option.substring(eq + 1);
            XClient.Attribute attribute;
            try {
                attribute = XClient.Attribute.valueOf(name);
            } catch (IllegalArgumentException e) {
                throw new PlanBuilder.UsageError("--xclient " + option + ": unknown attribute " + name + " (one of "
                        + List.of(XClient.Attribute.values()) + ")");
            }
            if ((attribute == XClient.Attribute.ADDR || attribute == XClient.Attribute.DESTADDR) && value.contains(":")
                    && !value.regionMatches(true, 0, "IPV6:", 0, 5)) {
                value = "IPV6:" + value; // Postfix's form of an IPv6 address
            }
            b.set(attribute, value);
        }
        return Optional.of(b.build());
    }

    /** The PROXY header of {@code --proxy}, {@code --proxy-source} and {@code --proxy-destination}. */
    static Optional<ProxyHeader> proxy(CliOptions.Identity o) {
        if (o.proxy == null) {
            if (o.proxySource != null || o.proxyDestination != null) {
                throw new PlanBuilder.UsageError("--proxy-source and --proxy-destination need --proxy v1|v2");
            }
            return Optional.empty();
        }
        ProxyHeader.Version version = switch (o.proxy.toLowerCase(Locale.ROOT)) {
            case "v1", "1" -> ProxyHeader.Version.V1;
            case "v2", "2" -> ProxyHeader.Version.V2;
            default -> throw new PlanBuilder.UsageError("--proxy " + o.proxy + ": expected v1 or v2");
        };
        if (o.proxySource == null) {
            throw new PlanBuilder.UsageError("--proxy " + o.proxy + " needs --proxy-source ADDR:PORT (the client it claims)");
        }
        InetSocketAddress source = address("--proxy-source", o.proxySource);
        try {
            return Optional.of(o.proxyDestination == null ? ProxyHeader.of(version, source)
                    : ProxyHeader.of(version, source, address("--proxy-destination", o.proxyDestination)));
        } catch (IllegalArgumentException e) {
            throw new PlanBuilder.UsageError("--proxy: " + e.getMessage());
        }
    }

    /** {@code 192.0.2.1:4711} or {@code [2001:db8::1]:4711}, an IP literal (never resolved). */
    static InetSocketAddress address(String option, String text) {
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new PlanBuilder.UsageError(option + " " + text + ": expected [IPV6]:PORT");
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon <= 0 || text.indexOf(':') != colon) {
                throw new PlanBuilder.UsageError(option + " " + text + ": expected ADDR:PORT or [IPV6]:PORT");
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
        }
        boolean literal = host.contains(":") ? host.matches("[0-9A-Fa-f:.]+") : host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            p = -1;
        }
        if (!literal || p < 0 || p > 65535) {
            throw new PlanBuilder.UsageError(option + " " + text + ": expected an IP address and a port 0-65535");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), p); // a literal: no lookup
        } catch (UnknownHostException e) {
            throw new PlanBuilder.UsageError(option + " " + text + ": " + e.getMessage());
        }
    }
}
