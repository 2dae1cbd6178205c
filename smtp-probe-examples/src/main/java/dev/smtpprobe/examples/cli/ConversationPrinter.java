package dev.smtpprobe.examples.cli;

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

    /** The end: the outcome with the whole transcript. */
    void finish(Outcome outcome);
}
