package dev.smtpprobe;

/** The TCP connection could not be opened (before any SMTP byte); {@link #reason()} tells refused from timed out. */
public final class ConnectFailedException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final ConnectFailure reason;
    private final String host;
    private final int port;

    /** A connect failure to {@code host:port}. */
    public ConnectFailedException(ConnectFailure reason, String host, int port, Throwable cause, Transcript transcript) {
        this(reason, host, port, cause, transcript, ClosedBy.NEVER_OPENED);
    }

    /** The same, saying which side closed the connection. */
    public ConnectFailedException(ConnectFailure reason, String host, int port, Throwable cause, Transcript transcript, ClosedBy closedBy) {
        super("could not connect to " + host + ":" + port + ": " + reason.name().toLowerCase(java.util.Locale.ROOT)
                .replace('_', ' ') + (cause == null || cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"),
                cause, transcript, closedBy);
        this.reason = reason;
        this.host = host;
        this.port = port;
    }

    private ConnectFailedException(ConnectFailedException original) {
        super(original);
        this.reason = original.reason;
        this.host = original.host;
        this.port = original.port;
    }

    @Override
    ConnectFailedException onCallerThread() {
        return new ConnectFailedException(this);
    }

    /** Why it failed. */
    public ConnectFailure reason() {
        return reason;
    }

    /** The host as the caller named it. */
    public String host() {
        return host;
    }

    /** The port. */
    public int port() {
        return port;
    }
}
