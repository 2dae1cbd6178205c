package dev.smtpprobe.netty.internal;

import java.util.List;

/**
 * A complete, well-framed reply as the decoder read it.
 *
 * @param code      the three-digit code shared by every line
 * @param lines     the text of each line after code and separator
 * @param wireLines each line as received, without CRLF
 * @param trailing  bytes that followed a {@code 220} to STARTTLS in the same read (an excerpt), or null: a
 *                  response injection attempt
 */
record RawReply(int code, List<String> lines, List<String> wireLines, byte[] trailing) {

    /** A reply with nothing trailing. */
    RawReply(int code, List<String> lines, List<String> wireLines) {
        this(code, lines, wireLines, null);
    }
}
