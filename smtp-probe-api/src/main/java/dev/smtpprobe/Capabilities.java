package dev.smtpprobe;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a server offers in its reply to {@code EHLO} (RFC 5321 §4.1.1.1): the name it greets with, the client
 * address it saw (when it says, e.g. {@code Hello [4.3.2.1]}) and every service extension keyword with its
 * parameters, unknown keywords included.
 *
 * <p>Keywords are case-insensitive (RFC 5321 §2.4) and stored in upper case, in the server's order. The obsolete
 * {@code AUTH=LOGIN PLAIN} form some servers still send is folded into {@code AUTH}.
 *
 * @param greeting   the first line of the EHLO reply (the server's name and greeting text)
 * @param extensions keyword (upper case) to its parameters, in the order the server listed them
 */
public record Capabilities(String greeting, Map<String, List<String>> extensions) {

    /** What a server offers after {@code HELO} or before any EHLO: nothing. */
    public static final Capabilities NONE = new Capabilities("", Map.of());

    private static final Pattern ADDRESS_LITERAL = Pattern.compile("\\[([0-9A-Fa-f:.]+|IPv6:[0-9A-Fa-f:.]+)]");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\b(\\d{1,3}(?:\\.\\d{1,3}){3})\\b");

    /** Copies the map, keeping its order. */
    public Capabilities {
        var copy = new LinkedHashMap<String, List<String>>();
        extensions.forEach((k, v) -> copy.put(k.toUpperCase(Locale.ROOT), List.copyOf(v)));
        extensions = Collections.unmodifiableMap(copy);
    }

    /** Reads the capabilities from a positive EHLO reply; a negative reply offers nothing. */
    public static Capabilities fromEhlo(Reply ehloReply) {
        if (!ehloReply.isPositive()) {
            return NONE;
        }
        var map = new LinkedHashMap<String, List<String>>();
        List<String> lines = ehloReply.lines();
        for (int l = 1; l < lines.size(); l++) {
            List<String> words = words(lines.get(l));
            if (words.isEmpty()) {
                continue;
            }
            String keyword = words.get(0).toUpperCase(Locale.ROOT);
            List<String> params = words.subList(1, words.size());
            if (keyword.startsWith("AUTH=")) { // obsolete form: "AUTH=LOGIN PLAIN"
                var all = new ArrayList<String>(words.size());
                all.add(words.get(0).substring(5));
                all.addAll(params);
                params = all;
                keyword = "AUTH";
            }
            map.merge(keyword, List.copyOf(params), Capabilities::union);
        }
        return new Capabilities(lines.get(0), map);
    }

    /**
     * The words of an ehlo-line (RFC 5321 §4.1.1.1: {@code ehlo-keyword *( SP ehlo-param )}): split on runs of SP
     * or HT, which are also skipped at both ends; no regular expression, since this runs for every EHLO line.
     */
    static List<String> words(String line) {
        var words = new ArrayList<String>(4);
        int n = line.length();
        int i = 0;
        while (i < n) {
            while (i < n && separator(line.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !separator(line.charAt(i))) {
                i++;
            }
            if (i > start) {
                words.add(line.substring(start, i));
            }
        }
        return words;
    }

    private static boolean separator(char c) {
        return c == ' ' || c == '\t';
    }

    private static List<String> union(List<String> a, List<String> b) {
        var set = new LinkedHashSet<>(a);
        set.addAll(b);
        return List.copyOf(set);
    }

    /** The name the server gave for itself: the first word of the EHLO greeting line (RFC 5321 §4.1.1.1). */
    public String serverName() {
        String trimmed = greeting.trim();
        int space = trimmed.indexOf(' ');
        return space < 0 ? trimmed : trimmed.substring(0, space);
    }

    /**
     * The client address the server says it saw, when its greeting names one: an address literal such as
     * {@code [4.3.2.1]} (Exchange: {@code Hello [4.3.2.1]}) or a bare dotted quad; empty otherwise.
     */
    public Optional<String> clientAddress() {
        // the first word is the server's own name (it may be an address literal): look after it
        String trimmed = greeting.trim();
        int space = trimmed.indexOf(' ');
        String rest = space < 0 ? "" : trimmed.substring(space);
        var literal = ADDRESS_LITERAL.matcher(rest);
        if (literal.find()) {
            return Optional.of(literal.group(1));
        }
        var quad = DOTTED_QUAD.matcher(rest);
        return quad.find() ? Optional.of(quad.group(1)) : Optional.empty();
    }

    /** The keywords, upper case, in the server's order. */
    public Set<String> keywords() {
        return extensions.keySet();
    }

    /** Whether the server listed the keyword (case-insensitive). */
    public boolean supports(String keyword) {
        return extensions.containsKey(keyword.toUpperCase(Locale.ROOT));
    }

    /** The parameters of a keyword, when the server listed it. */
    public Optional<List<String>> parameters(String keyword) {
        return Optional.ofNullable(extensions.get(keyword.toUpperCase(Locale.ROOT)));
    }

    /**
     * The maximum message size of {@code SIZE} (RFC 1870 §4), when advertised with a number; {@code 0} means the
     * server announced no fixed limit.
     */
    public OptionalLong size() {
        return parameters("SIZE").filter(p -> !p.isEmpty()).flatMap(p -> parseLong(p.get(0)))
                .map(OptionalLong::of).orElse(OptionalLong.empty());
    }

    private static Optional<Long> parseLong(String s) {
        if (!s.chars().allMatch(c -> c >= '0' && c <= '9')) { // RFC 1870: digits only, no sign
            return Optional.empty();
        }
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The SASL mechanisms of {@code AUTH} (RFC 4954 §3), upper case, in the server's order; empty if none. */
    public Set<String> authMechanisms() {
        var set = new LinkedHashSet<String>();
        parameters("AUTH").ifPresent(p -> p.forEach(m -> set.add(m.toUpperCase(Locale.ROOT))));
        return Collections.unmodifiableSet(set);
    }

    /**
     * The attribute names of Postfix's {@code XCLIENT} (XCLIENT_README), upper case, in the server's order; empty if
     * the server does not offer XCLIENT to this client (it lists it only to clients it authorizes).
     */
    public Set<String> xclientAttributes() {
        return upperCase("XCLIENT");
    }

    /** The attribute names of Postfix's {@code XFORWARD} (XFORWARD_README), upper case; empty if not offered. */
    public Set<String> xforwardAttributes() {
        return upperCase("XFORWARD");
    }

    private Set<String> upperCase(String keyword) {
        var set = new LinkedHashSet<String>();
        parameters(keyword).ifPresent(p -> p.forEach(m -> set.add(m.toUpperCase(Locale.ROOT))));
        return Collections.unmodifiableSet(set);
    }

    /** {@code PIPELINING} (RFC 2920). */
    public boolean supportsPipelining() {
        return supports("PIPELINING");
    }

    /** {@code STARTTLS} (RFC 3207). */
    public boolean supportsStartTls() {
        return supports("STARTTLS");
    }

    /** {@code 8BITMIME} (RFC 6152). */
    public boolean supports8BitMime() {
        return supports("8BITMIME");
    }

    /** {@code BINARYMIME} (RFC 3030). */
    public boolean supportsBinaryMime() {
        return supports("BINARYMIME");
    }

    /** {@code CHUNKING} (RFC 3030). */
    public boolean supportsChunking() {
        return supports("CHUNKING");
    }

    /** {@code DSN} (RFC 3461). */
    public boolean supportsDsn() {
        return supports("DSN");
    }

    /** {@code SMTPUTF8} (RFC 6531). */
    public boolean supportsSmtpUtf8() {
        return supports("SMTPUTF8");
    }

    /** {@code ENHANCEDSTATUSCODES} (RFC 2034). */
    public boolean supportsEnhancedStatusCodes() {
        return supports("ENHANCEDSTATUSCODES");
    }

    /** PRDR: per-recipient replies to the end of a message (draft-hall-prdr-00); see {@link MailParameters.Builder#prdr()}. */
    public boolean supportsPrdr() {
        return supports("PRDR");
    }

    /** REQUIRETLS: the message must only travel over TLS (RFC 8689 §3); see {@link MailParameters.Builder#requireTls()}. */
    public boolean supportsRequireTls() {
        return supports("REQUIRETLS");
    }

    /** ETRN: remote queue starting (RFC 1985); see {@link Hello#etrn(String)}. */
    public boolean supportsEtrn() {
        return supports("ETRN");
    }

    /** The keywords and their parameters, one per line, as the server listed them; control characters escaped. */
    @Override
    public String toString() {
        var out = new StringBuilder(Printable.text(greeting));
        extensions.forEach((k, v) -> out.append('\n').append(Printable.text(k + (v.isEmpty() ? "" : " " + String.join(" ", v)))));
        return out.toString();
    }
}
