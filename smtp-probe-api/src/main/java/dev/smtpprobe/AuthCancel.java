package dev.smtpprobe;

import java.util.Objects;

/**
 * Why the client cancelled an AUTH exchange with {@code *} (RFC 4954 §4) instead of answering a {@code 334}
 * challenge. The server's answer to the {@code *} (normally {@code 501}) is {@link AuthResult#reply()}; this says
 * what made the client stop. The detail never holds a secret.
 *
 * @param reason the kind of refusal
 * @param detail the same in words for a person, e.g. {@code SCRAM iteration count 50000000 is above the limit of
 *               1000000 (ProbeOptions.Builder.maxScramIterations); nothing was computed}
 */
public record AuthCancel(Reason reason, String detail) {

    /** Checks for nulls. */
    public AuthCancel {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(detail, "detail");
    }

    /** The kinds of refusal. */
    public enum Reason {
        /** The challenge was not valid base64 (RFC 4954 §4). */
        INVALID_CHALLENGE,
        /** The server kept challenging past the client's round limit. */
        TOO_MANY_CHALLENGES,
        /** The mechanism found the challenge unexpected or malformed (out of turn, bad nonce, missing salt...). */
        MECHANISM_REFUSED,
        /**
         * SCRAM: the server asked for more PBKDF2 iterations than {@link ProbeOptions#maxScramIterations()} allows.
         * The client refused to spend the CPU on it: nothing was computed and nothing about the password was sent.
         */
        ITERATION_COUNT_OVER_LIMIT,
        /**
         * SCRAM: the server's final message carried a signature that does not prove that it knows the password (a
         * wrong or malformed {@code v=}): see {@link ServerProof#MISMATCHED}.
         */
        SERVER_PROOF_MISMATCH
    }
}
