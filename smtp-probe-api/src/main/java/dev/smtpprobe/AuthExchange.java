package dev.smtpprobe;

import java.util.Objects;

/**
 * One round of an AUTH exchange (RFC 4954 §4): the server's {@code 334} challenge, its base64-decoded text (e.g.
 * {@code Username:} for LOGIN), and what the client answered, shown redacted.
 *
 * <p>Challenge and decoded text are the server's, except that a secret the client sent earlier in the session is
 * replaced by {@code <redacted>} where the server echoed it; {@link #toString()} shows the code, the decoded text
 * and the response, never the raw base64 of the challenge.
 *
 * @param challenge the 334 reply (secrets of the session it echoed redacted)
 * @param decoded   the challenge decoded from base64 (UTF-8; binary challenges such as NTLM's show as replacement
 *                  characters), or a note when it was not valid base64; secrets of the session it echoed redacted
 * @param response  what the client sent, as the transcript shows it: {@code <redacted>}, {@code *} (cancel) or
 *                  {@code (empty)}
 */
public record AuthExchange(Reply challenge, String decoded, String response) {

    /** Checks for nulls. */
    public AuthExchange {
        Objects.requireNonNull(challenge, "challenge");
        Objects.requireNonNull(decoded, "decoded");
        Objects.requireNonNull(response, "response");
    }

    /** {@code AuthExchange[334 "Username:" -> <redacted>]}. */
    @Override
    public String toString() {
        return "AuthExchange[" + challenge.code() + " \"" + decoded + "\" -> " + response + "]";
    }
}
