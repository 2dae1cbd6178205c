package dev.smtpprobe.examples.cli;

import dev.smtpprobe.ConnectFailedException;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.TlsFailedException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The command line's exit codes: swaks' numbers where swaks has one for the same failure (0, 1, 2, 6, 21–29, 32),
 * so scripts written for swaks read them the same way, and 7–11 and 70 for what swaks does not have (a timeout, the
 * MX lookup of {@code --mx}, the verdict of {@code --check}) — numbers swaks does not use.
 *
 * <p>A negative reply is a failing stage only at a step the user asked for ({@code --quit-after} stops before the
 * later ones). A conversation that broke (a {@link ProbeException}) has a code of its own, whatever the step.
 */
public enum ExitCode {
    /** Every step asked for got a positive reply. */
    SUCCESS(0, "success: every step asked for was accepted"),
    /**
     * Wrong option or argument, before anything was sent; also an argument the library refused to send, and an ESMTP
     * option (or a non-ASCII address) whose extension the server does not offer: nothing of the transaction is sent.
     */
    USAGE(1, "usage error: a wrong option or argument, or one the server cannot take (nothing of it was sent)"),
    /** The TCP connection could not be opened: refused, timed out, unresolved, unreachable. */
    CONNECT(2, "could not connect (refused, timed out, unresolved, unreachable)"),
    /** The connection was lost, or the server broke the protocol, in the middle of the conversation. */
    CONNECTION_LOST(6, "the connection was lost or the server broke the protocol"),
    /** A step got no reply within --timeout. */
    TIMEOUT(7, "a step got no reply within --timeout"),
    /** The DNS lookup of --mx got no usable answer (no answer in time, SERVFAIL, REFUSED). */
    DNS(8, "the DNS lookup of --mx got no answer (timeout, SERVFAIL, REFUSED)"),
    /** --mx found no exchanger to talk to: no such domain, a null MX, no MX or address records, no address. */
    NO_MAIL_HOST(9, "--mx found no exchanger to talk to (no such domain, null MX, no mail host)"),
    /** --check: no check failed, but at least one warned. */
    CHECK_WARN(10, "--check: at least one check warned, none failed"),
    /** --check: at least one check failed or could not run. */
    CHECK_FAIL(11, "--check: at least one check failed or could not run"),
    /** The greeting was not 2xx. */
    BANNER(21, "the greeting was not 2xx"),
    /** EHLO was refused. */
    EHLO(22, "EHLO was refused"),
    /** MAIL FROM was refused. */
    MAIL(23, "MAIL FROM was refused"),
    /** No RCPT TO was accepted. */
    RCPT(24, "no RCPT TO was accepted"),
    /** DATA was not answered 354. */
    DATA(25, "DATA was refused (no 354)"),
    /** The message was refused after the final dot, or a BDAT chunk was refused. */
    DATA_END(26, "the message was refused after the final dot (or a BDAT chunk was refused)"),
    /** QUIT was not answered 2xx after an otherwise successful conversation. */
    QUIT(27, "QUIT was not answered 2xx"),
    /** AUTH failed, or could not be sent (no usable mechanism, no TLS for a mechanism that reveals the password). */
    AUTH(28, "AUTH failed or could not be sent"),
    /** TLS was asked for and could not be had: STARTTLS not offered or refused, handshake or verification failed. */
    TLS(29, "TLS failed (not offered, refused, handshake, certificate verification)"),
    /** EHLO inside TLS was refused. */
    EHLO_AFTER_TLS(32, "EHLO after STARTTLS was refused"),
    /** {@code --xclient}: XCLIENT was not answered with a new 220 greeting. */
    XCLIENT(33, "XCLIENT was refused (no 220 greeting)"),
    /** A bug: an unexpected exception (its stack trace is printed). */
    INTERNAL(70, "internal error (a bug: please report it with the output)");

    private final int code;
    private final String meaning;

    ExitCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The process exit status. */
    public int code() {
        return code;
    }

    /** What it means, in one line. */
    public String meaning() {
        return meaning;
    }

    /** The code for a conversation that broke. */
    public static ExitCode of(ProbeException e) {
        if (e instanceof ConnectFailedException) {
            return CONNECT;
        }
        if (e instanceof StepTimeoutException) {
            return TIMEOUT;
        }
        if (e instanceof TlsFailedException) {
            return TLS;
        }
        if (e instanceof DnsLookupException) {
            return DNS;
        }
        return CONNECTION_LOST; // connection lost, protocol violation, interrupted
    }

    /** The code for the worst outcome of {@code --check}: 0 all passed, 10 a warning, 11 a failure. */
    public static ExitCode ofVerdict(dev.smtpprobe.check.Outcome worst) {
        return switch (worst) {
            case PASS -> SUCCESS;
            case WARN -> CHECK_WARN;
            case FAIL, COULD_NOT_RUN -> CHECK_FAIL;
        };
    }

    /** Every code with its meaning, in order, for the help's exit code section. */
    public static Map<String, String> table() {
        var table = new LinkedHashMap<String, String>();
        for (ExitCode c : values()) {
            table.put(Integer.toString(c.code), c.meaning);
        }
        return table;
    }
}
