package dev.smtpprobe;

import java.util.Objects;

/**
 * One round of an AUTH exchange (RFC 4954 §4): the server's {@code 334} challenge, its base64-decoded text (e.g.
 * {@code Username:} for LOGIN), and what the client answered, shown redacted.
 *
 * @param challenge the 334 reply
 * @param decoded   the challenge decoded from base64 (UTF-8; binary challenges such as NTLM's show as replacement
 *                  characters), or a note when it was not valid base64
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
}
