package dev.smtpprobe.check;

/** The verdict of a {@link Check}, from best to worst. */
public enum Outcome {
    /** The server does what a well-run mail server does here. */
    PASS,
    /** It works, but something deserves a look (an internal host name in the banner, a certificate near expiry). */
    WARN,
    /** The server gets this wrong (an open relay, an untrusted certificate, a refused postmaster). */
    FAIL,
    /** The check could not get far enough to judge (the server was unreachable, the conversation broke). */
    COULD_NOT_RUN;

    /** The worse of the two: {@code FAIL} beats {@code WARN}, {@code COULD_NOT_RUN} beats everything. */
    public Outcome worst(Outcome other) {
        return other.ordinal() > ordinal() ? other : this;
    }
}
