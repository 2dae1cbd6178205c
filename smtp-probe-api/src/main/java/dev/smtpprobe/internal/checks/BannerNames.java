package dev.smtpprobe.internal.checks;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What a greeting's host name and text give away: internal-looking names, software versions. */
final class BannerNames {

    /** Suffixes of names that only mean something inside a network (RFC 6762 .local, RFC 8375 home.arpa, ...). */
    private static final List<String> INTERNAL_SUFFIXES = List.of(".local", ".lan", ".internal", ".localdomain",
            ".home", ".corp", ".intranet", ".private", ".localhost", ".home.arpa", ".intra");

    /**
     * A known MTA name followed (within a few characters) by a version number; the name as a word of its own, not
     * the label of a host name such as {@code exim.probe.test}.
     */
    private static final Pattern PRODUCT_VERSION = Pattern.compile("(?i)\\b(postfix|exim|sendmail|qmail|opensmtpd"
            + "|haraka|zimbra|mdaemon|hmailserver|kerio|communigate|ironport|courier|james|icewarp|axigen|mercury"
            + "|xmail|exchange|microsoft esmtp mail service|smtpd|mailenable|smartermail|subethasmtp)"
            + "(?![\\w.\\-])[^0-9\\r\\n]{0,24}?v?(\\d+(?:\\.\\d+)+)");
    /** {@code Version: 8.5.9600.16384}, as Microsoft's SMTP service writes it. */
    private static final Pattern VERSION_WORD = Pattern.compile("(?i)\\bversion:?\\s*v?(\\d+(?:\\.\\d+)+)");

    /**
     * Any version-like token: {@code 1.4.3}, {@code v2.1.3}, {@code 8.5.9600.16384}, standing alone (not part of a
     * host name such as {@code mx1.2go.test}, a time, or a longer number).
     */
    private static final Pattern VERSION_TOKEN = Pattern.compile(
            "(?<![\\w.:/@\\-])[vV]?(\\d{1,5}(?:\\.\\d{1,6}){1,3})(?![\\w:@\\-]|\\.\\w)");
    /** Up to two words before a version token: the product's name, e.g. {@code Python SMTP}. */
    private static final Pattern WORDS_BEFORE = Pattern.compile("(?:[\\p{L}][\\w/+\\-]*\\s+){0,2}$");
    /** An enhanced status code at the start of the text (RFC 3463), e.g. {@code 2.0.0}: not a version. */
    private static final Pattern ENHANCED_STATUS = Pattern.compile("[245]\\.\\d{1,3}\\.\\d{1,3}");

    private BannerNames() {}

    /** Why {@code host} looks like a name from inside a network, or empty when it looks public. */
    static Optional<String> internalLooking(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.equals("localhost")) {
            return Optional.of("localhost");
        }
        if (h.startsWith("[")) {
            return h.matches("\\[(10\\.|127\\.|192\\.168\\.|172\\.(1[6-9]|2\\d|3[01])\\.).*")
                    ? Optional.of("a private address literal") : Optional.empty();
        }
        if (!h.contains(".")) {
            return Optional.of("a single-label name");
        }
        for (String suffix : INTERNAL_SUFFIXES) {
            if (h.endsWith(suffix)) {
                return Optional.of("an internal name (" + suffix + ")");
            }
        }
        return Optional.empty();
    }

    /** The software and version the text discloses, e.g. {@code Exim 4.96}; empty when none. */
    static Optional<String> versionDisclosed(String text) {
        Matcher m = PRODUCT_VERSION.matcher(text);
        if (m.find()) {
            return Optional.of(m.group(1) + " " + m.group(2));
        }
        Matcher v = VERSION_WORD.matcher(text);
        if (v.find()) {
            return Optional.of("version " + v.group(1));
        }
        return genericVersion(text);
    }

    /**
     * A version-like token with the words before it ({@code Python SMTP 1.4.3}, {@code GreenMail SMTP Service
     * v2.1.3}) for software no list names; IPv4 addresses and a leading enhanced status code are not versions.
     */
    static Optional<String> genericVersion(String text) {
        Matcher m = VERSION_TOKEN.matcher(text);
        while (m.find()) {
            String token = m.group(1);
            if (isIpv4(token) || (m.start() == 0 && ENHANCED_STATUS.matcher(token).matches())) {
                continue;
            }
            Matcher words = WORDS_BEFORE.matcher(text.substring(0, m.start()));
            String before = words.find() ? words.group().trim() : "";
            return Optional.of((before.isEmpty() ? "" : before + " ") + m.group());
        }
        return Optional.empty();
    }

    private static boolean isIpv4(String token) {
        String[] parts = token.split("\\.");
        if (parts.length != 4) {
            return false;
        }
        for (String p : parts) {
            if (p.length() > 3 || Integer.parseInt(p) > 255) {
                return false;
            }
        }
        return true;
    }

    /**
     * Why the reverse DNS of {@code address} says nothing about the server's public name: a loopback, private
     * (RFC 1918, RFC 4193), shared (RFC 6598), or link-local address is not the one the world connects to; empty for
     * a public address.
     */
    static Optional<String> notPublic(java.net.InetAddress address) {
        if (address.isLoopbackAddress()) {
            return Optional.of("a loopback address");
        }
        if (address.isLinkLocalAddress()) {
            return Optional.of("a link-local address");
        }
        if (address.isSiteLocalAddress()) {
            return Optional.of("a private address (RFC 1918)");
        }
        byte[] b = address.getAddress();
        if (b.length == 16 && (b[0] & 0xfe) == 0xfc) {
            return Optional.of("a unique local address (RFC 4193)");
        }
        if (b.length == 4 && (b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
            return Optional.of("a shared address (RFC 6598, carrier-grade NAT)");
        }
        return Optional.empty();
    }
}
