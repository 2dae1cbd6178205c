package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.hex;
import static dev.smtpprobe.internal.sasl.TestBytes.unhex;
import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

class NtlmTest {

    // [MS-NLMP] §4.2.4 (NTLMv2 Authentication): user "User", domain "Domain", password "Password",
    // server challenge 0123456789abcdef, client challenge aaaaaaaaaaaaaaaa, time 0.
    private static final String MS_TARGET_INFO =
            "02000c0044006f006d00610069006e00" // MsvAvNbDomainName "Domain"
            + "01000c005300650072007600650072" + "00" // MsvAvNbComputerName "Server"
            + "00000000"; // MsvAvEOL
    /** [MS-NLMP] §4.2.4.3, the CHALLENGE_MESSAGE (flags e28a8233, target name "Server", version 6.0.6000). */
    private static final String MS_CHALLENGE = "4e544c4d53535000" + "02000000" + "0c000c0038000000" + "33828ae2"
            + "0123456789abcdef" + "0000000000000000" + "2400240044000000" + "060070170000000f"
            + "530065007200760065007200" + MS_TARGET_INFO;
    private static final String MS_NTOWFV2 = "0c868a403bfd7a93a3001ef22ef02e3f";
    private static final String MS_NT_PROOF = "68cd0ab851e51c96aabc927bebef6a1c";
    private static final String MS_TEMP = "0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000"
            + MS_TARGET_INFO + "00000000";
    private static final String MS_LMV2 = "86c35097ac9cec102554764a57cccc19aaaaaaaaaaaaaaaa";
    private static final String MS_SESSION_BASE_KEY = "8de40ccadbc14a82f15cb0ad0de95ca3";

    private static final LongSupplier NO_CLOCK = () -> {
        throw new AssertionError("the clock must not be read when the server sent MsvAvTimestamp");
    };

    private static Ntlm msClient() {
        return new Ntlm("Domain", "User", "Password", () -> unhex("aaaaaaaaaaaaaaaa"), () -> 0L);
    }

    /** A CHALLENGE_MESSAGE without Version: 48-byte header, then target name and target info. */
    private static byte[] challenge(int flags, String serverChallenge, byte[] targetName, byte[] targetInfo) {
        byte[] m = new byte[48 + targetName.length + targetInfo.length];
        System.arraycopy(Ntlm.SIGNATURE, 0, m, 0, 8);
        putInt(m, 8, 2);
        putField(m, 12, targetName.length, 48);
        putInt(m, 20, flags);
        System.arraycopy(unhex(serverChallenge), 0, m, 24, 8);
        putField(m, 40, targetInfo.length, 48 + targetName.length);
        System.arraycopy(targetName, 0, m, 48, targetName.length);
        System.arraycopy(targetInfo, 0, m, 48 + targetName.length, targetInfo.length);
        return m;
    }

    private static byte[] avPair(int id, byte[] value) {
        byte[] pair = new byte[4 + value.length];
        putShort(pair, 0, id);
        putShort(pair, 2, value.length);
        System.arraycopy(value, 0, pair, 4, value.length);
        return pair;
    }

    private static void putField(byte[] m, int at, int length, int offset) {
        putShort(m, at, length);
        putShort(m, at + 2, length);
        putInt(m, at + 4, offset);
    }

    private static void putShort(byte[] m, int at, int value) {
        m[at] = (byte) value;
        m[at + 1] = (byte) (value >>> 8);
    }

    private static void putInt(byte[] m, int at, int value) {
        for (int i = 0; i < 4; i++) {
            m[at + i] = (byte) (value >>> (8 * i));
        }
    }

