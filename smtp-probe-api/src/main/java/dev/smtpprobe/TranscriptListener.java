package dev.smtpprobe;

/**
 * Sees every {@link TranscriptEntry} as it is recorded, for tools that show a conversation live. Called on the
 * transport's I/O thread: it must be fast and must not block; anything it throws is ignored.
 */
@FunctionalInterface
public interface TranscriptListener {

    /** Listens to nothing. */
    TranscriptListener NONE = entry -> { };

    /** Called once per entry, in transcript order. */
    void onEntry(TranscriptEntry entry);
}
