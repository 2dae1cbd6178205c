package dev.smtpprobe.check;

import dev.smtpprobe.internal.checks.AuthExposureCheck;
import dev.smtpprobe.internal.checks.BannerCheck;
import dev.smtpprobe.internal.checks.DaneCheck;
import dev.smtpprobe.internal.checks.EhloCheck;
import dev.smtpprobe.internal.checks.EsmtpFactsCheck;
import dev.smtpprobe.internal.checks.MtaStsCheck;
import dev.smtpprobe.internal.checks.OpenRelayCheck;
import dev.smtpprobe.internal.checks.PostmasterCheck;
import dev.smtpprobe.internal.checks.ReachabilityCheck;
import dev.smtpprobe.internal.checks.StartTlsCheck;
import dev.smtpprobe.internal.checks.SubmissionAuthCheck;
import dev.smtpprobe.internal.checks.SubmissionRelayCheck;
import dev.smtpprobe.internal.checks.TimingCheck;
import dev.smtpprobe.internal.checks.TlsQualityCheck;
import dev.smtpprobe.internal.checks.TlsRptCheck;
import dev.smtpprobe.internal.checks.VrfyExpnCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.function.Function;

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
     * {@code submission-auth} (submission mode, {@link CheckSettings#submission()}): no AUTH mechanism that sends
     * the password offered before TLS, and the given login accepted inside TLS.
     */
    public static Check submissionAuth() {
        return new SubmissionAuthCheck();
    }

    /**
     * {@code submission-relay} (submission mode): after the login, a foreign recipient accepted from the user's own
     * sender; with {@link Submission#sender()} given, another sender refused (else a warning). Never sends DATA.
     */
    public static Check submissionRelay() {
        return new SubmissionRelayCheck();
    }

    /**
     * The checks for a submission server (RFC 6409 port 587, RFC 8314 port 465; set {@link CheckSettings#submission()}
     * to the login): reachability, banner, EHLO, STARTTLS (or implicit TLS), {@code submission-auth}, open-relay
     * (here: no relaying without authentication), {@code submission-relay}, VRFY/EXPN and timing. The MX duties
     * (postmaster and abuse accepted from the null sender) are left out, as is auth-exposure, which
     * {@code submission-auth} replaces.
     */
    public static List<Check> submission() {
        return List.of(reachability(), banner(), ehlo(), startTls(), submissionAuth(), openRelay(),
                submissionRelay(), vrfyExpn(), timing());
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
     * {@code mta-sts}: MTA-STS (RFC 8461) of {@link CheckSettings#mailDomain()}: the {@code _mta-sts} TXT record, the
     * policy from {@code https://mta-sts.<domain>/.well-known/mta-sts.txt} (fetched with the JDK's
     * {@link HttpClient}, system trust, no redirects), its syntax, its {@code mx} patterns against the domain's MX
     * hosts and this MX's certificate (trusted by the client's TLS options, naming the MX host). No record: PASS;
     * problems: FAIL in mode enforce, WARN in mode testing. Without a mail domain: COULD_NOT_RUN.
     */
    public static Check mtaSts() {
        return new MtaStsCheck();
    }

    /**
     * {@link #mtaSts()} fetching the policy with {@code http} (its trust material, proxy and redirect setting) from
     * {@code policyLocation.apply(domain)} instead of the RFC's URI — for a policy host under test, e.g. a local
     * HTTPS server. A redirect is reported as a failure even if {@code http} follows it.
     */
    public static Check mtaSts(HttpClient http, Function<String, URI> policyLocation) {
        return new MtaStsCheck(http, policyLocation);
    }

    /**
     * {@code tls-rpt}: SMTP TLS reporting (RFC 8460) of {@link CheckSettings#mailDomain()}: one
     * {@code _smtp._tls} TXT record {@code v=TLSRPTv1} with {@code rua} {@code mailto:} or {@code https:} URIs. No
     * record: PASS; several or malformed: FAIL. Without a mail domain: COULD_NOT_RUN.
     */
    public static Check tlsRpt() {
        return new TlsRptCheck();
    }

    /**
     * The transport-security checks of a mail domain: {@link #dane()}, {@link #mtaSts()} and {@link #tlsRpt()}.
     * They ask the DNS (and the MTA-STS policy host over HTTPS) besides the server, so they are not in
     * {@link #all()}: add them with {@code CheckSuite.of(Checks.transportSecurity())} or one by one with
     * {@link CheckSuite#with(Check)}.
     */
    public static List<Check> transportSecurity() {
        return List.of(dane(), mtaSts(), tlsRpt());
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

    /** Every built-in check for an MX, in the order a person would run them. */
    public static List<Check> all() {
        return List.of(reachability(), banner(), ehlo(), startTls(), authExposure(), openRelay(), vrfyExpn(),
                postmasterAndAbuse(), timing(), esmtpFacts(), tlsQuality());
    }
}
