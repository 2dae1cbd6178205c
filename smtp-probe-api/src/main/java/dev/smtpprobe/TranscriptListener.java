package dev.smtpprobe;

/**
 * Sees every {@link TranscriptEntry} as it is recorded, for tools that show a conversation live. Called on the
 * transport's I/O thread: it must be fast and must not block. It hears every line, also those that a session's
 * bounded {@link Transcript} later drops ({@link ProbeOptions.Builder#transcriptMaxLines(int)}): a listener is the
 * way to keep the whole of a long session, in a file say. The marker a bounded transcript starts with is not a line
 * of the conversation and is not shown to it.
 *
 * <p>A listener cannot break the conversation. Whatever it throws — an exception, or an {@link Error} such as a
 * test's {@link AssertionError} — is caught and the session goes on; the listener keeps being called for the
 * entries that follow. The first failure of a session is recorded once, as the event line
 * {@code listener failed: <what it threw>} (shown to the listener too). Only a {@link VirtualMachineError}
 * ({@link OutOfMemoryError}, {@link StackOverflowError}) is rethrown: the JVM itself is in trouble. A test
 * that asserts inside a listener must therefore check afterwards that the transcript has no
 * {@code listener failed} line: its AssertionError does not reach the test's thread.
 *
 * <p>The entries' lines are the server's text as received, control characters included: print
 * {@link TranscriptEntry#toString()} or {@link TranscriptEntry#printableLine()}, not {@link TranscriptEntry#line()}.
 */
@FunctionalInterface
public interface TranscriptListener {

    /** Listens to nothing. */
    TranscriptListener NONE = entry -> { };

    /** Called once per entry, in transcript order. */
    void onEntry(TranscriptEntry entry);
}
