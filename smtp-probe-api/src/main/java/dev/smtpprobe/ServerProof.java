package dev.smtpprobe;

/**
 * Whether the server proved, during {@code AUTH}, that it knows the client's credentials (mutual authentication).
 * In SCRAM (RFC 5802 §3, §9; RFC 7677) that proof is the point of the mechanism: the server-final message
 * {@code v=<ServerSignature>}, which only a server holding the salted password (or its {@code ServerKey}) can
 * compute. RFC 4954 §4 carries it in a {@code 334} challenge before the {@code 235}.
 *
 * <p>A caller checking a server must treat {@link #NOT_SENT} and {@link #MISMATCHED} after a {@code 235} as a failed
 * check of the server: it accepted the client without showing that it is the server holding the credentials (a
 * server that accepts anyone, or a machine in the middle). {@link AuthResult#isSuccess()} only reports the
 * server's {@code 235}; {@link AuthResult#serverProof()} reports this fact beside it.
 */
public enum ServerProof {

    /** The server sent its proof and it matched: the server knows the password (SCRAM {@code v=} verified). */
    VERIFIED,

    /**
     * The mechanism expects a proof from the server and none arrived: the server answered (for example
     * {@code 235}, or a failure) without a SCRAM server-final message, sent an {@code e=} error in its place, or the
     * exchange ended before it.
     */
    NOT_SENT,

    /**
     * The server sent a proof that does not match (a wrong or malformed SCRAM {@code v=}): the client cancelled the exchange with {@code *} (RFC 4954 §4). Whatever the final reply says, the server
     * did not prove that it knows the password.
     */
    MISMATCHED,

    /**
     * The mechanism has no server proof (PLAIN, LOGIN, CRAM-MD5, XOAUTH2, NTLM as used here, and mechanisms that do
     * not override {@link SaslMechanism#serverProof()}): nothing to verify.
     */
    NOT_APPLICABLE
}
