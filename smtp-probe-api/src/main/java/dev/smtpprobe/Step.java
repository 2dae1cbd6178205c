package dev.smtpprobe;

/**
 * A step of the SMTP conversation (RFC 5321 §4.1, §3.3): what a timeout, a lost connection or a protocol
 * violation happened in, and what each {@link Timeouts timeout} applies to.
 */
public enum Step {
    /** Opening the TCP connection (before any SMTP byte). */
    CONNECT,
    /** Waiting for the server's {@code 220} greeting (RFC 5321 §4.3.1, §4.5.3.2.1). */
    GREETING,
    /** {@code EHLO} (RFC 5321 §4.1.1.1). */
    EHLO,
    /** {@code HELO} (RFC 5321 §4.1.1.1). */
    HELO,
    /** {@code LHLO}, LMTP's greeting in place of EHLO (RFC 2033 §4.1). */
    LHLO,
    /** {@code STARTTLS} up to the server's {@code 220} (RFC 3207 §4). */
    STARTTLS,
    /** The TLS handshake, after STARTTLS or at connect for implicit TLS (RFC 8314). */
    TLS_HANDSHAKE,
    /** {@code AUTH} and each challenge/response line of its exchange (RFC 4954 §4). */
    AUTH,
    /** {@code MAIL FROM} (RFC 5321 §4.1.1.2). */
    MAIL,
    /** {@code RCPT TO} (RFC 5321 §4.1.1.3). */
    RCPT,
    /** {@code DATA} up to the server's {@code 354} (RFC 5321 §4.1.1.4, "DATA initiation"). */
    DATA,
    /** The message content and the final {@code .} up to the server's reply ("data block" and "DATA termination"). */
    DATA_CONTENT,
    /** {@code BDAT} with one chunk of the message (RFC 3030 §2). */
    BDAT,
    /** {@code RSET} (RFC 5321 §4.1.1.5). */
    RSET,
    /** {@code VRFY} (RFC 5321 §4.1.1.6). */
    VRFY,
    /** {@code EXPN} (RFC 5321 §4.1.1.7). */
    EXPN,
    /** {@code HELP} (RFC 5321 §4.1.1.8). */
    HELP,
    /** {@code NOOP} (RFC 5321 §4.1.1.9). */
    NOOP,
    /** {@code QUIT} (RFC 5321 §4.1.1.10). */
    QUIT,
    /** Postfix's {@code XCLIENT} up to its reply, a new {@code 220} greeting when taken (XCLIENT_README). */
    XCLIENT,
    /** Postfix's {@code XFORWARD} (XFORWARD_README). */
    XFORWARD,
    /** {@code ETRN}: ask the server to start delivering the mail it queues for a domain (RFC 1985). */
    ETRN,
    /** A command line given to {@code command(String)}, sent exactly as written. */
    COMMAND
}
