package dev.smtpprobe;

/**
 * A DNS lookup got no usable answer: no server answered, or it answered with SERVFAIL, REFUSED or garbage. A name
 * that does not exist is not one of these: {@link MxResult.Kind#NO_SUCH_DOMAIN} is an answer.
 */
public final class DnsLookupException extends ProbeException {

    private static final long serialVersionUID = 1L;

    private final DnsFailure failure;
    private final String name;

    /** A failed lookup of {@code name}. */
    public DnsLookupException(DnsFailure failure, String name, String detail, Throwable cause) {
        this(failure, name, detail, cause, ClosedBy.NEVER_OPENED);
    }

    /** The same, saying which side closed the connection. */
    public DnsLookupException(DnsFailure failure, String name, String detail, Throwable cause, ClosedBy closedBy) {
        super("DNS lookup of " + name + " failed (" + failure + "): " + detail, cause, Transcript.EMPTY, closedBy);
        this.failure = failure;
        this.name = name;
    }

    private DnsLookupException(DnsLookupException original) {
        super(original);
        this.failure = original.failure;
        this.name = original.name;
    }

    @Override
    DnsLookupException onCallerThread() {
        return new DnsLookupException(this);
    }

    /** Why it failed. */
    public DnsFailure failure() {
        return failure;
    }

    /** The name that was looked up. */
    public String name() {
        return name;
    }
}
