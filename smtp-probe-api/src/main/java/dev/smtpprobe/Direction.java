package dev.smtpprobe;

/** Who a {@link TranscriptEntry} came from: the client, the server, or the probe itself (connection events). */
public enum Direction {
    /** A line the client wrote to the server. */
    SENT,
    /** A line the server sent. */
    RECEIVED,
    /** An event of the probe, not on the wire: connecting, connected, closed, a failure. */
    INFO
}
