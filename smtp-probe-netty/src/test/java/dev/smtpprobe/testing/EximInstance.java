package dev.smtpprobe.testing;

import java.nio.file.Path;
import java.security.KeyStore;

/**
 * The real Exim 4 the integration tests talk to: unpacked from Debian's packages and started by
 * {@code scripts/exim-test.sh} (which documents every reply it gives), on 127.0.0.1 only. Local domain
 * {@code probe.test}; users {@code probeuser}/{@code probepass} and {@code alice@probe.test}/{@code wonderland};
 * CHUNKING, DSN, SMTPUTF8, PRDR, STARTTLS, implicit TLS, AUTH PLAIN LOGIN CRAM-MD5 NTLM (NTLMv1 only) inside TLS;
 * mail is queued in {@link #stateDir()}{@code /spool} and never delivered.
 */
public final class EximInstance {

    /** The loopback address Exim listens on. */
    public static final String HOST = "127.0.0.1";

    /** The name in the server certificate (and Exim's primary_hostname). */
    public static final String SERVER_NAME = "exim.probe.test";

    /** A local part whose PRDR per-recipient reply after the final dot is a refusal (550). */
    public static final String PRDR_REJECT = "prdr-reject@probe.test";

    private static final String SCRIPT = "exim-test.sh";

    private EximInstance() {}

    /** The SMTP port, STARTTLS offered ({@code SMTP_PROBE_EXIM_PORT}, default 10125). */
    public static int port() {
        return TestServerScript.port("SMTP_PROBE_EXIM_PORT", 10125);
    }

    /** The implicit-TLS port ({@code SMTP_PROBE_EXIM_TLS_PORT}, default 10165). */
    public static int tlsPort() {
        return TestServerScript.port("SMTP_PROBE_EXIM_TLS_PORT", 10165);
    }

    /** The instance's state directory ({@code SMTP_PROBE_EXIM_DIR}, default /tmp/smtp-probe-exim). */
    public static Path stateDir() {
        return TestServerScript.dir("SMTP_PROBE_EXIM_DIR", "/tmp/smtp-probe-exim");
    }

    /** A trust store holding the test CA that signed the instance's certificate. */
    public static KeyStore trustStore() {
        return TestServerScript.trustStore(stateDir().resolve("tls/ca.pem"));
    }

    /**
     * The spool file holding the body of the queued message {@code messageId} (Exim's {@code id=} in the final
     * reply); it starts with a line "{@code <id>-D}", then the body as received (headers are in the -H file).
     */
    public static Path messageBody(String messageId) {
        return stateDir().resolve("spool/input").resolve(messageId + "-D");
    }

    /**
     * The spool file holding the envelope of the queued message {@code messageId}: sender, recipients and the
     * flags Exim keeps for them, such as {@code -dsn_envid}, {@code -dsn_ret} and {@code -smtputf8}, then the headers.
     */
    public static Path messageEnvelope(String messageId) {
        return stateDir().resolve("spool/input").resolve(messageId + "-H");
    }

    /**
     * Makes sure the instance runs ({@code scripts/exim-test.sh ensure}): downloads and unpacks Exim on a machine
     * that lacks it (as root), starts it unless an instance started from the same script and environment already
     * answers, so tests running one after the other or at the same time share it.
     */
    public static void start() {
        TestServerScript.run(SCRIPT, "ensure");
    }

    /** Restarts the instance with a fresh spool ({@code scripts/exim-test.sh start}). */
    public static void restart() {
        TestServerScript.run(SCRIPT, "start");
    }
}
