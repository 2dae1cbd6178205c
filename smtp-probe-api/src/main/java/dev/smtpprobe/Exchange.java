package dev.smtpprobe;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One reply of an SMTP session with the command it answered (RFC 5321 §4.1, §4.2): the step, the command line as
 * the client sent it, the server's reply, when, and whether TLS protected it. What assertions, printers and checks
 * read instead of putting replies back together from the {@link Transcript}'s lines.
 *
 * <p>There is one exchange per reply, in the order the replies arrived ({@link SmtpSession#exchanges()},
 * {@link Transcript#exchanges()}): the greeting (command {@code ""}), each command (EHLO, STARTTLS, each AUTH line,
 * MAIL, each RCPT, DATA, each BDAT chunk, RSET, QUIT, a raw {@code command(...)} line), and the end of the message
 * content (command {@code ""}, step {@link Step#DATA_CONTENT}). A command that several replies answer (the
 * per-recipient replies of LMTP, RFC 2033 §4.2, or of PRDR after the final dot) yields one exchange per reply, each
 * naming the same command, in order. A step that failed before its reply was complete (timeout, lost connection,
 * protocol violation) has no exchange: its lines are in the transcript.
 *
 * <p><b>Secrets.</b> The command is the line as the transcript shows it: AUTH payloads and responses are
 * {@code <redacted>}; the reply has the session's secrets redacted where the server echoed them (as the
 * transcript's lines do).
 *
 * <p><b>Time.</b> Both moments are nanoseconds since the epoch on the session's transcript clock
 * ({@link TranscriptEntry#epochNanos()}): {@link #repliedAt()} is the time of the reply's last line in the
 * transcript, {@link #sentAt()} that moment less the {@linkplain Reply#elapsed() reply's elapsed time}, i.e. when
 * the command (the final dot, the chunk) was written, or when the connection opened for the greeting.
 *
 * @param step      the step the reply answered ({@link Step#GREETING} for the greeting, {@link Step#DATA_CONTENT}
 *                  for the reply to the message content, {@link Step#COMMAND} for a raw command line)
 * @param command   the command line as sent, without CRLF, secrets redacted as in the transcript; {@code ""} for the
 *                  greeting and for the message content (which is no command line)
 * @param reply     the server's reply
 * @param sentAt    when the command was written (the connection opened, for the greeting), in nanoseconds since
 *                  the epoch
 * @param repliedAt when the reply's last line was read, in nanoseconds since the epoch; not before {@code sentAt}
 * @param tls       true when the command and its reply travelled inside TLS (implicit TLS, RFC 8314, or after
 *                  STARTTLS, RFC 3207); false for the STARTTLS command itself, which is sent in plaintext
 */
public record Exchange(Step step, String command, Reply reply, long sentAt, long repliedAt, boolean tls) {

    /**
     * Checks for nulls and that the reply does not come before the command.
     *
     * @throws IllegalArgumentException when {@code repliedAt} is before {@code sentAt}
     */
    public Exchange {
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(reply, "reply");
        if (repliedAt < sentAt) {
            throw new IllegalArgumentException("an exchange's reply cannot come before its command: repliedAt "
                    + repliedAt + " < sentAt " + sentAt);
        }
    }

    /** How long the server took: from {@link #sentAt()} to {@link #repliedAt()}. */
    public Duration elapsed() {
        return Duration.ofNanos(repliedAt - sentAt);
    }

    /** {@link #sentAt()} as an {@link Instant}, made on each call. */
    public Instant sentTime() {
        return instant(sentAt);
    }

    /** {@link #repliedAt()} as an {@link Instant}, made on each call. */
    public Instant repliedTime() {
        return instant(repliedAt);
    }

    /** Whether this is the server's greeting (RFC 5321 §4.3.1), which answers no command. */
    public boolean isGreeting() {
        return step == Step.GREETING;
    }

    /**
     * The exchange on one line for people, like the transcript prints it: {@code  -> RCPT TO:<a@b.test>  <- 550 5.7.1
     * Unable to relay} ({@code ~>}/{@code <~} inside TLS), a multi-line reply's lines joined with {@code " / "}, the
     * server's control characters escaped ({@link Printable}).
     */
    @Override
    public String toString() {
        String what = switch (step) {
            case GREETING -> "(greeting)";
            case DATA_CONTENT -> "(message content)";
            default -> Printable.text(command);
        };
        return (tls ? " ~> " : " -> ") + what + (tls ? "  <~ " : "  <- ") + reply.toString().replace("\n", " / ");
    }

    private static Instant instant(long epochNanos) {
        return Instant.ofEpochSecond(Math.floorDiv(epochNanos, 1_000_000_000L), Math.floorMod(epochNanos, 1_000_000_000L));
    }
}
