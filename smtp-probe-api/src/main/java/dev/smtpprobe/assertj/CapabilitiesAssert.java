package dev.smtpprobe.assertj;

import dev.smtpprobe.Capabilities;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Assertions on what a server offers in its EHLO reply, its {@link Capabilities} (RFC 5321 §4.1.1.1): service
 * extension keywords (case-insensitive), the SIZE limit (RFC 1870) and the AUTH mechanisms (RFC 4954). Every
 * failure lists what the server did offer. Reached from {@link HelloAssert#capabilities()} (failures then show the
 * session transcript too) or {@link SmtpAssertions#assertThat(Capabilities)}.
 *
 * <pre>{@code
 * assertThat(hello).capabilities().supportsStartTls().supportsPipelining().doesNotOfferAuth("PLAIN", "LOGIN");
 * }</pre>
 */
public class CapabilitiesAssert extends AbstractSmtpAssert<CapabilitiesAssert, Capabilities> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(Capabilities)}. */
    public CapabilitiesAssert(Capabilities actual) {
        super(actual, CapabilitiesAssert.class);
    }

    private CapabilitiesAssert check(String expectation, Predicate<Capabilities> test) {
        if (checkable() && !test.test(actual)) {
            throw failure(FailureMessage.expecting("the EHLO capabilities", expectation).but("the server offered:", offered()));
        }
        return myself;
    }

    private List<String> offered() {
        if (actual.keywords().isEmpty()) {
            return List.of(actual.greeting().isEmpty() ? "nothing (HELO, or a refused EHLO)" : actual.greeting(),
                    "(no extension)");
        }
        return actual.toString().lines().toList();
    }

    /** The server listed the extension keyword, e.g. {@code "STARTTLS"}, {@code "DSN"} (case-insensitive). */
    public CapabilitiesAssert supports(String keyword) {
        return check("to list " + upper(keyword), c -> c.supports(keyword));
    }

    /** The server did not list the extension keyword (case-insensitive). */
    public CapabilitiesAssert doesNotSupport(String keyword) {
        return check("not to list " + upper(keyword), c -> !c.supports(keyword));
    }

    /** {@code PIPELINING}: commands may be sent in batches (RFC 2920). */
    public CapabilitiesAssert supportsPipelining() {
        return check("to list PIPELINING (RFC 2920)", Capabilities::supportsPipelining);
    }

    /** {@code STARTTLS}: the session can be upgraded to TLS (RFC 3207). */
    public CapabilitiesAssert supportsStartTls() {
        return check("to list STARTTLS (RFC 3207)", Capabilities::supportsStartTls);
    }

    /** {@code 8BITMIME}: 8-bit message bodies (RFC 6152). */
    public CapabilitiesAssert supports8BitMime() {
        return check("to list 8BITMIME (RFC 6152)", Capabilities::supports8BitMime);
    }

    /** {@code BINARYMIME}: binary message bodies, sent with BDAT (RFC 3030). */
    public CapabilitiesAssert supportsBinaryMime() {
        return check("to list BINARYMIME (RFC 3030)", Capabilities::supportsBinaryMime);
    }

    /** {@code CHUNKING}: messages may be sent with BDAT (RFC 3030). */
    public CapabilitiesAssert supportsChunking() {
        return check("to list CHUNKING (RFC 3030)", Capabilities::supportsChunking);
    }

    /** {@code DSN}: delivery status notifications on request (RFC 3461). */
    public CapabilitiesAssert supportsDsn() {
        return check("to list DSN (RFC 3461)", Capabilities::supportsDsn);
    }

    /** {@code SMTPUTF8}: internationalised addresses and headers (RFC 6531). */
    public CapabilitiesAssert supportsSmtpUtf8() {
        return check("to list SMTPUTF8 (RFC 6531)", Capabilities::supportsSmtpUtf8);
    }

    /** {@code ENHANCEDSTATUSCODES}: replies carry RFC 3463 codes (RFC 2034). */
    public CapabilitiesAssert supportsEnhancedStatusCodes() {
        return check("to list ENHANCEDSTATUSCODES (RFC 2034)", Capabilities::supportsEnhancedStatusCodes);
    }

    /** {@code PRDR}: per-recipient replies to the message (draft-hall-prdr-00). */
    public CapabilitiesAssert supportsPrdr() {
        return check("to list PRDR (draft-hall-prdr-00)", Capabilities::supportsPrdr);
    }

    /** {@code REQUIRETLS}: the server honours messages that must travel over TLS only (RFC 8689). */
    public CapabilitiesAssert supportsRequireTls() {
        return check("to list REQUIRETLS (RFC 8689)", Capabilities::supportsRequireTls);
    }

    /** {@code ETRN}: remote queue starting (RFC 1985). */
    public CapabilitiesAssert supportsEtrn() {
        return check("to list ETRN (RFC 1985)", Capabilities::supportsEtrn);
    }

    /** {@code SIZE} announces exactly this maximum message size in bytes (RFC 1870; {@code 0} means no fixed limit). */
    public CapabilitiesAssert hasMaxSize(long bytes) {
        return check("to announce SIZE " + bytes + " (RFC 1870)", c -> sizeIs(c.size(), s -> s == bytes));
    }

    /** {@code SIZE} announces a limit of at least {@code bytes}, or {@code 0} (no fixed limit, RFC 1870 §4). */
    public CapabilitiesAssert hasMaxSizeAtLeast(long bytes) {
        return check("to announce a SIZE of at least " + bytes + ", or 0 for no fixed limit (RFC 1870)",
                c -> sizeIs(c.size(), s -> s == 0 || s >= bytes));
    }

    private static boolean sizeIs(OptionalLong size, java.util.function.LongPredicate test) {
        return size.isPresent() && test.test(size.getAsLong());
    }

    /** {@code AUTH} lists every one of these SASL mechanisms, e.g. {@code "LOGIN"}, {@code "PLAIN"} (RFC 4954 §3). */
    public CapabilitiesAssert offersAuth(String... mechanisms) {
        List<String> wanted = upper(mechanisms);
        return check("to offer AUTH " + String.join(" ", wanted) + " (RFC 4954)",
                c -> c.authMechanisms().containsAll(wanted));
    }

    /**
     * {@code AUTH} lists none of these mechanisms, e.g. {@code doesNotOfferAuth("PLAIN", "LOGIN")} before STARTTLS:
     * a server should not invite passwords in plaintext (RFC 4954 §4).
     */
    public CapabilitiesAssert doesNotOfferAuth(String... mechanisms) {
        List<String> unwanted = upper(mechanisms);
        return check("to offer none of AUTH " + String.join(" ", unwanted) + " (RFC 4954)", c -> {
            Set<String> offered = c.authMechanisms();
            return unwanted.stream().noneMatch(offered::contains);
        });
    }

    /** No {@code AUTH} mechanism is offered at all. */
    public CapabilitiesAssert offersNoAuth() {
        return check("to offer no AUTH mechanism", c -> c.authMechanisms().isEmpty());
    }

    /** The EHLO reply's first word, the name the server gives itself, is {@code name} (RFC 5321 §4.1.1.1). */
    public CapabilitiesAssert hasServerName(String name) {
        return check("to name the server " + name, c -> c.serverName().equals(name));
    }

    private static String upper(String keyword) {
        return keyword.toUpperCase(Locale.ROOT);
    }

    private static List<String> upper(String... values) {
        return java.util.Arrays.stream(values).map(CapabilitiesAssert::upper).toList();
    }
}
