package dev.smtpprobe.netty.internal;

import io.netty.util.NetUtil;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Does a certificate name the host (RFC 6125 §6)? DNS names match case-insensitively; a wildcard is allowed only
 * as the whole left-most label ({@code *.example.test} matches {@code mx.example.test}, not {@code a.b.example.test}
 * nor {@code example.test}); an address matches only an iPAddress SAN; the subject CN counts only when the
 * certificate has no DNS SAN.
 */
final class HostnameMatcher {

    private HostnameMatcher() {}

    static boolean matches(String host, X509Certificate cert) {
        String lower = host.toLowerCase(Locale.ROOT);
        String name = lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
        if (NetUtil.isValidIpV4Address(name) || NetUtil.isValidIpV6Address(name)) {
            return sans(cert, 7).stream().anyMatch(ip -> sameAddress(ip, host));
        }
        List<String> dns = sans(cert, 2);
        if (dns.isEmpty()) {
            return commonName(cert).map(cn -> matchesPattern(cn, name)).orElse(false);
        }
        return dns.stream().anyMatch(pattern -> matchesPattern(pattern, name));
    }

    static boolean matchesPattern(String pattern, String name) {
        String p = pattern.toLowerCase(Locale.ROOT);
        if (p.endsWith(".")) {
            p = p.substring(0, p.length() - 1);
        }
        if (!p.startsWith("*.")) {
            return p.equals(name);
        }
        String suffix = p.substring(1); // ".example.test"
        if (suffix.indexOf('.', 1) < 0 || p.indexOf('*', 1) >= 0) {
            return false; // "*.test" or a second wildcard: too broad
        }
        int dot = name.indexOf('.');
        return dot > 0 && name.substring(dot).equals(suffix);
    }

    /** SAN values of one type (2 dNSName, 7 iPAddress). */
    static List<String> sans(X509Certificate cert, int type) {
        var out = new ArrayList<String>();
        try {
            var all = cert.getSubjectAlternativeNames();
            if (all != null) {
                for (List<?> san : all) {
                    if ((Integer) san.get(0) == type) {
                        out.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable SAN extension names nothing
        }
        return out;
    }

    /** The last CN of the subject (RFC 2253 form, commas escaped with a backslash). */
    static java.util.Optional<String> commonName(X509Certificate cert) {
        String dn = cert.getSubjectX500Principal().getName(javax.security.auth.x500.X500Principal.RFC2253);
        String cn = null;
        var part = new StringBuilder();
        for (int i = 0; i <= dn.length(); i++) {
            char c = i < dn.length() ? dn.charAt(i) : ',';
            if (c == '\\' && i + 1 < dn.length()) {
                part.append(dn.charAt(++i));
            } else if (c == ',' || c == '+') {
                String rdn = part.toString().trim();
                if (rdn.regionMatches(true, 0, "CN=", 0, 3)) {
                    cn = rdn.substring(3);
                }
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        return java.util.Optional.ofNullable(cn);
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return InetAddress.getByName(a).equals(InetAddress.getByName(b)); // both are literals: no lookup
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
