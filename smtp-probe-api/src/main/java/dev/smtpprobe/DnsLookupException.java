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
        super("DNS lookup of " + name + " failed (" + failure + "): " + detail, cause, Transcript.EMPTY);
        this.failure = failure;
        this.name = name;
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
