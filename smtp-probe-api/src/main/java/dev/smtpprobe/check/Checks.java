package dev.smtpprobe.check;

import dev.smtpprobe.internal.checks.AuthExposureCheck;
import dev.smtpprobe.internal.checks.BannerCheck;
import dev.smtpprobe.internal.checks.EhloCheck;
import dev.smtpprobe.internal.checks.EsmtpFactsCheck;
import dev.smtpprobe.internal.checks.OpenRelayCheck;
import dev.smtpprobe.internal.checks.PostmasterCheck;
import dev.smtpprobe.internal.checks.ReachabilityCheck;
import dev.smtpprobe.internal.checks.StartTlsCheck;
import dev.smtpprobe.internal.checks.TimingCheck;
import dev.smtpprobe.internal.checks.TlsQualityCheck;
import dev.smtpprobe.internal.checks.VrfyExpnCheck;
import java.util.List;

/**
 * The built-in checks — the list a mail administrator runs by hand with telnet, and online tools run for a domain.
 * Each opens its own connection(s), never sends DATA, and ends with RSET (where a transaction is open) and QUIT.
 */
public final class Checks {

    private Checks() {}

    /** {@code reachability}: connected, refused, timed out, unresolvable or unreachable; connect and greeting time. */
    public static Check reachability() {
        return new ReachabilityCheck();
    }

    /**
     * {@code banner}: a 220 that names the host, compared with {@link CheckSettings#expectedHost()} and the reverse
     * DNS of the address; warns on internal-looking names and on software version disclosure.
     */
    public static Check banner() {
        return new BannerCheck();
    }

    /** {@code ehlo}: EHLO accepted with its extensions, or the HELO fallback. */
    public static Check ehlo() {
        return new EhloCheck();
    }

    /**
     * {@code open-relay}: foreign sender to foreign recipient in five address forms (plain, quoted local part,
     * {@code %} hack, bang path, source route); passes when every attempt is refused. Never sends DATA.
     */
    public static Check openRelay() {
        return new OpenRelayCheck();
    }

    /**
     * {@code starttls}: offered, handshake, certificate trusted (by the client's trust options), names the host,
     * days to expiry (warns under {@link CheckSettings#certificateExpiryWarning()}), protocol at least TLS 1.2.
     */
    public static Check startTls() {
        return new StartTlsCheck();
    }

    /** {@code auth-exposure}: AUTH mechanisms offered before TLS; warns for PLAIN/LOGIN in clear text. */
    public static Check authExposure() {
        return new AuthExposureCheck();
    }

    /** {@code vrfy-expn}: whether VRFY and EXPN disclose mailboxes and list members. */
    public static Check vrfyExpn() {
        return new VrfyExpnCheck();
    }

    /** {@code postmaster-abuse}: postmaster (RFC 5321 §4.5.1) and abuse (RFC 2142) accepted as recipients. */
    public static Check postmasterAndAbuse() {
        return new PostmasterCheck();
    }

    /** {@code timing}: greeting delay (tarpitting) and per-command latency. */
    public static Check timing() {
        return new TimingCheck();
    }

    /**
     * {@code esmtp-facts}: SIZE (RFC 1870), PIPELINING, CHUNKING, 8BITMIME, SMTPUTF8, DSN and ENHANCEDSTATUSCODES as
     * facts with the EHLO line that shows each; warns when SIZE, PIPELINING or 8BITMIME is missing, and when an
     * announced SIZE limit is not enforced at MAIL ({@code MAIL FROM:<> SIZE=limit+1} accepted).
     * Never sends DATA.
     */
    public static Check esmtpFacts() {
        return new EsmtpFactsCheck();
    }

    /**
     * {@code tls-quality}: the TLS protocol versions the server accepts, each tried on its own connection (TLS 1.0
     * or 1.1 accepted warns, RFC 8996; one the JVM cannot offer is reported as not tested), and the certificate
     * chain: expired or not yet valid fails, expiry within {@link CheckSettings#certificateExpiryWarning()} warns,
     * untrusted, self-signed or not naming the MX host name fails, a chain out of order warns.
     */
    public static Check tlsQuality() {
        return new TlsQualityCheck();
    }

    /** Every built-in check, in the order a person would run them. */
    public static List<Check> all() {
        return List.of(reachability(), banner(), ehlo(), startTls(), authExposure(), openRelay(), vrfyExpn(),
                postmasterAndAbuse(), timing(), esmtpFacts(), tlsQuality());
    }
}
