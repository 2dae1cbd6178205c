package dev.smtpprobe;

/**
 * The protocol a session speaks: SMTP (RFC 5321) or LMTP (RFC 2033), chosen with
 * {@link ProbeOptions.Builder#protocol(Protocol)}.
 */
public enum Protocol {
    /** SMTP (RFC 5321): {@code EHLO}, and one reply to the end of a message. */
    SMTP,
    /**
     * LMTP (RFC 2033): {@link SmtpSession#ehlo(String)} sends {@code LHLO} (§4.1), and the end of a message (the final
     * dot, or {@code BDAT ... LAST}) is answered by one reply per accepted recipient, in the order of the RCPT
     * commands (§4.2, §4.3), read as {@link DataResult#recipientReplies()}. LMTP servers listen elsewhere than port
     * 25 (Dovecot's {@code lmtp} on 24 or a socket; RFC 2033 §5 forbids port 25): give the port to {@code connect}.
     */
    LMTP
}