    /** A message field (Len, MaxLen, BufferOffset) of an AUTHENTICATE_MESSAGE, read independently of Ntlm. */
    private record Field(int len, int maxLen, int offset) {
        static Field at(byte[] m, int pos) {
            return new Field((m[pos] & 0xff) | (m[pos + 1] & 0xff) << 8, (m[pos + 2] & 0xff) | (m[pos + 3] & 0xff) << 8,
                    (m[pos + 4] & 0xff) | (m[pos + 5] & 0xff) << 8 | (m[pos + 6] & 0xff) << 16
                            | (m[pos + 7] & 0xff) << 24);
        }

        byte[] in(byte[] m) {
            return Arrays.copyOfRange(m, offset, offset + len);
        }
    }

    private static int intAt(byte[] m, int pos) {
        return (m[pos] & 0xff) | (m[pos + 1] & 0xff) << 8 | (m[pos + 2] & 0xff) << 16 | (m[pos + 3] & 0xff) << 24;
    }

    private static String utf16(byte[] b) {
        return new String(b, StandardCharsets.UTF_16LE);
    }

    /** Checks the AUTHENTICATE_MESSAGE's frame and returns its fields by name order: LM, NT, domain, user, ws, key. */
    private static Field[] checkAuthenticateLayout(byte[] m) {
        assertThat(Arrays.copyOf(m, 8)).isEqualTo(utf8("NTLMSSP\0"));
        assertThat(intAt(m, 8)).as("MessageType").isEqualTo(3);
        Field[] fields = {Field.at(m, 12), Field.at(m, 20), Field.at(m, 28), Field.at(m, 36), Field.at(m, 44),
            Field.at(m, 52)};
        // Every field lies in the payload after the 64-byte header; together they tile it with no gap or overlap.
        List<Field> sorted = new ArrayList<>(List.of(fields));
        sorted.sort((a, b) -> a.len() == 0 && b.len() == 0 ? 0 : Integer.compare(a.offset(), b.offset()));
        int expectedOffset = 64;
        int total = 0;
        for (Field f : fields) {
            assertThat(f.maxLen()).isEqualTo(f.len());
            assertThat(f.offset()).isBetween(64, m.length);
            assertThat(f.offset() + f.len()).isLessThanOrEqualTo(m.length);
            total += f.len();
        }
        assertThat(64 + total).as("payload length").isEqualTo(m.length);
        for (Field f : sorted) {
            if (f.len() > 0) {
                assertThat(f.offset()).as("contiguous payload").isEqualTo(expectedOffset);
                expectedOffset += f.len();
            }
        }
        return fields;
    }

    // ---- published vectors ----

    /** [MS-NLMP] §4.2.4.1.1. */
    @Test
    void ntowfv2MatchesMsNlmp() {
        assertThat(hex(Ntlm.ntowfv2("Password", "User", "Domain"))).isEqualTo(MS_NTOWFV2);
    }

    @Test
    void ntowfv2UppercasesTheUserButNotTheDomain() {
        assertThat(hex(Ntlm.ntowfv2("Password", "user", "Domain"))).isEqualTo(MS_NTOWFV2);
        assertThat(hex(Ntlm.ntowfv2("Password", "User", "domain"))).isNotEqualTo(MS_NTOWFV2);
    }

    /** [MS-NLMP] §4.2.4.1.2 (session base key), §4.2.4.2.1 (LMv2 response), §4.2.4.2.2 (NTLMv2 response). */
    @Test
    void ntlmv2ResponsesMatchMsNlmp() {
        Ntlm.V2Response r = Ntlm.ntlmv2(unhex(MS_NTOWFV2), unhex("0123456789abcdef"), unhex("aaaaaaaaaaaaaaaa"),
                new byte[8], unhex(MS_TARGET_INFO), false);
        assertThat(hex(r.ntProofStr())).isEqualTo(MS_NT_PROOF);
        assertThat(hex(r.ntChallengeResponse())).isEqualTo(MS_NT_PROOF + MS_TEMP);
        assertThat(hex(r.lmChallengeResponse())).isEqualTo(MS_LMV2);
        assertThat(hex(r.sessionBaseKey())).isEqualTo(MS_SESSION_BASE_KEY);
    }

