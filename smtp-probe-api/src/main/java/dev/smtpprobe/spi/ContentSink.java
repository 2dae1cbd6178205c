package dev.smtpprobe.spi;

import dev.smtpprobe.ProbeException;
import dev.smtpprobe.Reply;
import java.util.concurrent.CompletableFuture;

/**
 * Message content after {@code 354} (RFC 5321 §4.1.1.4) handed to the transport in parts by a caller that reads
 * it from somewhere else (a stream), never whole: the transport dot-stuffs and normalises line endings with one
 * {@link ContentEncoder} across all parts, and writes each part in blocks under the data block timeout. One
 * {@link #write} at a time: the next part is given once the previous one's future has completed (backpressure),
 * so that at most one part is held. The transport never reads the caller's source itself.
 */
public interface ContentSink {

    /**
     * Encodes and writes {@code message[off, off + len)}; completes once all of it has been written (the array may
     * then be reused), or fails with the step's failure (the server answered before the end of data, a block was
     * not taken in time, the connection was lost).
     */
    CompletableFuture<Void> write(byte[] message, int off, int len);

    /**
     * Ends the content: the CRLF of an unterminated last line, the transcript's summary line, the final
     * {@code .CRLF}; completes with the reply to the content (under the DATA termination timeout) or the step's
     * failure.
     */
    CompletableFuture<Reply> end();

    /**
     * The message could not be read to its end: the content is cut and cannot be taken back (a final dot would
     * deliver half a message), so the transport closes the connection and fails the step with {@code failure}.
     */
    void abort(ProbeException failure);

    /** Octets of content handed to the operating system so far (after dot-stuffing). */
    long written();
}
