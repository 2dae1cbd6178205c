package dev.smtpprobe.examples;

import dev.smtpprobe.Capabilities;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.TlsFacts;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsOptions;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Set;

/**
 * STARTTLS and the server's certificate, as a mail administrator checks them: is STARTTLS offered, does the
 * handshake work, which protocol and cipher, is the certificate trusted and does it name the host, when does it
 * expire, and what does the server offer once TLS is on (RFC 3207).
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server with TLS and trusts its certificate
 * explicitly, so the handshake is fully verified. {@code --insecure} turns verification off (recorded in the
 * facts); {@code --server-name} checks the certificate against another name than the host.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.StartTlsExample
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.StartTlsExample -Dexec.args="--host mx.example.test"
 * </pre>
 */
public final class StartTlsExample {

    static final String USAGE = "usage: StartTlsExample [--host HOST [--port PORT]] [--server-name NAME] [--insecure]"
            + " [--ehlo NAME]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--server-name", "--ehlo"), Set.of("--insecure"));

    private StartTlsExample() {}

    /** Runs the example; exits with its code when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out));
    }

    /**
     * Runs the example, printing to {@code out}.
     *
     * @return 0 TLS verified and working, 1 TLS not offered or failed, 2 wrong argument, 3 conversation broke
     */
    public static int run(String[] args, PrintStream out) {
        return RUNNER.run(args, out, a -> {
            var tls = TlsOptions.builder();
            a.value("--server-name").ifPresent(tls::serverName);
            if (a.flag("--insecure")) {
                tls.trustAllCertificatesInsecure();
            }
            String ehlo = a.value("--ehlo").orElse(WalkthroughOptions.DEFAULT_EHLO);
            if (a.value("--host").isPresent()) {
                return check(a.value("--host").get(), a.port(25), tls, ehlo, out);
            }
            try (var server = EmbeddedExchangeServer.startWithTlsAndAuth("demo", "demo-password")) {
                out.println("No --host given: using the embedded server " + server.hostName()
                        + ", trusting its certificate.");
                if (!a.flag("--insecure")) {
                    tls.trustStore(server.trustStore());
                }
                if (a.value("--server-name").isEmpty()) {
                    tls.serverName(server.hostName());
                }
                return check(server.host(), server.port(), tls, ehlo, out);
            }
        });
    }

    /**
     * Connects, checks STARTTLS and prints the facts; the exit code of {@link #run}.
     *
     * @throws ProbeException when the conversation broke
     */
    static int check(String host, int port, TlsOptions.Builder tls, String ehlo, PrintStream out) {
        var options = ProbeOptions.builder().tls(tls.build()).build();
        try (var client = Probe.client(options); var session = client.connect(host, port)) {
            out.println("Greeting:  " + session.greeting());
            var hello = session.ehlo(ehlo);
            boolean offered = hello.capabilities().supportsStartTls();
            out.println("STARTTLS:  " + (offered ? "offered" : "NOT offered"));
            if (!offered) {
                return 1;
            }
            try {
                var started = hello.startTls();
                print(started.tls(), out);
                Capabilities inside = started.ehlo(ehlo).capabilities();
                out.println("Offered inside TLS: " + String.join(", ", inside.keywords())
                        + (inside.authMechanisms().isEmpty() ? "" : " (AUTH " + String.join(" ", inside.authMechanisms()) + ")"));
                out.println();
                out.println(session.transcript());
                return started.tls().verificationEnabled() ? 0 : 1;
            } catch (TlsFailedException e) {
                out.println("TLS failed: " + e.failure() + ": " + e.getMessage());
                e.facts().ifPresent(f -> print(f, out));
                out.println();
                out.println(e.transcript());
                return 1;
            }
        } // a broken conversation (ProbeException) is reported by the runner: exit code 3
    }

    private static void print(TlsFacts f, PrintStream out) {
        out.println("Handshake: " + (f.handshakeCompleted() ? f.protocol() + ", " + f.cipherSuite() : "not completed"));
        out.println("SNI sent:  " + f.sniName().orElse("(none)"));
        out.println("Subject:   " + f.leafSubject());
        out.println("SANs:      " + f.subjectAltNames());
        out.println("Valid:     " + f.notBefore().map(Instant::toString).orElse("?") + " to "
                + f.notAfter().map(Instant::toString).orElse("?") + " ("
                + f.daysUntilExpiry(Instant.now()).map(d -> d + " days left").orElse("?") + ")");
        out.println("Trusted:   " + (f.trusted() ? "yes" : "NO, " + f.trustProblem().orElse("unknown reason")));
        out.println("Host name: " + f.hostnameChecked() + (f.hostnameMatched() ? " matches" : " does NOT match"));
        if (!f.verificationEnabled()) {
            out.println("WARNING:   certificate verification was OFF (--insecure)");
        }
    }
}
