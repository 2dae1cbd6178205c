package dev.smtpprobe.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The real Postfix the integration tests talk to: started (and installed if missing) by
 * {@code scripts/postfix-test.sh}, the same script {@code .ci/run} uses, on 127.0.0.1 only.
 */
public final class PostfixInstance {

    /** The loopback address Postfix listens on. */
    public static final String HOST = "127.0.0.1";

    private PostfixInstance() {}

    /** The port of the private instance ({@code SMTP_PROBE_POSTFIX_PORT}, default 10025). */
    public static int port() {
        String env = System.getenv("SMTP_PROBE_POSTFIX_PORT");
        return env == null || env.isBlank() ? 10025 : Integer.parseInt(env);
    }

    /** The implicit-TLS port ({@code SMTP_PROBE_POSTFIX_TLS_PORT}, default 10465). */
    public static int tlsPort() {
        String env = System.getenv("SMTP_PROBE_POSTFIX_TLS_PORT");
        return env == null || env.isBlank() ? 10465 : Integer.parseInt(env);
    }

    /**
     * The port of the same instance misconfigured as an open relay for loopback clients
     * ({@code SMTP_PROBE_POSTFIX_RELAY_PORT}, default 10027).
     */
    public static int relayPort() {
        String env = System.getenv("SMTP_PROBE_POSTFIX_RELAY_PORT");
        return env == null || env.isBlank() ? 10027 : Integer.parseInt(env);
    }

    /**
     * The port of the same instance that lets loopback clients send XCLIENT and XFORWARD
     * ({@code smtpd_authorized_xclient_hosts}, {@code smtpd_authorized_xforward_hosts} = 127.0.0.0/8;
     * {@code SMTP_PROBE_POSTFIX_XCLIENT_PORT}, default 10028). Claimed clients in 192.0.2.0/24 are refused at RCPT
     * with {@code 554 5.7.1 <NAME[ADDR]>: Client host rejected: Access denied}.
     */
    public static int xclientPort() {
        return envPort("SMTP_PROBE_POSTFIX_XCLIENT_PORT", 10028);
    }

    /**
     * The port of the same instance behind a load balancer: {@code smtpd_upstream_proxy_protocol = haproxy}, every
     * connection must start with a PROXY v1 or v2 header ({@code SMTP_PROBE_POSTFIX_PROXY_PORT}, default 10029).
     * Claimed clients in 192.0.2.0/24 are refused at RCPT as on {@link #xclientPort()}.
     */
    public static int proxyPort() {
        return envPort("SMTP_PROBE_POSTFIX_PROXY_PORT", 10029);
    }

    private static int envPort(String name, int defaultPort) {
        String env = System.getenv(name);
        return env == null || env.isBlank() ? defaultPort : Integer.parseInt(env);
    }

    /** A trust store holding the test CA the setup script made for the instance's certificate. */
    public static java.security.KeyStore trustStore() {
        try (var in = Files.newInputStream(stateDir().resolve("tls/ca.pem"))) {
            var ca = java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in);
            var ks = java.security.KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setCertificateEntry("probe-test-ca", ca);
            return ks;
        } catch (IOException | java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the test CA of the Postfix instance", e);
        }
    }

    /** The instance's state directory ({@code SMTP_PROBE_POSTFIX_DIR}, default /tmp/smtp-probe-postfix). */
    public static Path stateDir() {
        String env = System.getenv("SMTP_PROBE_POSTFIX_DIR");
        return Path.of(env == null || env.isBlank() ? "/tmp/smtp-probe-postfix" : env);
    }

    /** The mbox file that mail to postmaster@ and probeuser@probe.test lands in. */
    public static Path mailbox() {
        return stateDir().resolve("mail/probeuser");
    }

    /**
     * Runs {@code scripts/postfix-test.sh start}, which installs Postfix, Dovecot and openssl first on a machine
     * that lacks them (as root); fails the test run with the script's output (which says what a contributor
     * without root can do) if it cannot.
     */
    public static void start() {
        run("start");
    }

    /** Starts the instance unless its SMTP port already answers with its greeting. */
    public static void startUnlessAnswering() {
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(HOST, port()), 2000);
            socket.setSoTimeout(5000);
            byte[] banner = new byte[64];
            int n = socket.getInputStream().read(banner);
            if (n > 0 && new String(banner, 0, n, StandardCharsets.US_ASCII).startsWith("220 mx.probe.test")) {
                return;
            }
        } catch (IOException e) {
            // not running: start it
        }
        start();
    }

    /**
     * {@link #startUnlessAnswering()}, and starts the instance also when its XCLIENT port does not answer with the
     * greeting (an instance started by an older script has no such port).
     */
    public static void startUnlessXclientPortAnswers() {
        startUnlessAnswering();
        try (var socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(HOST, xclientPort()), 2000);
            socket.setSoTimeout(5000);
            byte[] banner = new byte[64];
            int n = socket.getInputStream().read(banner);
            if (n > 0 && new String(banner, 0, n, StandardCharsets.US_ASCII).startsWith("220 mx.probe.test")) {
                return;
            }
        } catch (IOException e) {
            // not there: start it
        }
        start();
    }

    /** Runs {@code scripts/postfix-test.sh <command>}. */
    public static String run(String command) {
        Path script = repositoryRoot().resolve("scripts/postfix-test.sh");
        try {
            Process p = new ProcessBuilder("bash", script.toString(), command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            if (!p.waitFor(900, TimeUnit.SECONDS)) { // a fresh machine installs the packages first
                p.destroyForcibly();
                throw new IllegalStateException(script + " " + command + " did not finish in 900 s");
            }
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.exitValue() != 0) {
                throw new IllegalStateException(script + " " + command + " failed (exit " + p.exitValue()
                        + "). Output:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException("could not run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The checkout's root: the first parent of the working directory that has {@code scripts/postfix-test.sh}. */
    public static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.exists(dir.resolve("scripts/postfix-test.sh"))) {
                return dir;
            }
        }
        throw new IllegalStateException("scripts/postfix-test.sh not found above " + Path.of("").toAbsolutePath());
    }
}
