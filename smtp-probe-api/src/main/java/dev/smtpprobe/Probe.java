package dev.smtpprobe;

import java.util.concurrent.CompletableFuture;

/**
 * Where an SMTP conversation starts: {@code Probe.connect("mx.example.test")} opens a session on port 25 and
 * reads the greeting, like {@code telnet mx.example.test 25} does for a mail administrator.
 *
 * <pre>{@code
 * try (var session = Probe.connect("mx.contoso.test", 25)) {
 *     var hello = session.ehlo("mail.alternatecontoso.test");
 *     var tx = hello.mailFrom("someone@alternatecontoso.test").rcptTo("postmaster@contoso.test");
 *     var sent = tx.data("Subject: test\r\n\r\nhello\r\n");
 *     System.out.println(sent.reply().enhancedStatus() + " " + sent.queueId());
 * }
 * }</pre>
 *
 * <p>The static methods use one default {@link ProbeClient} with {@link ClientOptions#DEFAULT} and
 * {@link ProbeOptions#DEFAULT}, created on first use. For other options, or to control the I/O threads' lifetime,
 * create a client with {@link #client(ProbeOptions)} or {@link #client(ClientOptions, ProbeOptions)}.
 */
public final class Probe {

    /** SMTP relay port (RFC 5321 §4.5.4.2). */
    public static final int SMTP_PORT = 25;
    /** Message submission port (RFC 6409). */
    public static final int SUBMISSION_PORT = 587;
    /** Submission over implicit TLS (RFC 8314). */
    public static final int SUBMISSIONS_PORT = 465;

    private Probe() {}

    private static final class DefaultClient {
        static final ProbeClient INSTANCE = ProbeClient.create();
    }

    /** Connects to {@code host} on port 25 with the default client and reads the greeting. */
    public static SmtpSession connect(String host) {
        return DefaultClient.INSTANCE.connect(host);
    }

    /** Async {@link #connect(String)}. */
    public static CompletableFuture<SmtpSession> connectAsync(String host) {
        return DefaultClient.INSTANCE.connectAsync(host);
    }

    /** Connects to {@code host:port} with the default client and reads the greeting. */
    public static SmtpSession connect(String host, int port) {
        return DefaultClient.INSTANCE.connect(host, port);
    }

    /** Async {@link #connect(String, int)}. */
    public static CompletableFuture<SmtpSession> connectAsync(String host, int port) {
        return DefaultClient.INSTANCE.connectAsync(host, port);
    }

    /**
     * The mail exchangers of {@code domain} (RFC 5321 §5.1, RFC 7505) from the system's DNS resolvers, with the
     * default client; see {@link ProbeClient#mx(String)}.
     */
    public static MxResult mx(String domain) {
        return DefaultClient.INSTANCE.mx(domain);
    }

    /** Async {@link #mx(String)}. */
    public static CompletableFuture<MxResult> mxAsync(String domain) {
        return DefaultClient.INSTANCE.mxAsync(domain);
    }

    /** A new client with default options; close it when done. */
    public static ProbeClient client() {
        return ProbeClient.create();
    }

    /** A new client with default client options whose sessions have these options; close it when done. */
    public static ProbeClient client(ProbeOptions sessionOptions) {
        return ProbeClient.create(sessionOptions);
    }

    /**
     * A new client with these client options (I/O threads, DNS resolver) whose sessions have {@code sessionOptions};
     * close it when done.
     */
    public static ProbeClient client(ClientOptions clientOptions, ProbeOptions sessionOptions) {
        return ProbeClient.create(clientOptions, sessionOptions);
    }
}
