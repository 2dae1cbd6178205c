package dev.smtpprobe.examples;

import dev.smtpprobe.AuthResult;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeException;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.Sasl;
import dev.smtpprobe.TlsFailedException;
import dev.smtpprobe.TlsMode;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.TranscriptEntry;
import java.io.PrintStream;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * Embedding smtp-probe in a tool — a help desk that shows the admin the conversation while it happens: a
 * {@link dev.smtpprobe.TranscriptListener} in {@link ProbeOptions} receives every line live, with its direction,
 * its TLS marker and its timestamp, AUTH answers already redacted. Here the conversation is STARTTLS then
 * {@code AUTH LOGIN}, and the "help-desk view" is {@link HelpDeskView}, which prints each line as it comes.
 *
 * <p>The listener is called on the client's I/O thread, so it only hands the entry over (a queue) and returns; the
 * tool's own thread renders it. The conversation itself runs asynchronously, so that thread is free to render.
 *
 * <p>With no {@code --host} it starts the embedded Exchange-like server with STARTTLS and one account.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples exec:java -Dexec.mainClass=dev.smtpprobe.examples.EmbeddingWithTranscriptListener
 * SMTP_PASSWORD=... mvn -q -pl smtp-probe-examples exec:java \
 *     -Dexec.mainClass=dev.smtpprobe.examples.EmbeddingWithTranscriptListener \
 *     -Dexec.args="--host mail.example.test --port 587 --user someone --password-env SMTP_PASSWORD"
 * </pre>
 */
public final class EmbeddingWithTranscriptListener {

    static final String USAGE = "usage: EmbeddingWithTranscriptListener [--host HOST [--port PORT] --user USER"
            + " --password-env VAR] [--insecure]";

    private static final ExampleRunner RUNNER = new ExampleRunner(USAGE,
            Set.of("--host", "--port", "--user", "--password-env"), Set.of("--insecure"));

    private EmbeddingWithTranscriptListener() {}

    /** Runs the example; exits with its code when that is not 0. */
    public static void main(String[] args) {
        ExampleRunner.exit(run(args, System.out, System::getenv));
    }

    /**
     * Runs the example, printing to {@code out}; {@code env} gives environment variables.
     *
     * @return 0 authenticated, 1 AUTH refused or TLS failed, 2 wrong argument, 3 the conversation broke
     */
    public static int run(String[] args, PrintStream out, UnaryOperator<String> env) {
        return RUNNER.run(args, out, a -> {
            var tls = TlsOptions.builder().mode(TlsMode.STARTTLS_REQUIRED); // AUTH LOGIN only inside TLS
            if (a.flag("--insecure")) {
                tls.trustAllCertificatesInsecure();
            }
            if (a.value("--host").isPresent()) {
                String password = a.passwordFromEnvironment(env);
                return converse(a.value("--host").get(), a.port(25), a.value("--user").get(), password, tls, out);
            }
            String user = AuthLoginWalkthrough.DEMO_USER;
            String password = AuthLoginWalkthrough.DEMO_PASSWORD;
            try (var server = EmbeddedExchangeServer.startWithTlsAndAuth(user, password)) {
                out.println("No --host given: using the embedded server " + server.hostName() + " (account " + user
                        + ").");
                tls.trustStore(server.trustStore()).serverName(server.hostName());
                return converse(server.host(), server.port(), user, password, tls, out);
            }
        });
    }

    /** EHLO, STARTTLS, EHLO, AUTH LOGIN, QUIT, every line shown live by a {@link HelpDeskView}. */
    static int converse(String host, int port, String user, String password, TlsOptions.Builder tls,
            PrintStream out) {
        BlockingQueue<TranscriptEntry> live = new LinkedBlockingQueue<>();
        var options = ProbeOptions.builder()
                .tls(tls.build())
                .transcriptListener(live::offer) // on the I/O thread: hand the entry over, never block
                .build();
        var view = new HelpDeskView(out);
        CompletableFuture<AuthResult> conversation;
        try (ProbeClient client = Probe.client(options)) {
            conversation = client.connectAsync(host, port).thenCompose(session ->
                    session.ehloAsync(WalkthroughOptions.DEFAULT_EHLO) // EHLO, STARTTLS, handshake, EHLO again
                            .thenCompose(hello -> hello.authAsync(Sasl.login(user, password)))
                            .thenCompose(auth -> auth.quitAsync().thenCompose(quit -> session.closeAsync())
                                    .thenApply(closed -> auth))
                            .whenComplete((auth, failure) -> session.closeAsync())); // after a failure too
            while (!conversation.isDone() || !live.isEmpty()) { // this thread is the tool's "UI thread"
                view.show(poll(live));
            }
        }
        live.forEach(view::show); // lines recorded while the client closed

        out.println();
        long redacted = view.shown().stream().filter(row -> row.endsWith("<redacted>")).count();
        out.println(view.shown().size() + " lines shown live, " + redacted + " of them AUTH answers shown as <redacted>");
        try {
            AuthResult auth = conversation.join();
            out.println("AUTH " + auth.mechanism() + ": " + auth.reply()
                    + auth.reply().enhancedStatus().map(s -> " (" + s.explain() + ")").orElse(""));
            return auth.isSuccess() ? 0 : 1;
        } catch (CompletionException e) {
            if (e.getCause() instanceof TlsFailedException tlsFailed) {
                out.println("TLS failed, so AUTH was not sent: " + tlsFailed.getMessage());
                return 1;
            }
            if (e.getCause() instanceof ProbeException broken) {
                out.println("The conversation broke: " + broken.getMessage());
                return 3;
            }
            throw e;
        }
    }

    private static TranscriptEntry poll(BlockingQueue<TranscriptEntry> live) {
        try {
            return live.poll(50, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while showing the conversation", e);
        }
    }
}
