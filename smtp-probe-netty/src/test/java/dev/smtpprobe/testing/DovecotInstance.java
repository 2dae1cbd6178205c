package dev.smtpprobe.testing;

import java.nio.file.Path;
import java.security.KeyStore;

/**
 * The real Dovecot 2.3 submission server (RFC 6409) and LMTP server (RFC 2033) the integration tests talk to,
 * started by {@code scripts/dovecot-test.sh} (which documents every reply it gives) on 127.0.0.1 only,
 * independent of the Dovecot that serves Postfix's SASL. Users (passwd-file; a login without a domain gets
 * {@code @probe.test}): {@code probeuser}/{@code probepass}, {@code alice@probe.test}/{@code wonderland}, and
 * {@link #FULL_USER} whose mailbox is always over quota. Submission relays every message to a sink that discards
 * it; LMTP delivers into {@link #maildir(String)}.
 */
public final class DovecotInstance {

    /** The loopback address Dovecot listens on. */
    public static final String HOST = "127.0.0.1";

    /** The name in the server certificate (and Dovecot's hostname). */
    public static final String SERVER_NAME = "dovecot.probe.test";

    /** A user whose quota is one byte: LMTP refuses each message for it after the final dot with 552 5.2.2. */
    public static final String FULL_USER = "full@probe.test";

    private static final String SCRIPT = "dovecot-test.sh";

    private DovecotInstance() {}

    /** The submission port, STARTTLS offered ({@code SMTP_PROBE_DOVECOT_SUBMISSION_PORT}, default 10587). */
    public static int submissionPort() {
        return TestServerScript.port("SMTP_PROBE_DOVECOT_SUBMISSION_PORT", 10587);
    }

    /** The submission port with implicit TLS ({@code SMTP_PROBE_DOVECOT_SUBMISSIONS_PORT}, default 10588). */
    public static int submissionsPort() {
        return TestServerScript.port("SMTP_PROBE_DOVECOT_SUBMISSIONS_PORT", 10588);
    }

    /** The LMTP port, plain TCP ({@code SMTP_PROBE_DOVECOT_LMTP_PORT}, default 10524). */
    public static int lmtpPort() {
        return TestServerScript.port("SMTP_PROBE_DOVECOT_LMTP_PORT", 10524);
    }

    /** The instance's state directory ({@code SMTP_PROBE_DOVECOT_DIR}, default /tmp/smtp-probe-dovecot). */
    public static Path stateDir() {
        return TestServerScript.dir("SMTP_PROBE_DOVECOT_DIR", "/tmp/smtp-probe-dovecot");
    }

    /** A trust store holding the test CA that signed the instance's certificate. */
    public static KeyStore trustStore() {
        return TestServerScript.trustStore(stateDir().resolve("tls/ca.pem"));
    }

    /**
     * The Maildir that LMTP delivers {@code localPart}{@code @probe.test}'s mail into (messages appear in its
     * {@code new/} folder); it exists once the first message for the user was delivered.
     */
    public static Path maildir(String localPart) {
        return stateDir().resolve("mail/probe.test").resolve(localPart).resolve("Maildir");
    }

    /**
     * Makes sure the instance runs ({@code scripts/dovecot-test.sh ensure}): installs dovecot-submissiond and
     * dovecot-lmtpd on a machine that lacks them (as root), starts it unless an instance started from the same
     * script and environment already answers, so tests running one after the other or at the same time share it.
     */
    public static void start() {
        TestServerScript.run(SCRIPT, "ensure");
    }

    /** Restarts the instance with empty mailboxes ({@code scripts/dovecot-test.sh start}). */
    public static void restart() {
        TestServerScript.run(SCRIPT, "start");
    }
}
