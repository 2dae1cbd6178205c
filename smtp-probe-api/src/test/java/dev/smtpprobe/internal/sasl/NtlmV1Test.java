package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.hex;
import static dev.smtpprobe.internal.sasl.TestBytes.unhex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.Sasl;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/** NTLMv1 responses ([MS-NLMP] §3.3.1), opted in with {@link Ntlm.Version#V1} / {@link Sasl#ntlmV1}. */
class NtlmV1Test {

    // [MS-NLMP] §4.2.2 (NTLMv1) and §4.2.3 (NTLMv1 with extended session security): user "User", domain
    // "Domain", password "Password", server challenge 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa.
    private static final String MS_NTOWFV1 = "a4f49c406510bdcab6824ee7c30fd852";
    private static final String MS_SESSION_BASE_KEY = "d87262b0cde4b1cb7499becccdf10784";
    private static final String MS_NT_RESPONSE = "67c43011f30298a2ad35ece64f16331c44bdbed927841f94";
    private static final String MS_ESS_NT_RESPONSE = "7537f803ae367128ca458204bde7caf81e97ed2683267232";
    private static final String MS_ESS_LM_RESPONSE = "aaaaaaaaaaaaaaaa00000000000000000000000000000000";

    /**
     * The CHALLENGE that Exim 4.96's spa authenticator sent (flags 0x00008201: Unicode, NTLM, always-sign; no
     * extended session security, no target info), and the NtChallengeResponse swaks 20201014 (Perl Authen::NTLM)
     * answered it with for user "probeuser", password "probepass", which Exim accepted with 235.
     */
    private static final String EXIM_CHALLENGE_B64 = "TlRMTVNTUAACAAAAAAAAAAAoAAABggAASBnvR/5yFfAAAAAAAAAAAAAAAAAAAAAA";
    private static final String SWAKS_NT_RESPONSE = "20ea6a02e69bb8a35b95c5caa6a9b516b91ba2887d7c1533";

    private static final LongSupplier NO_CLOCK = () -> {
        throw new AssertionError("NTLMv1 has no timestamp: the clock must not be read");
    };

    private static Ntlm v1(String domain, String user, String password) {
        return new Ntlm(Ntlm.Version.V1, domain, user, password, () -> unhex("aaaaaaaaaaaaaaaa"), NO_CLOCK);
    }

    /** A 48-byte CHALLENGE_MESSAGE with no target name and no target info. */
    private static byte[] challenge(int flags, String serverChallenge) {
        byte[] m = new byte[48];
        System.arraycopy(Ntlm.SIGNATURE, 0, m, 0, 8);
        m[8] = 2;
        m[16] = 48; // TargetNameFields: empty, offset 48
        for (int i = 0; i < 4; i++) {
            m[20 + i] = (byte) (flags >>> (8 * i));
        }
        System.arraycopy(unhex(serverChallenge), 0, m, 24, 8);
        m[44] = 48; // TargetInfoFields: empty, offset 48
        return m;
    }

    private static int intAt(byte[] m, int pos) {
        return (m[pos] & 0xff) | (m[pos + 1] & 0xff) << 8 | (m[pos + 2] & 0xff) << 16 | (m[pos + 3] & 0xff) << 24;
    }

    /** The bytes of the AUTHENTICATE_MESSAGE field whose Len/MaxLen/Offset is at {@code pos}. */
    private static byte[] field(byte[] m, int pos) {
        int len = (m[pos] & 0xff) | (m[pos + 1] & 0xff) << 8;
        return Arrays.copyOfRange(m, intAt(m, pos + 4), intAt(m, pos + 4) + len);
    }

    private static byte[] authenticate(Ntlm ntlm, byte[] challenge) {
        assertThat(ntlm.respond(new byte[0])).hasValueSatisfying(m -> assertThat(m).isEqualTo(Ntlm.negotiateMessage()));
        return ntlm.respond(challenge).orElseThrow();
    }

    // ---- published vectors ----

    /** [MS-NLMP] §4.2.2.1.2. */
    @Test
    void ntowfv1MatchesMsNlmp() {
        assertThat(hex(Ntlm.ntowfv1("Password"))).isEqualTo(MS_NTOWFV1);
    }

    /** [MS-NLMP] §4.2.2.1.3 (session base key) and §4.2.2.2.1 (NTLMv1 response). */
    @Test
    void ntlmv1ResponseMatchesMsNlmp() {
        Ntlm.V1Response r = Ntlm.ntlmv1(unhex(MS_NTOWFV1), unhex("0123456789abcdef"), unhex("aaaaaaaaaaaaaaaa"), false);
        assertThat(hex(r.ntChallengeResponse())).isEqualTo(MS_NT_RESPONSE);
        assertThat(hex(r.lmChallengeResponse())).as("NoLMResponseNTLMv1: a copy of the NT response, never the LM hash")
                .isEqualTo(MS_NT_RESPONSE);
        assertThat(hex(r.sessionBaseKey())).isEqualTo(MS_SESSION_BASE_KEY);
    }

