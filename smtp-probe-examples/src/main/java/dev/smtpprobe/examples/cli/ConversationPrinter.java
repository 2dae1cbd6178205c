package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MxResult;
import dev.smtpprobe.Transcript;

/**
 * Shows a conversation as it goes and how it ended: {@link TextPrinter} like swaks, {@link JsonPrinter} as one
 * JSON document at the end.
 */
interface ConversationPrinter {

    /** The transcript so far, after each step; a printer shows the entries it has not shown yet. */
    void progress(Transcript transcript);

    /** A remark of the command line itself (not on the wire), e.g. why TLS was not used. */
    void note(String text);

    /** The MX lookup of {@code --mx}, before the first connection. */
    void mx(MxResult mx);

    /** The server the next connection goes to (with {@code --mx}, each exchanger address tried). */
    void connectingTo(Target target);

    /**
     * A connection attempt that failed before the conversation began ({@code --mx}: the next exchanger address is
     * tried); the next {@link #progress} shows a new session's transcript.
     */
    void skipped(Outcome outcome, String note);

    /** The end: the outcome with the whole transcript. */
    void finish(Outcome outcome);
}