    @Test
    void theMsNlmpChallengeIsParsed() {
        Ntlm.Challenge c = Ntlm.parseChallenge(unhex(MS_CHALLENGE));
        assertThat(c).isNotNull();
        assertThat(c.flags()).isEqualTo(0xe28a8233);
        assertThat(hex(c.serverChallenge())).isEqualTo("0123456789abcdef");
        assertThat(hex(c.targetInfo())).isEqualTo(MS_TARGET_INFO);
        assertThat(c.timestamp()).isNull();
    }

    @Test
    void fullExchangeWithTheMsNlmpChallengeGivesThePublishedResponses() {
        Ntlm ntlm = msClient();
        assertThat(ntlm.initialResponse()).isEmpty();
        byte[] negotiate = ntlm.respond(new byte[0]).orElseThrow();
        assertThat(hex(negotiate)).isEqualTo(hex(Ntlm.negotiateMessage()));

        byte[] authenticate = ntlm.respond(unhex(MS_CHALLENGE)).orElseThrow();
        Field[] f = checkAuthenticateLayout(authenticate);
        assertThat(hex(f[0].in(authenticate))).as("LmChallengeResponse").isEqualTo(MS_LMV2);
        assertThat(hex(f[1].in(authenticate))).as("NtChallengeResponse").isEqualTo(MS_NT_PROOF + MS_TEMP);
        assertThat(utf16(f[2].in(authenticate))).as("DomainName").isEqualTo("Domain");
        assertThat(utf16(f[3].in(authenticate))).as("UserName").isEqualTo("User");
        assertThat(f[4].len()).as("Workstation: not disclosed").isZero();
        assertThat(f[5].len()).as("EncryptedRandomSessionKey: no key exchange").isZero();
        assertThat(intAt(authenticate, 60)).as("NegotiateFlags: ours that the server also set")
                .isEqualTo(Ntlm.CLIENT_FLAGS & 0xe28a8233)
                .isEqualTo(0xa0088201);
        assertThat(hex(ntlm.sessionBaseKey())).isEqualTo(MS_SESSION_BASE_KEY);
    }

    /**
     * A recorded NTLMv2 exchange (Office Communicator 2007 R2 with OCS 2007 R2: user "User", domain "COSMO",
     * password "Pa$$word"), published as test data by the pidgin-sipe project; the client's own time is used since
     * the server sent no MsvAvTimestamp.
     */
    @Test
    void reproducesARecordedExchange() {
        String targetInfo = "02000a0043004f0053004d004f000100180043004f0053004d004f002d004f00430053002d00520032000400"
                + "160063006f0073006d006f002e006c006f00630061006c000300300063006f0073006d006f002d006f00630073002d007200"
                + "32002e0063006f0073006d006f002e006c006f00630061006c000500160063006f0073006d006f002e006c006f006300610"
                + "06c0000000000";
        String type2 = "4e544c4d53535000020000000000000038000000f38298e2dd1baaf4e7e218d1000000000000000096009600"
                + "380000000502ce0e0000000f" + targetInfo;
        Ntlm ntlm = new Ntlm("COSMO", "User", "Pa$$word", () -> unhex("d6ae875cb0fdaa41"), () -> 0x01cab927179a5159L);
        ntlm.respond(new byte[0]);
        byte[] authenticate = ntlm.respond(unhex(type2)).orElseThrow();
        Field[] f = checkAuthenticateLayout(authenticate);
        assertThat(hex(f[0].in(authenticate))).isEqualTo("a1e92efe4e078bf7c5c0049acc6166c2d6ae875cb0fdaa41");
        assertThat(hex(f[1].in(authenticate))).isEqualTo("8dc0c800ae76eca606d2b9fbebd04731"
                + "0101000000000000" + "59519a1727b9ca01" + "d6ae875cb0fdaa41" + "00000000" + targetInfo + "00000000");
    }

    // ---- message layouts ----

