package dev.smtpprobe;

/**
 * Bounds on what a server may send in one reply, so that no server can make the client use unbounded memory.
 * A reply beyond them ends the session with a {@link ProtocolViolationException}.
 *
 * @param maxLineLength bytes in one reply line, CRLF excluded (default {@value #DEFAULT_MAX_LINE_LENGTH}; RFC 5321
 *                      §4.5.3.1.5 allows servers 512 including CRLF, real ones sometimes send more)
 * @param maxLines      lines in one reply (default {@value #DEFAULT_MAX_LINES})
 * @param maxReplyBytes bytes in one reply, all lines with their CRLFs (default {@value #DEFAULT_MAX_REPLY_BYTES})
 */
public record ReplyLimits(int maxLineLength, int maxLines, int maxReplyBytes) {

    /** Default line length cap. */
    public static final int DEFAULT_MAX_LINE_LENGTH = 4096;
    /** Default line count cap. */
    public static final int DEFAULT_MAX_LINES = 512;
    /** Default reply size cap. */
    public static final int DEFAULT_MAX_REPLY_BYTES = 128 * 1024;

    /** The defaults. */
    public static final ReplyLimits DEFAULT = new ReplyLimits(DEFAULT_MAX_LINE_LENGTH, DEFAULT_MAX_LINES, DEFAULT_MAX_REPLY_BYTES);

    /** Checks that the limits are usable: a line of at least 3 bytes (the code), one line, one line's bytes. */
    public ReplyLimits {
        if (maxLineLength < 3 || maxLines < 1 || maxReplyBytes < (long) maxLineLength + 2) {
            throw new IllegalArgumentException("reply limits too small: line " + maxLineLength + ", lines "
                    + maxLines + ", reply bytes " + maxReplyBytes);
        }
    }
}
