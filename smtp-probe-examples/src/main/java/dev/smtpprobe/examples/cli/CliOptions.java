package dev.smtpprobe.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The options of the command line, one group per concern (server, checks, SMTP, TLS, AUTH, message, output), as picocli
 * fills them in. A new option is one field here and its use where its concern is handled; nothing is checked here
 * (see {@link PlanBuilder}).
 */
final class CliOptions {

    /** Where to connect and how long to wait. */
    static final class Server {
        @Option(names = {"-s", "--server"}, paramLabel = "HOST",
                description = "The SMTP server to talk to (name or address). Default: none, and an embedded SMTP server"
                        + " is started for the run: the seed walkthrough's Exchange-like myserver.contoso.com on"
                        + " 127.0.0.1, with STARTTLS and AUTH when --tls, --tls-optional, --auth or --check ask for"
                        + " them. Excludes --mx.")
        String host;

        @Option(names = "--mx", paramLabel = "DOMAIN",
                description = "Look up the MX of DOMAIN (printed like dig MX: preference, host, addresses; a null MX,"
                        + " an implicit MX or a domain that does not exist said plainly) and talk to its first"
                        + " exchanger that takes the connection, in preference order (the next address or exchanger"
                        + " is tried when one cannot be connected to). With --check: check every exchanger."
                        + " Excludes --server.")
        String mx;

        @Option(names = {"-p", "--port"}, paramLabel = "N",
                description = "The server's port. Default: 25, or 465 with --tls-on-connect. Only with --server or"
                        + " --mx.")
        Integer port;

        @Option(names = "--dns-server", paramLabel = "HOST[:PORT]", split = ",",
                description = "A DNS resolver (recursive) for --mx and --check: the MX lookup, the address of the host"
                        + " connected to, the reverse DNS of --check; repeat the"
                        + " option or separate with commas to name more, tried in order. An IPv6 address with a port"
                        + " as [ADDR]:PORT. Default: the system's resolvers.")
        List<String> dnsServers = new ArrayList<>();

