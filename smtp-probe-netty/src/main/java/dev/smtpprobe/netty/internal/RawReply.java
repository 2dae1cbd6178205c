package dev.smtpprobe.netty.internal;

import java.util.List;

/**
 * A complete, well-framed reply as the decoder read it.
 *
 * @param code      the three-digit code shared by every line
 * @param lines     the text of each line after code and separator
 * @param wireLines each line as received, without CRLF
 */
record RawReply(int code, List<String> lines, List<String> wireLines) {}
