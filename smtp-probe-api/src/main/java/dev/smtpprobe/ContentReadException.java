package dev.smtpprobe;

import java.io.IOException;

/**
 * The message given as a stream or a file could not be read to its end while it was being sent (after the
 * {@code 354} to DATA, RFC 5321 §4.1.1.4, or between BDAT chunks, RFC 3030): the content already written cannot be
 * taken back, and a final dot (or {@code BDAT LAST}) would deliver half a message, so the client closes the
 * connection without ending the content ({@link #closedBy()} is {@link ClosedBy#CLIENT}) and the server discards
 * the transaction. The cause is the stream's exception.
 */
public final class ContentReadException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final Step step;
    private final long octetsWritten;

    /** Reading the message failed with {@code cause} during {@code step}, after {@code octetsWritten} octets went out. */
    public ContentReadException(Step step, long octetsWritten, Throwable cause, Transcript transcript) {
        super("reading the message failed during " + step + " after " + octetsWritten + " octets were written: "
                + cause + "; the content is cut, the client closed the connection (the server discards the"
                + " transaction)", cause, transcript, ClosedBy.CLIENT);
        this.step = step;
        this.octetsWritten = octetsWritten;
    }

    private ContentReadException(ContentReadException original) {
        super(original);
        this.step = original.step;
        this.octetsWritten = original.octetsWritten;
    }

    @Override
    ContentReadException onCallerThread() {
        return new ContentReadException(this);
    }

    /** The step whose content was cut: {@link Step#DATA_CONTENT} or {@link Step#BDAT}. */
    public Step step() {
        return step;
    }

    /** Octets of content (dot-stuffed for DATA, as they are for BDAT) written before the cut. */
    public long octetsWritten() {
        return octetsWritten;
    }

    /**
     * The stream's failure ({@link IOException} usually; an unchecked exception the stream threw as it is).
     *
     * @return the cause given at construction
     */
    public Throwable readFailure() {
        Throwable c = getCause();
        return c instanceof ContentReadException copy ? copy.readFailure() : c;
    }
}
