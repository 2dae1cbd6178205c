package dev.smtpprobe.examples.cli;

/**
 * Where {@code --quit-after} ends the conversation (with QUIT), in conversation order. Later steps are not sent, and
 * their replies cannot fail the run.
 */
public enum QuitAfter {
    /** Once connected: the greeting is read but not judged (is anything listening?). */
    CONNECT,
    /** After the greeting. */
    BANNER,
    /** After the first EHLO (before STARTTLS). */
    EHLO,
    /** After STARTTLS and the TLS handshake (before the EHLO inside TLS). */
    TLS,
    /** After AUTH. */
    AUTH,
    /** After MAIL FROM. */
    MAIL,
    /** After the RCPT TOs. */
    RCPT,
    /** After the message: DATA, the content and the reply to the final dot (the whole transaction; the default). */
    DATA;

    /** Whether the conversation goes on past {@code step}. */
    public boolean continuesAfter(QuitAfter step) {
        return compareTo(step) > 0;
    }
}
