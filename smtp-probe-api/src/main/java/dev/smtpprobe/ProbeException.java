package dev.smtpprobe;

import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The root of smtp-probe's failures: the conversation broke (the probe could not connect, a step timed out, the
 * connection was lost, the server violated the protocol, TLS failed) or the client refused to send a command
 * ({@link NotSentException}). A negative SMTP reply is not one of these: it is a {@link Reply}.
 *
 * <p>Every instance carries the {@link Transcript} up to the failure and says which side closed the connection
 * ({@link #closedBy()}). A caller's malformed argument is an {@link InvalidArgumentException} instead, an
 * {@link IllegalArgumentException} as the Java convention for a caller's mistake asks.
 *
 * <p>A blocking step throws an exception created on the calling thread, of the same type and with the same
 * facts, whose {@link #getCause() cause} is the one raised where the failure was detected (the transport's I/O
 * thread), so that the stack trace shows both the caller and the I/O side, as {@code HttpClient.send} does.
 * What caused the original (say, the I/O error under a {@link ConnectionLostException}) is its own cause:
 * {@code e.getCause().getCause()}.
 *
 * <p>An {@code ...Async} step reports its failure through its future, and a future derived from it
 * ({@code thenCompose}, {@code thenApply}, ...) or {@code join()} wraps it in a {@link CompletionException}
 * ({@code get()} in an {@link ExecutionException}), as {@link java.util.concurrent.CompletableFuture} does.
 * {@link #unwrap(Throwable)} takes those layers off:
 *
 * <pre>{@code
 * session.ehloAsync("probe.example.test")
 *         .thenCompose(hello -> hello.mailFromAsync("probe@example.test"))
 *         .exceptionally(e -> {
 *             if (ProbeException.unwrap(e) instanceof StepTimeoutException timeout) {
 *                 System.err.println(timeout.getMessage() + System.lineSeparator() + timeout.transcript());
 *             }
 *             return null;
 *         });
 * }</pre>
 */
public abstract class ProbeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** The transcript is a snapshot of immutable entries. */
    @SuppressWarnings("serial")
    private final Transcript transcript;
    private final ClosedBy closedBy;
    /** Set by the session: hides the secrets it sent where a server echoed them into this failure's text. */
    private transient volatile UnaryOperator<String> redactor;

    /**
     * A failure with its message, cause (may be null), transcript and the side that closed the connection. The
     * message often quotes the server; it is escaped by {@link Printable#text(CharSequence)}, so that
     * {@link #getMessage()} never carries a control character to a log or a terminal.
     */
    protected ProbeException(String message, Throwable cause, Transcript transcript, ClosedBy closedBy) {
        super(message == null ? null : Printable.text(message), cause);
        this.transcript = Objects.requireNonNull(transcript, "transcript");
        this.closedBy = Objects.requireNonNull(closedBy, "closedBy");
    }

    /**
     * The same failure seen from another thread: the same message, transcript and side, with {@code original} as
     * the cause; subclasses copy their own facts.
     */
    protected ProbeException(ProbeException original) {
        super(original.getMessage(), original);
        this.transcript = original.transcript;
        this.closedBy = original.closedBy;
        this.redactor = original.redactor; // a copy hides the session's secrets too (partialReply(), ...)
    }

    /** Makes {@link #getMessage()} hide the session's registered secrets (AUTH payloads a server echoed back). */
    final void redactWith(UnaryOperator<String> redaction) {
        this.redactor = redaction;
    }

    /**
     * The message, with every secret the session sent replaced by {@code <redacted>} where a server echoed it into
     * a reply this message quotes (a partial reply, the bytes of a protocol violation). Text facts of a subclass
     * are redacted the same way ({@link ConnectionLostException#partialReply()}); raw bytes
     * ({@link ProtocolViolationException#offendingBytes()}) stay exactly as received, for code that asks.
     */
    @Override
    public String getMessage() {
        return redacted(super.getMessage());
    }

    /** {@code text} with the session's secrets redacted, once the session has set the redaction. */
    final String redacted(String text) {
        UnaryOperator<String> redaction = redactor;
        return text == null || redaction == null ? text : redaction.apply(text);
    }

    /**
     * The failure inside the {@link CompletionException} and {@link ExecutionException} layers that
     * {@link java.util.concurrent.CompletableFuture} puts around it: a {@code ProbeException} when the conversation
     * broke (or a command was not sent), an {@link IllegalArgumentException} ({@link InvalidArgumentException}) or
     * {@link IllegalStateException} for a refused call. Returns {@code failure} itself when it is no such layer (or a
     * layer without a cause).
     *
     * @throws NullPointerException when {@code failure} is null
     */
    public static Throwable unwrap(Throwable failure) {
        Throwable t = Objects.requireNonNull(failure, "failure");
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    /** The conversation up to the failure. */
    public Transcript transcript() {
        return transcript;
    }

    /** Which side ended the connection, or {@link ClosedBy#NOT_CLOSED} when it is still open. */
    public ClosedBy closedBy() {
        return closedBy;
    }

    /**
     * A copy of this failure created on the calling thread (same type and facts, this as the cause), which a
     * blocking step throws so that the stack trace shows where the caller was.
     */
    abstract ProbeException onCallerThread();
}
