package dev.smtpprobe;

import dev.smtpprobe.internal.QueueIds;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A server reply (RFC 5321 §4.2): a three-digit code and one or more lines of text. A negative reply (4xx, 5xx)
 * is a normal value, not an exception: a probe that expects {@code 550 5.7.1 Unable to relay} gets it here.
 *
 * @param code    the reply code, 200–599 (RFC 5321 §4.2.1)
 * @param lines   the text of each line after the code and its separator, in order; a bare {@code 250} has one
 *                empty line
 * @param elapsed time from the moment the command was written (or the connection opened, for the greeting)
 *                until the whole reply was read
 */
public record Reply(int code, List<String> lines, Duration elapsed) {

    /** Checks the code range and copies the lines. */
    public Reply {
        if (code < 200 || code > 599) {
            throw new IllegalArgumentException("SMTP reply codes run from 200 to 599, not " + code);
        }
        lines = List.copyOf(Objects.requireNonNull(lines, "lines"));
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a reply has at least one line");
        }
        Objects.requireNonNull(elapsed, "elapsed");
    }

    /** A reply with no elapsed time, for tests and hand-made replies. */
    public static Reply of(int code, String... lines) {
        return new Reply(code, List.of(lines), Duration.ZERO);
    }

    /** The text of all lines joined with {@code \n}, without codes. */
    public String text() {
        return String.join("\n", lines);
    }

    /**
     * The RFC 3463 enhanced status code at the start of the first line's text (RFC 2034 §4), when the server sent
     * one whose class equals the first digit of {@link #code()}. Never invented: empty when absent or malformed.
     */
    public Optional<EnhancedStatus> enhancedStatus() {
        return EnhancedStatus.parseReplyText(code, lines.get(0));
    }

    /** The first line's text without its enhanced status code (the human part, e.g. {@code Sender OK}). */
    public String message() {
        String first = lines.get(0);
        // cut what the server wrote (it may be "5.01.1"), not the normalised form
        return enhancedStatus().map(s -> first.replaceFirst("^\\S+", "").stripLeading()).orElse(first);
    }

    /** The queue id the server gave when it accepted a message (Postfix, Exchange, Sendmail, Exim, ...), if any. */
    public Optional<String> queueId() {
        return isPositive() ? QueueIds.find(text()) : Optional.empty();
    }

    /** The first digit of the code: 2 success, 3 intermediate, 4 transient failure, 5 permanent failure. */
    public int codeClass() {
        return code / 100;
    }

    /** 2yz: the requested action was completed (RFC 5321 §4.2.1). */
    public boolean isPositive() {
        return codeClass() == 2;
    }

    /** 3yz: accepted, the server waits for more (the {@code 354} to DATA, {@code 334} in AUTH). */
    public boolean isIntermediate() {
        return codeClass() == 3;
    }

    /** 4yz: not done this time; the same command may succeed later (RFC 5321 §4.2.1). */
    public boolean isTransientFailure() {
        return codeClass() == 4;
    }

    /** 5yz: not done and will not be done if repeated as is (RFC 5321 §4.2.1). */
    public boolean isPermanentFailure() {
        return codeClass() == 5;
    }

    /** 4yz or 5yz. */
    public boolean isFailure() {
        return codeClass() >= 4;
    }

    /** The reply as it was on the wire: {@code 250-first} ... {@code 250 last}, lines joined with {@code \n}. */
    @Override
    public String toString() {
        var out = new StringBuilder();
        for (int i = 0; i < lines.size(); i++) {
            if (i > 0) {
                out.append('\n');
            }
            String text = lines.get(i);
            out.append(code);
            if (i < lines.size() - 1) {
                out.append('-').append(text);
            } else if (!text.isEmpty()) {
                out.append(' ').append(text);
            }
        }
        return out.toString();
    }
}
