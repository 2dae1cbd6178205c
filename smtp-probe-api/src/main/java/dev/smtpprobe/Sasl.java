package dev.smtpprobe;

import dev.smtpprobe.internal.sasl.CramMd5;
import dev.smtpprobe.internal.sasl.Login;
import dev.smtpprobe.internal.sasl.Ntlm;
import dev.smtpprobe.internal.sasl.Plain;
import dev.smtpprobe.internal.sasl.ScramSha256;
import dev.smtpprobe.internal.sasl.XOAuth2;

/**
 * The SASL mechanisms smtp-probe ships, each for one AUTH exchange (RFC 4954). A factory refuses, with
 * {@link IllegalArgumentException} and a message that never holds the secret, a value its mechanism cannot carry:
 * a NUL in a PLAIN field, U+0001 in an XOAUTH2 user or token, a character SASLprep prohibits for SCRAM.
 */
public final class Sasl {

    private Sasl() {}

    /** {@code PLAIN} (RFC 4616): user and password in one initial response; reveals the password. */
    public static SaslMechanism plain(String user, String password) {
        return new Plain("", user, password);
    }

    /** {@code LOGIN} (draft-murchison-sasl-login): "Username:" and "Password:" prompts; reveals the password. */
    public static SaslMechanism login(String user, String password) {
        return new Login(user, password);
    }

    /** {@code CRAM-MD5} (RFC 2195): an HMAC-MD5 of the server's challenge; the password is not sent. */
    public static SaslMechanism cramMd5(String user, String password) {
        return new CramMd5(user, password);
    }

    /** {@code XOAUTH2} (Google/Microsoft): an OAuth 2.0 bearer token; reveals the token. */
    public static SaslMechanism xoauth2(String user, String accessToken) {
        return new XOAuth2(user, accessToken);
    }

    /** {@code SCRAM-SHA-256} (RFC 5802, RFC 7677): salted challenge-response; proves the server knows the password too. */
    public static SaslMechanism scramSha256(String user, String password) {
        return new ScramSha256(user, password);
    }

    /** {@code NTLM} ([MS-NLMP] NTLMv2 over [MS-SMTPNTLM]): negotiate, challenge, authenticate. */
    public static SaslMechanism ntlm(String domain, String user, String password) {
        return new Ntlm(domain, user, password);
    }

    /**
     * {@code NTLM} with <b>NTLMv1</b> responses ([MS-NLMP] §3.3.1, with the NTLM2 session response when the server
     * negotiates extended session security; never the LM hash): only for servers that accept nothing else, such as
     * Exim's {@code spa} authenticator, which refuses NTLMv2 with {@code 535}. NTLMv1 is weak: one captured exchange
     * yields the NT hash, which NTLM accepts in place of the password, by a DES key search. So it is never chosen
     * by {@link Hello#auth(String, String)} and, like PLAIN, it is refused on a connection without TLS
     * ({@link NotSentException.Reason#PLAINTEXT_AUTH}) unless plaintext authentication is explicitly allowed.
     * {@link #ntlm(String, String, String)} (NTLMv2) is the default. The domain is sent but not part of the key.
     */
    public static SaslMechanism ntlmV1(String domain, String user, String password) {
        return new Ntlm(Ntlm.Version.V1, domain, user, password);
    }
}