        @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
                description = "How long to wait for the connection, the TLS handshake and each reply, e.g. 30s, 500ms,"
                        + " 2m. Default: ${DEFAULT-VALUE}.")
        Duration timeout;
    }

    /** What to say. */
    static final class Smtp {
        @Option(names = "--ehlo", paramLabel = "NAME",
                description = "The name to greet with. Default: this machine's host name (with --server or --mx),"
                        + " mail.alternatecontoso.test (embedded server), probe.smtp-probe.invalid (--check).")
        String ehlo;

        @Option(names = {"-f", "--from"}, paramLabel = "ADDR",
                description = "The envelope sender; \"\" or \"<>\" for the null sender. Default: USER@<this host>"
                        + " (with --server or --mx) or someone@alternatecontoso.test (embedded server). With --check:"
                        + " the foreign sender of the open-relay attempts (default relay-probe@example.com).")
        String from;

        @Option(names = {"-t", "--to"}, paramLabel = "ADDR", split = ",",
                description = "An envelope recipient; repeat the option or separate with commas. Required with --server"
                        + " or --mx unless --quit-after stops before RCPT. Default (embedded server):"
                        + " postmaster@contoso.test. With --check: the one foreign recipient of the open-relay attempts"
                        + " (default relay-probe@example.net; its domain must not be one the server takes mail for).")
        List<String> to = new ArrayList<>();

        @Option(names = {"-q", "--quit-after"}, paramLabel = "STEP", defaultValue = "data",
                description = "Send QUIT after this step and stop: connect, banner, ehlo, tls, auth, mail, rcpt or"
                        + " data. connect does not judge the greeting; tls stops before the EHLO inside TLS; data sends the whole message."
                        + " Default: ${DEFAULT-VALUE}.")
        QuitAfter quitAfter;

        @Option(names = "--pipeline",
                description = "Send MAIL, every RCPT and DATA as one PIPELINING batch (RFC 2920); one by one when the"
                        + " server does not offer PIPELINING. Only for the whole message (no --quit-after).")
        boolean pipeline;
    }

    /** How to use TLS. */
    static final class Tls {
        @Option(names = "--tls", description = "Require STARTTLS after EHLO (RFC 3207); stop with exit code 29 when it"
                + " is not offered, refused or fails. Never falls back to plaintext.")
        boolean required;

        @Option(names = "--tls-optional", description = "Use STARTTLS when the server offers it; go on in plaintext"
                + " when it is not offered or refused.")
        boolean optional;

        @Option(names = "--tls-on-connect", description = "Speak TLS from the first byte (implicit TLS, port 465,"
                + " RFC 8314).")
        boolean onConnect;

        @Option(names = "--tls-insecure", description = "Do not verify the server's certificate or its name: for"
                + " troubleshooting only. The transcript records that verification was off.")
        boolean insecure;

        @Option(names = "--tls-ca-path", paramLabel = "FILE",
                description = "Trust the CA certificates in this PEM file instead of the JVM's trust store.")
        Path caPath;

        @Option(names = "--tls-sni", paramLabel = "NAME",
                description = "The name sent in SNI and checked against the certificate. Default: the --server name"
                        + " (none for an address: the certificate is checked against the address).")
        String serverName;
    }

    /** How to authenticate. */
    static final class Auth {
        @Option(names = {"-a", "--auth"}, paramLabel = "TYPE", converter = AuthType.Converter.class,
                completionCandidates = AuthType.Candidates.class,
                description = "Authenticate (RFC 4954) with this mechanism: ${COMPLETION-CANDIDATES}; any picks the"
                        + " strongest the server offers. Implied (any) by --auth-user and the password options."
                        + " PLAIN, LOGIN, XOAUTH2 and NTLMv1 (weak: only for servers that take nothing else) are"
                        + " sent only inside TLS unless --auth-plaintext.")
        AuthType type;

        @Option(names = "--auth-user", paramLabel = "USER",
                description = "The user name (DOMAIN\\user for NTLM and NTLMv1). Default (embedded server): the demo account"
                        + " someone@contoso.test.")
        String user;

        // Not picocli's interactive option: without a console it prints its prompt on standard output, which would
        // break --json; the command line asks itself (PasswordPrompt), on the console or on standard error.
        @Option(names = "--auth-password", paramLabel = "PASSWORD", arity = "0..1", fallbackValue = "",
                description = "The password (the access token for XOAUTH2). Given without a value (or empty) it is"
                        + " asked for: on the console without echo, else read as one line from standard input (the"
                        + " prompt goes to standard error). On the command line it is visible to other users of this"
                        + " machine (ps): prefer --auth-password-env or the prompt. Never printed, also not in --json.")
        char[] password;

        @Option(names = "--auth-password-env", paramLabel = "VAR",
                description = "Read the password from this environment variable.")
        String passwordEnv;

        @Option(names = "--auth-plaintext", description = "Allow PLAIN, LOGIN and XOAUTH2 without TLS, which sends the"
                + " password readable by anyone on the path: for test servers only.")
        boolean plaintext;

        /** Whether any AUTH option was given. */
        boolean requested() {
            return type != null || user != null || password != null || passwordEnv != null;
        }
    }

    /** The message. */
    static final class Message {
        @Option(names = "--header", paramLabel = "\"NAME: VALUE\"", converter = Header.Converter.class,
                description = "A message header; replaces the default of the same name (Date, To, From, Subject,"
                        + " Message-Id, X-Mailer), or is added. Repeatable.")
        List<Header> headers = new ArrayList<>();

        @Option(names = "--body", paramLabel = "TEXT|@FILE|-",
                description = "The message body: the text, @FILE for a file's content (UTF-8), - for standard input."
                        + " Default: \"" + MessageBuilder.DEFAULT_BODY + "\".")
        String body;
    }

    /** The check suite instead of one conversation. */
    static final class CheckMode {
        @Option(names = "--check", description = "Run the check suite instead of one conversation: reachability,"
                + " banner, EHLO, STARTTLS and its certificate, AUTH offered before TLS, open relay (never DATA),"
                + " VRFY/EXPN, postmaster and abuse, timing; each in its own connection, one at a time. Against"
                + " --server, every exchanger of --mx, or the embedded server (with STARTTLS). Prints one block per"
                + " finding and the overall verdict; exit code 0 when all pass, 10 for a warning, 11 for a failure.")
        boolean enabled;

        @Option(names = "--expect-host", paramLabel = "NAME",
                description = "--check: the name the banner should carry (and, for an address as --server, the"
                        + " certificate). Default: each exchanger's name with --mx, myserver.contoso.com for the"
                        + " embedded server, none otherwise.")
        String expectHost;

        @Option(names = "--mail-domain", paramLabel = "DOMAIN",
                description = "--check: the domain the server takes mail for; postmaster@ and abuse@ are tried"
                        + " there. Default: the --mx domain, contoso.test for the embedded server, else the host the"
                        + " greeting names (often not a mail domain: give this option).")
        String mailDomain;
    }

    /** How to show the conversation. */
    static final class Output {
        @Option(names = "--show-time", description = "Put the time since the start before each line (seconds). With"
                + " --check: each check's phase times (connect, greeting, EHLO, ...) under its finding.")
        boolean showTime;

        @Option(names = "--show-transcript", description = "--check: print each check's conversation under its"
                + " finding.")
        boolean showTranscript;

        @Option(names = "--json", description = "Print one JSON document instead of the transcript: the outcome, every"
                + " reply (code, lines, enhanced status and its meaning, queue id) and every transcript line (time,"
                + " direction, TLS). With --check: every finding (check, outcome, summary, details, replies, phase"
                + " times, transcript).")
        boolean json;
    }

    @ArgGroup(validate = false, heading = "%nServer:%n", order = 1)
    Server server = new Server();

    @ArgGroup(validate = false, heading = "%nChecks:%n", order = 2)
    CheckMode check = new CheckMode();

    @ArgGroup(validate = false, heading = "%nSMTP:%n", order = 3)
    Smtp smtp = new Smtp();

    @ArgGroup(validate = false, heading = "%nTLS:%n", order = 4)
    Tls tls = new Tls();

    @ArgGroup(validate = false, heading = "%nAuthentication:%n", order = 5)
    Auth auth = new Auth();

    @ArgGroup(validate = false, heading = "%nMessage:%n", order = 6)
    Message message = new Message();

    @ArgGroup(validate = false, heading = "%nOutput:%n", order = 7)
    Output output = new Output();

    /** The --server name, if given. */
    Optional<String> host() {
        return Optional.ofNullable(server.host);
    }

    /** The --mx domain, if given. */
    Optional<String> mx() {
        return Optional.ofNullable(server.mx);
    }

    /** Whether the run goes to a server the user named (--server or --mx) rather than the embedded one. */
    boolean remote() {
        return server.host != null || server.mx != null;
    }
}
