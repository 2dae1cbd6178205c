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

    /** A known MTA name followed (within a few characters) by a version number. */
    private static final Pattern PRODUCT_VERSION = Pattern.compile("(?i)\\b(postfix|exim|sendmail|qmail|opensmtpd"
            + "|haraka|zimbra|mdaemon|hmailserver|kerio|communigate|ironport|courier|james|icewarp|axigen|mercury"
            + "|xmail|exchange|microsoft esmtp mail service|smtpd|mailenable|smartermail|subethasmtp)"
            + "[^0-9\\r\\n]{0,24}?v?(\\d+(?:\\.\\d+)+)");
    /** {@code Version: 8.5.9600.16384}, as Microsoft's SMTP service writes it. */
    private static final Pattern VERSION_WORD = Pattern.compile("(?i)\\bversion:?\\s*v?(\\d+(?:\\.\\d+)+)");

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
        return v.find() ? Optional.of("version " + v.group(1)) : Optional.empty();
    }
}
