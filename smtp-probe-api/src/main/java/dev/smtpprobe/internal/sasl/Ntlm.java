package dev.smtpprobe.internal.sasl;

import dev.smtpprobe.SaslMechanism;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code NTLM} over SMTP ([MS-SMTPNTLM]) with NTLMv2 responses ([MS-NLMP]), or, only when a caller asks for it by
 * {@link Version#V1}, NTLMv1 responses. Three messages: the client's NEGOTIATE (Type 1), the server's CHALLENGE
 * (Type 2), the client's AUTHENTICATE (Type 3).
 *
 * <p>There is no initial response: the client sends {@code AUTH NTLM}, the server answers {@code 334} and the first
 * challenge, whatever its text ([MS-SMTPNTLM] §2.2.1.2: empty, or a human-readable string such as
 * {@code ntlm supported} that "has no bearing on the authentication"), gets the NEGOTIATE message. The second
 * challenge must be a CHALLENGE message; it is answered with AUTHENTICATE. Any later challenge cancels.
 *
 * <p><b>What is sent.</b> NEGOTIATE carries no domain, workstation or version. Its flags are
 * {@code NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN |
 * NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_128 | NEGOTIATE_56}: Unicode strings only, NTLM (never the LM
 * response), and the flags every current server expects. There is no
 * {@code NEGOTIATE_KEY_EXCH}, {@code SIGN} or {@code SEAL}: SMTP uses NTLM to authenticate only, never to sign or
 * seal the session, so no session key is exchanged (EncryptedRandomSessionKey is empty) and no MIC is sent
 * (NEGOTIATE_VERSION is not set and the server's target information is passed on unchanged, without the
 * MsvAvFlags MIC bit). AUTHENTICATE carries the flags both sides set, the domain and user name as given (UTF-16LE),
 * an empty workstation name (the local host name is not disclosed), and:
 * <ul>
 *   <li>NtChallengeResponse = NTProofStr + temp, where temp = {@code 01 01 00 00 00000000}, the timestamp (the
 *       server's MsvAvTimestamp if it sent one, else now, as a FILETIME), an 8-byte random client challenge,
 *       {@code 00000000}, the server's AV pairs, {@code 00000000}; NTProofStr = HMAC-MD5(NTOWFv2, server challenge +
 *       temp); NTOWFv2 = HMAC-MD5(MD4(UTF-16LE(password)), UTF-16LE(UPPER(user) + domain)) ([MS-NLMP] §3.3.2);</li>
 *   <li>LmChallengeResponse = HMAC-MD5(NTOWFv2, server challenge + client challenge) + client challenge, or 24 zero
 *       bytes when the server sent MsvAvTimestamp (as [MS-NLMP] §3.1.5.1.2 requires).</li>
 * </ul>
 *
 * <p><b>NTLMv1</b> ([MS-NLMP] §3.3.1), for servers that accept nothing else, such as Exim's {@code spa}
 * authenticator. The same NEGOTIATE and AUTHENTICATE layout; the key is NTOWFv1 = MD4(UTF-16LE(password)) (domain and
 * user do not enter it) and the server's AV pairs and time are not used:
 * <ul>
 *   <li>when both sides set {@code NEGOTIATE_EXTENDED_SESSIONSECURITY} ("NTLM2 session response"):
 *       NtChallengeResponse = DESL(NTOWFv1, first 8 bytes of MD5(server challenge + client challenge)),
 *       LmChallengeResponse = client challenge + 16 zero bytes;</li>
 *   <li>otherwise: NtChallengeResponse = DESL(NTOWFv1, server challenge), and LmChallengeResponse is a copy of it
 *       (the NoLMResponseNTLMv1 choice of §3.3.1: the LM hash of the password is never computed or sent).</li>
 * </ul>
 * DESL(K, D) is the three DES encryptions of D under the 7-byte thirds of K (the last padded with zeros), concatenated.
 * NTLMv1 is weak: DES with a key derived from the unsalted MD4 of the password, recoverable from one captured exchange
 * (the plain form even with a precomputed table for a chosen server challenge). It is offered only because some
 * servers accept nothing else; never by default, and only under TLS makes sense.
 *
 * <p><b>What is checked.</b> A CHALLENGE message is refused (cancel) unless: it has the {@code NTLMSSP\0}
 * signature and type 2; every field's offset and length lie within the message and outside the fixed header; the
 * server set {@code NEGOTIATE_UNICODE} (OEM strings are not supported); the AV pairs each fit, end with MsvAvEOL,
 * and any MsvAvTimestamp is 8 bytes; the resulting NtChallengeResponse fits its 16-bit length. Nothing the server
 * sends can make {@link #respond(byte[])} throw.
 *
 * <p>Only NTOWFv2 (or NTOWFv1) is kept, not the password. NTLM is a legacy protocol: a captured exchange can be attacked
 * offline, so use it under TLS.
 */
public final class Ntlm implements SaslMechanism {

    static final byte[] SIGNATURE = {'N', 'T', 'L', 'M', 'S', 'S', 'P', 0};
    static final int NEGOTIATE = 1;
    static final int CHALLENGE = 2;
    static final int AUTHENTICATE = 3;

    static final int NEGOTIATE_UNICODE = 0x00000001;
    static final int REQUEST_TARGET = 0x00000004;
    static final int NEGOTIATE_NTLM = 0x00000200;
    static final int NEGOTIATE_ALWAYS_SIGN = 0x00008000;
    static final int NEGOTIATE_EXTENDED_SESSIONSECURITY = 0x00080000;
    static final int NEGOTIATE_TARGET_INFO = 0x00800000;
    static final int NEGOTIATE_128 = 0x20000000;
    static final int NEGOTIATE_56 = 0x80000000;
    /** The flags this client asks for, and the most it accepts. */
    static final int CLIENT_FLAGS = NEGOTIATE_UNICODE | REQUEST_TARGET | NEGOTIATE_NTLM | NEGOTIATE_ALWAYS_SIGN
            | NEGOTIATE_EXTENDED_SESSIONSECURITY | NEGOTIATE_128 | NEGOTIATE_56;

    static final int AV_EOL = 0x0000;
    static final int AV_TIMESTAMP = 0x0007;

    static final int NEGOTIATE_LENGTH = 32;
    static final int CHALLENGE_MIN_LENGTH = 32;
    static final int CHALLENGE_WITH_TARGET_INFO_LENGTH = 48;
    static final int AUTHENTICATE_HEADER_LENGTH = 64;

    /** 100-nanosecond intervals from 1601-01-01 (FILETIME's origin) to 1970-01-01. */
    static final long FILETIME_AT_UNIX_EPOCH = 116_444_736_000_000_000L;

    private static final SecureRandom RANDOM = new SecureRandom();

    private enum State { START, NEGOTIATE_SENT, DONE }

    /** Which response the AUTHENTICATE message carries. */
    public enum Version {
        /** NTLMv1 ([MS-NLMP] §3.3.1): weak, only for servers that accept nothing else. */
        V1,
        /** NTLMv2 ([MS-NLMP] §3.3.2): the default. */
        V2
    }

    /** A parsed CHALLENGE message. {@code timestamp} is null when the server sent no MsvAvTimestamp. */
    record Challenge(int flags, byte[] serverChallenge, byte[] targetInfo, byte[] timestamp) {}

    /** The NTLMv2 results for one CHALLENGE. */
    record V2Response(byte[] ntProofStr, byte[] ntChallengeResponse, byte[] lmChallengeResponse,
            byte[] sessionBaseKey) {}

    private final Version version;
    private final String domain;
    private final String user;
    private final byte[] responseKeyNt;
    private final Supplier<byte[]> clientChallenges;
    private final LongSupplier fileTimeClock;
    private State state = State.START;
    private byte[] sessionBaseKey;

    /**
     * NTLMv2.
     *
     * @throws IllegalArgumentException if the domain or the user name is too long for an NTLM field
     */
    public Ntlm(String domain, String user, String password) {
        this(Version.V2, domain, user, password);
    }

    /**
     * NTLM with the given response version.
     *
     * @throws IllegalArgumentException if the domain or the user name is too long for an NTLM field
     */
    public Ntlm(Version version, String domain, String user, String password) {
        this(version, domain, user, password, Ntlm::randomClientChallenge, Ntlm::fileTimeNow);
    }

    /** NTLMv2 with the client challenge and the clock supplied, for tests. */
    Ntlm(String domain, String user, String password, Supplier<byte[]> clientChallenges, LongSupplier fileTimeClock) {
        this(Version.V2, domain, user, password, clientChallenges, fileTimeClock);
    }

    /** With the client challenge and the clock supplied, for tests. */
    Ntlm(Version version, String domain, String user, String password, Supplier<byte[]> clientChallenges,
            LongSupplier fileTimeClock) {
        this.version = Objects.requireNonNull(version, "version");
        this.domain = Objects.requireNonNull(domain, "domain");
        this.user = Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        this.clientChallenges = Objects.requireNonNull(clientChallenges, "clientChallenges");
        this.fileTimeClock = Objects.requireNonNull(fileTimeClock, "fileTimeClock");
        if (SaslSupport.utf16le(domain).length > 0xffff || SaslSupport.utf16le(user).length > 0xffff) {
            throw new IllegalArgumentException("NTLM: the domain or user name is too long for a message field");
        }
        this.responseKeyNt = version == Version.V1 ? ntowfv1(password) : ntowfv2(password, user, domain);
    }

    private static byte[] randomClientChallenge() {
        byte[] challenge = new byte[8];
        RANDOM.nextBytes(challenge);
        return challenge;
    }

    /** Now, as a Windows FILETIME: 100-nanosecond intervals since 1601-01-01 UTC. */
    static long fileTimeNow() {
        Instant now = Instant.now();
        return FILETIME_AT_UNIX_EPOCH + now.getEpochSecond() * 10_000_000L + now.getNano() / 100;
    }

    @Override
    public String name() {
        return "NTLM";
    }

    /**
     * False for NTLMv2; true for NTLMv1, whose responses give an eavesdropper the NT hash (which NTLM accepts in
     * place of the password) by a DES key search, so NTLMv1 is refused without TLS like PLAIN.
     */
    @Override
    public boolean revealsSecret() {
        return version == Version.V1;
    }

    @Override
    public Optional<byte[]> initialResponse() {
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> respond(byte[] challenge) {
        if (challenge == null) {
            return cancel();
        }
        switch (state) {
            case START:
                state = State.NEGOTIATE_SENT;
                return Optional.of(negotiateMessage());
            case NEGOTIATE_SENT:
                Challenge parsed = parseChallenge(challenge);
                if (parsed == null) {
                    return cancel();
                }
                byte[] authenticate = authenticateMessage(parsed);
                if (authenticate == null) {
                    return cancel();
                }
                state = State.DONE;
                return Optional.of(authenticate);
            default:
                return cancel();
        }
    }

    private Optional<byte[]> cancel() {
        state = State.DONE;
        return Optional.empty();
    }

    /** The response version this mechanism computes. */
    public Version version() {
        return version;
    }

    // ---- NTLMv1 computations ([MS-NLMP] §3.3.1, §6) ----

    /** NTOWFv1(Passwd) = MD4(UNICODE(Passwd)). */
    static byte[] ntowfv1(String password) {
        return Md4.digest(SaslSupport.utf16le(password));
    }

    /** The NTLMv1 results for one CHALLENGE: NtChallengeResponse, LmChallengeResponse, SessionBaseKey. */
    record V1Response(byte[] ntChallengeResponse, byte[] lmChallengeResponse, byte[] sessionBaseKey) {}

    /**
     * The NTLMv1 responses.
     *
     * @param extendedSessionSecurity whether both sides set NEGOTIATE_EXTENDED_SESSIONSECURITY
     */
    static V1Response ntlmv1(byte[] responseKeyNt, byte[] serverChallenge, byte[] clientChallenge,
            boolean extendedSessionSecurity) {
        byte[] nt;
        byte[] lm;
        if (extendedSessionSecurity) {
            byte[] hash = SaslSupport.digest("MD5", SaslSupport.concat(serverChallenge, clientChallenge));
            nt = desl(responseKeyNt, Arrays.copyOf(hash, 8));
            lm = SaslSupport.concat(clientChallenge, new byte[16]);
        } else {
            nt = desl(responseKeyNt, serverChallenge);
            lm = nt.clone();
        }
        return new V1Response(nt, lm, Md4.digest(responseKeyNt));
    }

    /** DESL(K, D) ([MS-NLMP] §6): DES(K[0..7], D) + DES(K[7..14], D) + DES(K[14..16] + five zero bytes, D). */
    static byte[] desl(byte[] key16, byte[] data8) {
        byte[] k = Arrays.copyOf(key16, 21);
        return SaslSupport.concat(des(Arrays.copyOfRange(k, 0, 7), data8), des(Arrays.copyOfRange(k, 7, 14), data8),
                des(Arrays.copyOfRange(k, 14, 21), data8));
    }

    /** One DES-ECB block under a 56-bit key given as 7 bytes, spread over the 8 key bytes DES takes. */
    private static byte[] des(byte[] key7, byte[] block) {
        byte[] key = new byte[8];
        key[0] = key7[0];
        for (int i = 1; i < 7; i++) {
            key[i] = (byte) ((key7[i - 1] << (8 - i)) | ((key7[i] & 0xff) >>> i));
        }
        key[7] = (byte) (key7[6] << 1);
        for (int i = 0; i < 8; i++) { // the top seven bits carry the key; the lowest is odd parity, ignored by DES
            key[i] = (byte) (key[i] & 0xfe | (Integer.bitCount(key[i] & 0xfe) + 1) % 2);
        }
        try {
            Cipher des = Cipher.getInstance("DES/ECB/NoPadding");
            des.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "DES"));
            return des.doFinal(block);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("DES (SunJCE) is needed for NTLMv1", e);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    // ---- NTLMv2 computations ([MS-NLMP] §3.3.2) ----

    /** NTOWFv2(Passwd, User, UserDom) = HMAC_MD5(MD4(UNICODE(Passwd)), UNICODE(Uppercase(User) + UserDom)). */
    static byte[] ntowfv2(String password, String user, String domain) {
        byte[] ntHash = Md4.digest(SaslSupport.utf16le(password));
        byte[] key = SaslSupport.hmac("HmacMD5", ntHash,
                SaslSupport.utf16le(user.toUpperCase(Locale.ROOT) + domain));
        Arrays.fill(ntHash, (byte) 0);
        return key;
    }

    /**
     * The NTLMv2 responses.
     *
     * @param timestamp the 8-byte FILETIME, little-endian
     * @param timestampFromServer whether it came from the server's MsvAvTimestamp (then LmChallengeResponse is
     *     zeros)
     */
    static V2Response ntlmv2(byte[] responseKeyNt, byte[] serverChallenge, byte[] clientChallenge, byte[] timestamp,
            byte[] targetInfo, boolean timestampFromServer) {
        byte[] temp = SaslSupport.concat(new byte[] {1, 1, 0, 0, 0, 0, 0, 0}, timestamp, clientChallenge,
                new byte[4], targetInfo, new byte[4]);
        byte[] ntProofStr = SaslSupport.hmac("HmacMD5", responseKeyNt, serverChallenge, temp);
        byte[] nt = SaslSupport.concat(ntProofStr, temp);
        byte[] lm = timestampFromServer
                ? new byte[24]
                : SaslSupport.concat(SaslSupport.hmac("HmacMD5", responseKeyNt, serverChallenge, clientChallenge),
                        clientChallenge);
        byte[] sessionBaseKey = SaslSupport.hmac("HmacMD5", responseKeyNt, ntProofStr);
        return new V2Response(ntProofStr, nt, lm, sessionBaseKey);
    }

    // ---- messages ([MS-NLMP] §2.2.1) ----

    /** NEGOTIATE_MESSAGE: signature, type 1, flags, empty DomainNameFields and WorkstationFields. */
    static byte[] negotiateMessage() {
        byte[] m = new byte[NEGOTIATE_LENGTH];
        System.arraycopy(SIGNATURE, 0, m, 0, 8);
        putInt(m, 8, NEGOTIATE);
        putInt(m, 12, CLIENT_FLAGS);
        putField(m, 16, 0, NEGOTIATE_LENGTH); // DomainNameFields: none supplied
        putField(m, 24, 0, NEGOTIATE_LENGTH); // WorkstationFields: none supplied
        return m;
    }

    /** The CHALLENGE_MESSAGE's useful parts, or null when it is malformed or unsupported. */
    static Challenge parseChallenge(byte[] m) {
        if (m.length < CHALLENGE_MIN_LENGTH || !Arrays.equals(m, 0, 8, SIGNATURE, 0, 8)
                || getInt(m, 8) != CHALLENGE) {
            return null;
        }
        int flags = getInt(m, 20);
        if ((flags & NEGOTIATE_UNICODE) == 0) {
            return null;
        }
        if (field(m, 12) == null) { // TargetNameFields: unused, but must be sound
            return null;
        }
        byte[] serverChallenge = Arrays.copyOfRange(m, 24, 32);
        byte[] targetInfo = new byte[4]; // just MsvAvEOL when the server sent none
        byte[] timestamp = null;
        if ((flags & NEGOTIATE_TARGET_INFO) != 0) {
            if (m.length < CHALLENGE_WITH_TARGET_INFO_LENGTH) {
                return null;
            }
            byte[] pairs = field(m, 40);
            if (pairs == null) {
                return null;
            }
            int p = 0;
            while (true) {
                if (pairs.length - p < 4) {
                    return null; // no MsvAvEOL
                }
                int id = getShort(pairs, p);
                int len = getShort(pairs, p + 2);
                if (pairs.length - p - 4 < len) {
                    return null;
                }
                if (id == AV_EOL) {
                    if (len != 0) {
                        return null;
                    }
                    targetInfo = Arrays.copyOf(pairs, p + 4);
                    break;
                }
                if (id == AV_TIMESTAMP) {
                    if (len != 8) {
                        return null;
                    }
                    timestamp = Arrays.copyOfRange(pairs, p + 4, p + 12);
                }
                p += 4 + len;
            }
        }
        return new Challenge(flags, serverChallenge, targetInfo, timestamp);
    }

    /** The bytes a Len/MaxLen/Offset field at {@code at} points to, or null when they are not in the message. */
    private static byte[] field(byte[] m, int at) {
        int len = getShort(m, at);
        long offset = getInt(m, at + 4) & 0xffffffffL;
        if (len == 0) {
            return new byte[0];
        }
        if (offset < CHALLENGE_MIN_LENGTH || offset + len > m.length) {
            return null;
        }
        return Arrays.copyOfRange(m, (int) offset, (int) offset + len);
    }

    /** AUTHENTICATE_MESSAGE for a parsed CHALLENGE, or null when a field would not fit. */
    private byte[] authenticateMessage(Challenge challenge) {
        byte[] clientChallenge = clientChallenges.get();
        if (clientChallenge == null || clientChallenge.length != 8) {
            throw new IllegalStateException("the client challenge must be 8 bytes");
        }
        int flags = (CLIENT_FLAGS & challenge.flags()) | NEGOTIATE_UNICODE;
        if (version == Version.V1) {
            V1Response v1 = ntlmv1(responseKeyNt, challenge.serverChallenge(), clientChallenge,
                    (flags & NEGOTIATE_EXTENDED_SESSIONSECURITY) != 0);
            sessionBaseKey = v1.sessionBaseKey();
            return authenticateMessage(flags, SaslSupport.utf16le(domain), SaslSupport.utf16le(user), new byte[0],
                    v1.lmChallengeResponse(), v1.ntChallengeResponse());
        }
        boolean fromServer = challenge.timestamp() != null;
        byte[] timestamp = fromServer ? challenge.timestamp() : littleEndian64(fileTimeClock.getAsLong());
        V2Response v2 = ntlmv2(responseKeyNt, challenge.serverChallenge(), clientChallenge, timestamp,
                challenge.targetInfo(), fromServer);
        if (v2.ntChallengeResponse().length > 0xffff) {
            return null;
        }
        sessionBaseKey = v2.sessionBaseKey();
        return authenticateMessage(flags, SaslSupport.utf16le(domain), SaslSupport.utf16le(user), new byte[0],
                v2.lmChallengeResponse(), v2.ntChallengeResponse());
    }

    /**
     * AUTHENTICATE_MESSAGE: the fixed 64-byte header (no Version, no MIC), then the payload in the order domain,
     * user, workstation, LM response, NT response (EncryptedRandomSessionKey is empty).
     */
    static byte[] authenticateMessage(int flags, byte[] domain, byte[] user, byte[] workstation, byte[] lm,
            byte[] nt) {
        byte[] m = new byte[AUTHENTICATE_HEADER_LENGTH + domain.length + user.length + workstation.length
                + lm.length + nt.length];
        System.arraycopy(SIGNATURE, 0, m, 0, 8);
        putInt(m, 8, AUTHENTICATE);
        int offset = AUTHENTICATE_HEADER_LENGTH;
        offset = putPayload(m, 28, domain, offset);      // DomainNameFields
        offset = putPayload(m, 36, user, offset);        // UserNameFields
        offset = putPayload(m, 44, workstation, offset); // WorkstationFields
        offset = putPayload(m, 12, lm, offset);          // LmChallengeResponseFields
        offset = putPayload(m, 20, nt, offset);          // NtChallengeResponseFields
        putField(m, 52, 0, offset);                      // EncryptedRandomSessionKeyFields: no key exchange
        putInt(m, 60, flags);
        return m;
    }

    private static int putPayload(byte[] m, int fieldAt, byte[] value, int offset) {
        putField(m, fieldAt, value.length, offset);
        System.arraycopy(value, 0, m, offset, value.length);
        return offset + value.length;
    }

    private static void putField(byte[] m, int at, int length, int offset) {
        putShort(m, at, length);     // Len
        putShort(m, at + 2, length); // MaxLen
        putInt(m, at + 4, offset);   // BufferOffset
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

    static int getShort(byte[] m, int at) {
        return (m[at] & 0xff) | (m[at + 1] & 0xff) << 8;
    }

    static int getInt(byte[] m, int at) {
        return (m[at] & 0xff) | (m[at + 1] & 0xff) << 8 | (m[at + 2] & 0xff) << 16 | (m[at + 3] & 0xff) << 24;
    }

    static byte[] littleEndian64(long value) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (value >>> (8 * i));
        }
        return b;
    }

    /** The SessionBaseKey of the last AUTHENTICATE message, for tests; SMTP has no use for it. */
    byte[] sessionBaseKey() {
        return sessionBaseKey == null ? null : sessionBaseKey.clone();
    }

    @Override
    public String toString() {
        return "NTLM" + (version == Version.V1 ? "v1" : "") + " mechanism (" + state + ", credentials redacted)";
    }
}