    @Test
    void negotiateMessageLayout() {
        byte[] m = Ntlm.negotiateMessage();
        assertThat(m).hasSize(32);
        assertThat(Arrays.copyOf(m, 8)).isEqualTo(utf8("NTLMSSP\0"));
        assertThat(intAt(m, 8)).as("MessageType").isEqualTo(1);
        assertThat(intAt(m, 12)).as("NegotiateFlags").isEqualTo(0xa0088205)
                .isEqualTo(Ntlm.NEGOTIATE_UNICODE | Ntlm.REQUEST_TARGET | Ntlm.NEGOTIATE_NTLM
                        | Ntlm.NEGOTIATE_ALWAYS_SIGN | Ntlm.NEGOTIATE_EXTENDED_SESSIONSECURITY | Ntlm.NEGOTIATE_128
                        | Ntlm.NEGOTIATE_56);
        assertThat(Field.at(m, 16)).as("DomainNameFields").isEqualTo(new Field(0, 0, 32));
        assertThat(Field.at(m, 24)).as("WorkstationFields").isEqualTo(new Field(0, 0, 32));
    }

    @Test
    void theFirstChallengeTextIsIgnoredAsMsSmtpNtlmSays() {
        Ntlm ntlm = msClient();
        assertThat(ntlm.respond(utf8("ntlm supported")))
                .hasValueSatisfying(m -> assertThat(m).isEqualTo(Ntlm.negotiateMessage()));
        assertThat(ntlm.respond(unhex(MS_CHALLENGE))).isPresent();
    }

    @Test
    void theServerTimestampIsUsedAndZeroesTheLmResponse() {
        byte[] stamp = unhex("0090d336b734c301");
        byte[] targetInfo = SaslSupport.concat(avPair(2, "D".getBytes(StandardCharsets.UTF_16LE)),
                avPair(Ntlm.AV_TIMESTAMP, stamp), avPair(0, new byte[0]));
        Ntlm ntlm = new Ntlm("Domain", "User", "Password", () -> unhex("aaaaaaaaaaaaaaaa"), NO_CLOCK);
        ntlm.respond(new byte[0]);
        byte[] m = ntlm.respond(challenge(0xe28a8233, "0123456789abcdef", new byte[0], targetInfo)).orElseThrow();
        Field[] f = checkAuthenticateLayout(m);
        assertThat(f[0].in(m)).as("LmChallengeResponse").isEqualTo(new byte[24]);
        byte[] nt = f[1].in(m);
        assertThat(Arrays.copyOfRange(nt, 16, 24)).isEqualTo(unhex("0101000000000000"));
        assertThat(Arrays.copyOfRange(nt, 24, 32)).as("timestamp").isEqualTo(stamp);
        assertThat(Arrays.copyOfRange(nt, 44, 44 + targetInfo.length)).as("AV pairs passed on").isEqualTo(targetInfo);
    }

    @Test
    void theClockIsAFiletime() {
        long unixEpochAsFiletime = 116_444_736_000_000_000L;
        long now = Ntlm.fileTimeNow();
        long fromMillis = unixEpochAsFiletime + System.currentTimeMillis() * 10_000L;
        assertThat(Math.abs(now - fromMillis)).isLessThan(600_000_000L); // within a minute
    }

    @Test
    void aChallengeWithoutTargetInfoIsAnsweredWithAnEmptyAvList() {
        Ntlm ntlm = msClient();
        ntlm.respond(new byte[0]);
        byte[] type2 = Arrays.copyOf(challenge(Ntlm.NEGOTIATE_UNICODE | Ntlm.NEGOTIATE_NTLM, "0123456789abcdef",
                new byte[0], new byte[0]), 32);
        byte[] m = ntlm.respond(type2).orElseThrow();
        Field[] f = checkAuthenticateLayout(m);
        assertThat(hex(Arrays.copyOfRange(f[1].in(m), 16, f[1].len())))
                .isEqualTo("0101000000000000" + "0000000000000000" + "aaaaaaaaaaaaaaaa" + "00000000" + "00000000"
                        + "00000000");
    }