    /** [MS-NLMP] §4.2.3.2.1 (LM response) and §4.2.3.2.2 (NTLMv1 response with extended session security). */
    @Test
    void ntlmv1WithExtendedSessionSecurityMatchesMsNlmp() {
        Ntlm.V1Response r = Ntlm.ntlmv1(unhex(MS_NTOWFV1), unhex("0123456789abcdef"), unhex("aaaaaaaaaaaaaaaa"), true);
        assertThat(hex(r.ntChallengeResponse())).isEqualTo(MS_ESS_NT_RESPONSE);
        assertThat(hex(r.lmChallengeResponse())).isEqualTo(MS_ESS_LM_RESPONSE);
    }

    // ---- the exchange ----

    @Test
    void answersEximsSpaChallengeWithTheResponseEximAcceptedFromSwaks() {
        byte[] m = authenticate(v1("", "probeuser", "probepass"), Base64.getDecoder().decode(EXIM_CHALLENGE_B64));
        assertThat(hex(field(m, 20))).as("NtChallengeResponse").isEqualTo(SWAKS_NT_RESPONSE);
        assertThat(hex(field(m, 12))).as("LmChallengeResponse").isEqualTo(SWAKS_NT_RESPONSE);
        assertThat(new String(field(m, 36), StandardCharsets.UTF_16LE)).as("UserName").isEqualTo("probeuser");
        assertThat(field(m, 28)).as("DomainName").isEmpty();
        assertThat(field(m, 44)).as("Workstation: not disclosed").isEmpty();
        assertThat(intAt(m, 60)).as("NegotiateFlags: ours that Exim also set").isEqualTo(0x00008201);
    }

    @Test
    void usesTheNtlm2SessionResponseWhenTheServerNegotiatesExtendedSessionSecurity() {
        Ntlm ntlm = v1("Domain", "User", "Password");
        byte[] m = authenticate(ntlm, challenge(0xa0088201, "0123456789abcdef"));
        assertThat(hex(field(m, 20))).isEqualTo(MS_ESS_NT_RESPONSE);
        assertThat(hex(field(m, 12))).isEqualTo(MS_ESS_LM_RESPONSE);
        assertThat(intAt(m, 60) & Ntlm.NEGOTIATE_EXTENDED_SESSIONSECURITY).isNotZero();
        assertThat(hex(ntlm.sessionBaseKey())).isEqualTo(MS_SESSION_BASE_KEY);
    }

    @Test
    void withoutExtendedSessionSecurityTheServerChallengeIsEncryptedDirectly() {
        byte[] m = authenticate(v1("Domain", "User", "Password"), challenge(0x00008201, "0123456789abcdef"));
        assertThat(hex(field(m, 20))).isEqualTo(MS_NT_RESPONSE);
        assertThat(hex(field(m, 12))).isEqualTo(MS_NT_RESPONSE);
    }

    @Test
    void theDomainIsSentButIsNotPartOfTheKey() {
        byte[] withDomain = authenticate(v1("Domain", "User", "Password"), challenge(0x8201, "0123456789abcdef"));
        byte[] other = authenticate(v1("Elsewhere", "user", "Password"), challenge(0x8201, "0123456789abcdef"));
        assertThat(field(withDomain, 20)).isEqualTo(field(other, 20));
        assertThat(new String(field(withDomain, 28), StandardCharsets.UTF_16LE)).isEqualTo("Domain");
    }

    @Test
    void aMalformedChallengeStillCancels() {
        Ntlm ntlm = v1("D", "U", "P");
        ntlm.respond(new byte[0]);
        assertThat(ntlm.respond(Arrays.copyOf(challenge(0x8201, "0123456789abcdef"), 20))).isEmpty();
    }

    // ---- opt-in and contract ----

    @Test
    void v2StaysTheDefaultAndV1IsOnlyWhatIsAskedFor() {
        assertThat(((Ntlm) Sasl.ntlm("D", "U", "P")).version()).isEqualTo(Ntlm.Version.V2);
        assertThat(new Ntlm("D", "U", "P").version()).isEqualTo(Ntlm.Version.V2);
        assertThat(((Ntlm) Sasl.ntlmV1("D", "U", "P")).version()).isEqualTo(Ntlm.Version.V1);
        byte[] v2 = authenticate(new Ntlm("Domain", "User", "Password", () -> unhex("aaaaaaaaaaaaaaaa"), () -> 0L),
                challenge(0x8201, "0123456789abcdef"));
        assertThat(field(v2, 20)).as("NTLMv2 response, longer than the 24 bytes of v1").hasSizeGreaterThan(24);
    }

    @Test
    void v1CountsAsRevealingTheSecretSoItIsRefusedWithoutTls() {
        assertThat(Sasl.ntlmV1("D", "U", "P").name()).isEqualTo("NTLM");
        assertThat(Sasl.ntlmV1("D", "U", "P").initialResponse()).isEmpty();
        assertThat(Sasl.ntlmV1("D", "U", "P").revealsSecret()).isTrue();
        assertThat(Sasl.ntlm("D", "U", "P").revealsSecret()).isFalse();
    }

    @Test
    void toStringAndMessagesDoNotContainThePassword() {
        Ntlm ntlm = v1("Domain", "User", "PasswordSECRET");
        byte[] m = authenticate(ntlm, challenge(0x8201, "0123456789abcdef"));
        assertThat(ntlm.toString()).contains("NTLMv1").doesNotContain("SECRET");
        assertThat(hex(m)).doesNotContain(hex("SECRET".getBytes(StandardCharsets.UTF_16LE)))
                .doesNotContain(hex("SECRET".getBytes(StandardCharsets.US_ASCII)));
    }
}
