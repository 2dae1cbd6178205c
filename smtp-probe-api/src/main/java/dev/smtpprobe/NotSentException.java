package dev.smtpprobe;

import java.util.Objects;

/**
 * The client refused to send a command because a rule of the session forbids it now; nothing was written for it.
 * {@link #reason()} says which rule. Unlike a malformed argument ({@link InvalidArgumentException}) the call
 * itself was well formed: the session's state or the server's advertised limits stand against it.
 *
 * <p>The session stays usable: {@link #closedBy()} is {@link ClosedBy#NOT_CLOSED}. (When TLS is required and cannot
 * be had at all, STARTTLS not offered or refused, the session ends with a {@link TlsFailedException} instead.)
 */
public final class NotSentException extends ProbeException {

    private static final long serialVersionUID = 1L;

    /** Why a command was not sent. */
    public enum Reason {
        /**
         * TLS is required ({@link TlsMode#STARTTLS_REQUIRED}) and the connection is not protected, so a command that
         * carries mail or credentials (MAIL, RCPT, DATA, BDAT, AUTH) was not sent (RFC 3207 §4).
         */
        TLS_REQUIRED,
        /**
         * A SASL mechanism that reveals the secret (PLAIN, LOGIN, XOAUTH2) on a connection without TLS, which
         * {@link ProbeOptions.Builder#allowPlaintextAuthentication(boolean)} did not allow (RFC 4954 §4).
         */
        PLAINTEXT_AUTH,
        /** No mechanism the server offers is one the client may use here (RFC 4954 §3). */
        NO_USABLE_MECHANISM,
        /**
         * A declared {@code SIZE} over the limit the server advertised in EHLO (RFC 1870 §4); turn the pre-check off
         * with {@link ProbeOptions.Builder#sizePrecheck(boolean)} to test the server's own limit.
         */
        SIZE_OVER_LIMIT,
        /** SMTPUTF8 was asked for and the server did not offer it (RFC 6531 §3.4). */
        SMTPUTF8_NOT_OFFERED,
        /** The command line would be longer than the configured limit (RFC 5321 §4.5.3.1.4, RFC 1869 §4.1.2). */
        LINE_TOO_LONG,
        /**
         * {@code REQUIRETLS} was asked for and cannot be honoured here (RFC 8689 §4.2.1): the connection has no TLS,
         * the server's certificate was not verified, or the server did not offer REQUIRETLS; a message that requires
         * TLS must not be handed to such a server.
         */
        REQUIRETLS_NOT_POSSIBLE
    }

    private final Reason reason;

    /** A refusal for {@code reason}; {@code detail} says what was refused and what the caller can do. */
    public NotSentException(Reason reason, String detail, Transcript transcript, ClosedBy closedBy) {
        super(detail + " (nothing was sent)", null, transcript, closedBy);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** A refusal that leaves the session open. */
    public NotSentException(Reason reason, String detail, Transcript transcript) {
        this(reason, detail, transcript, ClosedBy.NOT_CLOSED);
    }

    private NotSentException(NotSentException original) {
        super(original);
        this.reason = original.reason;
    }

    /** Which rule stood against sending. */
    public Reason reason() {
        return reason;
    }

    @Override
    NotSentException onCallerThread() {
        return new NotSentException(this);
    }
}