    @Test
    void theLargestTargetInfoThatFitsIsAccepted() {
        // NtChallengeResponse = 16 + 28 + target info + 4 bytes must fit its 16-bit length.
        byte[] fits = SaslSupport.concat(avPair(1, new byte[65535 - 48 - 8]), avPair(0, new byte[0]));
        Ntlm ntlm = msClient();
        ntlm.respond(new byte[0]);
        byte[] m = ntlm.respond(challenge(0xe28a8233, "0123456789abcdef", new byte[0], fits)).orElseThrow();
        assertThat(checkAuthenticateLayout(m)[1].len()).isEqualTo(65535);
    }

    // ---- hostile input ----

    private static void assertCancels(byte[] type2) {
        Ntlm ntlm = msClient();
        ntlm.respond(new byte[0]);
        assertThat(ntlm.respond(type2)).as(hex(type2)).isEmpty();
        assertThat(ntlm.respond(unhex(MS_CHALLENGE))).as("stays cancelled").isEmpty();
    }

    private static byte[] msChallengeWith(UnaryOperator<byte[]> change) {
        return change.apply(unhex(MS_CHALLENGE));
    }

    @Test
    void aTruncatedChallengeCancels() {
        byte[] full = unhex(MS_CHALLENGE);
        for (int length = 0; length < full.length; length++) {
            assertCancels(Arrays.copyOf(full, length));
        }
    }

    @Test
    void aWrongSignatureOrTypeCancels() {
        assertCancels(msChallengeWith(m -> { m[0] = 'X'; return m; }));
        assertCancels(msChallengeWith(m -> { m[7] = 1; return m; }));
        assertCancels(msChallengeWith(m -> { m[8] = 1; return m; }));
        assertCancels(msChallengeWith(m -> { m[8] = 3; return m; }));
        assertCancels(msChallengeWith(m -> { m[11] = 1; return m; }));
    }

    @Test
    void outOfRangeOffsetsCancel() {
        assertCancels(msChallengeWith(m -> { putInt(m, 44, 0xffffffff); return m; })); // target info offset
        assertCancels(msChallengeWith(m -> { putInt(m, 44, 0x7fffffff); return m; }));
        assertCancels(msChallengeWith(m -> { putInt(m, 44, 100); return m; }));        // runs past the end
        assertCancels(msChallengeWith(m -> { putInt(m, 44, 8); return m; }));          // into the header
        assertCancels(msChallengeWith(m -> { putShort(m, 40, 0xffff); return m; }));   // target info length
        assertCancels(msChallengeWith(m -> { putInt(m, 16, 0xfffffff0); return m; })); // target name offset
        assertCancels(msChallengeWith(m -> { putShort(m, 12, 200); return m; }));      // target name length
    }

    @Test
    void malformedAvPairsCancel() {
        byte[] name = "Server".getBytes(StandardCharsets.UTF_16LE);
        byte[] eol = avPair(0, new byte[0]);
        int flags = 0xe28a8233;
        // a pair whose length runs past the field
        byte[] overrun = SaslSupport.concat(avPair(1, name), eol);
        putShort(overrun, 2, 0x7fff);
        assertCancels(challenge(flags, "0123456789abcdef", new byte[0], overrun));
        // no MsvAvEOL
        assertCancels(challenge(flags, "0123456789abcdef", new byte[0], avPair(1, name)));
        // MsvAvEOL with a length
        assertCancels(challenge(flags, "0123456789abcdef", new byte[0],
                SaslSupport.concat(avPair(1, name), avPair(0, new byte[2]))));
        // a pair header cut short
        assertCancels(challenge(flags, "0123456789abcdef", new byte[0], SaslSupport.concat(avPair(1, name),
                new byte[] {0, 0})));
        // MsvAvTimestamp that is not 8 bytes
        assertCancels(challenge(flags, "0123456789abcdef", new byte[0],
                SaslSupport.concat(avPair(Ntlm.AV_TIMESTAMP, new byte[4]), eol)));
        // NEGOTIATE_TARGET_INFO set but the header is too short to hold TargetInfoFields
        assertCancels(Arrays.copyOf(challenge(flags, "0123456789abcdef", new byte[0], new byte[0]), 40));
    }

