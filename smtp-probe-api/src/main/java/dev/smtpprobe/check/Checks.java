package dev.smtpprobe.check;

import dev.smtpprobe.internal.checks.AuthExposureCheck;
import dev.smtpprobe.internal.checks.BannerCheck;
import dev.smtpprobe.internal.checks.DaneCheck;
import dev.smtpprobe.internal.checks.EhloCheck;
import dev.smtpprobe.internal.checks.OpenRelayCheck;
import dev.smtpprobe.internal.checks.PostmasterCheck;
import dev.smtpprobe.internal.checks.ReachabilityCheck;
import dev.smtpprobe.internal.checks.StartTlsCheck;
import dev.smtpprobe.internal.checks.TimingCheck;
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
     * {@code dane}: DANE for SMTP (RFC 7672). The TLSA records of {@code _<port>._tcp.<MX host>} (the target's name,
     * or {@link CheckSettings#expectedHost()} for an address) through the client's resolver with the DO bit, trusted
     * only with the AD bit, matched against the chain presented after STARTTLS (usage 2 DANE-TA and 3 DANE-EE,
     * selector 0/1, matching type 0/1/2). No TLSA records: PASS (DANE is optional); records without the AD bit:
     * WARN (senders ignore them; use a validating resolver you trust); SERVFAIL: FAIL (senders defer mail); no
     * usable record: WARN; STARTTLS missing or no usable record matching the chain: FAIL; a match: PASS.
     */
    public static Check dane() {
        return new DaneCheck();
    }

    /**
     * The transport-security checks of a mail domain: {@link #dane()}.
     * They ask the DNS (and the MTA-STS policy host over HTTPS) besides the server, so they are not in
     * {@link #all()}: add them with {@code CheckSuite.of(Checks.transportSecurity())} or one by one with
     * {@link CheckSuite#with(Check)}.
     */
    public static List<Check> transportSecurity() {
        return List.of(dane());
    }

    /** Every built-in check, in the order a person would run them. */
    public static List<Check> all() {
        return List.of(reachability(), banner(), ehlo(), startTls(), authExposure(), openRelay(), vrfyExpn(),
                postmasterAndAbuse(), timing());
    }
}
