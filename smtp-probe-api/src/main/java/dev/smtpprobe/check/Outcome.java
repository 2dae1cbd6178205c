package dev.smtpprobe.check;

/**
 * The verdict of a {@link Check}, declared from best to worst as a mail administrator ranks them: a definite
 * failure ({@link #FAIL}) is worse than a check that could not judge ({@link #COULD_NOT_RUN}), so that one check that
 * could not run never hides another that found, for example, an open relay or an expired certificate.
 */
public enum Outcome {
    /** The server does what a well-run mail server does here. */
    PASS,
    /** It works, but something deserves a look (an internal host name in the banner, a certificate near expiry). */
    WARN,
    /**
     * The check could not get far enough to judge (the conversation broke before the deciding replies, the server
     * asked for something the check cannot give). Worse than {@link #WARN}: nothing was verified; better than
     * {@link #FAIL}: nothing was found wrong either.
     */
    COULD_NOT_RUN,
    /** The server gets this wrong (an open relay, an untrusted certificate, a refused postmaster, unreachable). */
    FAIL;

    /**
     * The worse of the two, ranked PASS &lt; WARN &lt; COULD_NOT_RUN &lt; FAIL: a definite failure beats a check that
     * could not judge, which beats a warning.
     */
    public Outcome worst(Outcome other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
