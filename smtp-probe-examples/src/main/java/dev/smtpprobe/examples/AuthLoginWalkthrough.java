package dev.smtpprobe.examples;

import dev.smtpprobe.Printable;
import dev.smtpprobe.AuthExchange;
import dev.smtpprobe.AuthResult;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import java.io.PrintStream;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The seed's {@code AUTH LOGIN} by hand, from code: the server's base64 prompts {@code 334 VXNlcm5hbWU6}
 * ("Username:") and {@code 334 UGFzc3dvcmQ6} ("Password:"), the answers (redacted in the transcript) and
 * {@code 235 2.7.0 Authentication successful} (RFC 4954). The password comes from an environment variable
 * ({@code --password-env VAR}) and is never printed.
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server (account {@value #DEMO_USER} /
 * {@value #DEMO_PASSWORD}) and authenticates inside STARTTLS. Against a server without TLS, AUTH LOGIN is refused
 * before anything is sent unless {@code --plaintext} allows it, with a visible warning.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.AuthLoginWalkthrough
 * SMTP_PASSWORD=... mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.AuthLoginWalkthrough \
 *     -Dexec.args="--host mail.example.test --port 587 --user someone --password-env SMTP_PASSWORD"
 * </pre>
 */
public final class AuthLoginWalkthrough {

    /** The embedded server's account. */
    public static final String DEMO_USER = "someone@contoso.test";
    /** Its password (a demo value for the embedded server only). */
    public static final String DEMO_PASSWORD = "demo-password";

    static final String USAGE = "usage: AuthLoginWalkthrough [--host HOST [--port PORT] --user USER --password-env VAR]"
            + " [--plaintext] [--insecure]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--user", "--password-env"), Set.of("--plaintext", "--insecure"));

    private AuthLoginWalkthrough() {}

    /** Runs the walkthrough; exits with its code when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out, System::getenv));
    }

    /**
     * Runs the walkthrough, printing to {@code out}; {@code env} gives environment variables (the real environment, or
     * a map in tests), null for an unset one.
     *
     * @return 0 authenticated, 1 refused (535 and the like, or AUTH not allowed without TLS), 2 wrong argument,
     *         3 conversation broke
     */
    public static int run(String[] args, PrintStream out, UnaryOperator<String> env) {
        return RUNNER.run(args, out, a -> {
            var tls = TlsOptions.builder();
            if (a.flag("--insecure")) {
                tls.trustAllCertificatesInsecure();
            }
            if (a.value("--host").isPresent()) {
                String password = a.passwordFromEnvironment(env);
                return authenticate(a.value("--host").get(), a.port(25), a.value("--user").get(), password,
                        a.flag("--plaintext"), tls, out);
            }
            try (var server = EmbeddedExchangeServer.startWithTlsAndAuth(DEMO_USER, DEMO_PASSWORD)) {
                out.println("No --host given: using the embedded server " + server.hostName() + " (account "
                        + DEMO_USER + ").");
                tls.trustStore(server.trustStore()).serverName(server.hostName());
                return authenticate(server.host(), server.port(), DEMO_USER, DEMO_PASSWORD, a.flag("--plaintext"),
                        tls, out);
            }
        });
    }

    /**
     * Greets, upgrades with STARTTLS when offered (unless plaintext was chosen), runs AUTH LOGIN and explains it.
     *
     * @throws ProbeException when the conversation broke
     */
    static int authenticate(String host, int port, String user, String password, boolean plaintext,
            TlsOptions.Builder tls, PrintStream out) {
        if (plaintext) {
            out.println("WARNING: --plaintext: the password may cross the network unencrypted. Use it only on a test"
                    + " server you own.");
        }
        var options = ProbeOptions.builder()
                .tls(tls.mode(plaintext ? TlsMode.NONE : TlsMode.STARTTLS_OPPORTUNISTIC).build())
                .allowPlaintextAuthentication(plaintext)
                .build();
        try (var client = Probe.client(options); var session = client.connect(host, port)) {
            var hello = session.ehlo(WalkthroughOptions.DEFAULT_EHLO);
            session.tlsNotUsedReason().ifPresent(r -> out.println("TLS not used: " + r));
            AuthResult result;
            try {
                result = hello.authLogin(user, password);
            } catch (NotSentException e) {
                out.println("AUTH LOGIN not sent: " + e.getMessage());
                return 1;
            } finally {
                ExplainedTranscript.print(session.transcript(), out);
            }
            out.println();
            for (AuthExchange exchange : result.exchanges()) {
                out.println("Server asked: " + Printable.text(exchange.challenge().text()) + " = \"" + Printable.text(exchange.decoded())
                        + "\", the client answered " + exchange.response());
            }
            out.println("Result: " + result.reply() + result.reply().enhancedStatus().map(s -> " (" + s.explain() + ")").orElse(""));
            return result.isSuccess() ? 0 : 1;
        } // a broken conversation (ProbeException) is reported by the runner: exit code 3
    }
}