    @Test
    void aChallengeWithoutUnicodeCancels() {
        assertCancels(msChallengeWith(m -> { m[20] &= ~1; return m; }));
    }

    @Test
    void aTargetInfoTooLargeForTheResponseFieldCancels() {
        byte[] tooLarge = SaslSupport.concat(avPair(1, new byte[65535 - 48 - 8 + 1]), avPair(0, new byte[0]));
        assertCancels(challenge(0xe28a8233, "0123456789abcdef", new byte[0], tooLarge));
    }

    @Test
    void aChallengeAfterTheAuthenticateMessageCancels() {
        Ntlm ntlm = msClient();
        ntlm.respond(new byte[0]);
        ntlm.respond(unhex(MS_CHALLENGE));
        assertThat(ntlm.respond(unhex(MS_CHALLENGE))).isEmpty();
        assertThat(ntlm.respond(new byte[0])).isEmpty();
    }

    @Test
    void randomAndMutatedChallengesNeverThrow() {
        Random random = new Random(1320);
        byte[] valid = unhex(MS_CHALLENGE);
        for (int i = 0; i < 5000; i++) {
            byte[] type2;
            if (i % 3 == 0) {
                type2 = new byte[random.nextInt(120)];
                random.nextBytes(type2);
                if (type2.length >= 12 && random.nextBoolean()) {
                    System.arraycopy(valid, 0, type2, 0, 12); // get past the signature and type checks
                }
            } else {
                type2 = valid.clone();
                for (int k = 0; k <= random.nextInt(4); k++) {
                    type2[12 + random.nextInt(type2.length - 12)] = (byte) random.nextInt(256);
                }
            }
            Ntlm ntlm = msClient();
            ntlm.respond(new byte[0]);
            ntlm.respond(type2);
            ntlm.respond(type2);
        }
    }

    // ---- contract ----

    @Test
    void doesNotRevealTheSecretAndHasNoInitialResponse() {
        Ntlm ntlm = new Ntlm("D", "U", "P");
        assertThat(ntlm.name()).isEqualTo("NTLM");
        assertThat(ntlm.revealsSecret()).isFalse();
        assertThat(ntlm.initialResponse()).isEmpty();
    }

    @Test
    void toStringAndMessagesDoNotContainThePassword() {
        Ntlm ntlm = new Ntlm("Domain", "User", "PasswordSECRET", () -> unhex("aaaaaaaaaaaaaaaa"), () -> 0L);
        assertThat(ntlm.toString()).doesNotContain("SECRET");
        ntlm.respond(new byte[0]);
        byte[] m = ntlm.respond(unhex(MS_CHALLENGE)).orElseThrow();
        assertThat(ntlm.toString()).doesNotContain("SECRET");
        assertThat(hex(m)).doesNotContain(hex("SECRET".getBytes(StandardCharsets.UTF_16LE)))
                .doesNotContain(hex(utf8("SECRET")));
    }

    @Test
    void theRealClientChallengeIsRandom() {
        Ntlm a = new Ntlm("Domain", "User", "Password");
        Ntlm b = new Ntlm("Domain", "User", "Password");
        a.respond(new byte[0]);
        b.respond(new byte[0]);
        byte[] ma = a.respond(unhex(MS_CHALLENGE)).orElseThrow();
        byte[] mb = b.respond(unhex(MS_CHALLENGE)).orElseThrow();
        assertThat(ma).isNotEqualTo(mb);
    }
}
