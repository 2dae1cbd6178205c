package dev.smtpprobe.examples.cli;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options of the command line, one group per concern (server, checks, SMTP, ESMTP, TLS, AUTH, message, output), as
 * picocli fills them in. A new option is one field here and its use where its concern is handled; nothing is checked
 * here (see {@link PlanBuilder}).
 *
 * <p>Each group is a picocli {@link Mixin}, not an {@code @ArgGroup}: an option of a non-repeating arg group given a
 * second time makes picocli start a new instance of the group, which silently drops every option of that group given
 * before it (a repeated {@code --from} lost {@code --ehlo}, {@code --quit-after}, ...). As mixins the options are the
 * command's own: a single-valued option given twice is a usage error naming it (picocli's
 * {@code OverwrittenOptionException}, exit code 1), a repeatable one ({@code --to}, {@code --header},
 * {@code --dns-server}, {@code --dsn-notify}) collects every value. The mixin's name is the heading of its options in
 * {@code --help} ({@link OptionSections}). Do not add an {@code @ArgGroup} here.
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
                description = "The envelope sender; \"\" or \"<>\" for the null sender. An address that is not"
                        + " ASCII makes the transaction use SMTPUTF8 (RFC 6531) when the server offers it (else"
                        + " nothing of it is sent). Default: USER@<this host>"
                        + " (with --server or --mx) or someone@alternatecontoso.test (embedded server). With --check:"
                        + " the foreign sender of the open-relay attempts (default relay-probe@example.com).")
        String from;

        @Option(names = {"-t", "--to"}, paramLabel = "ADDR", split = ",",
                description = "An envelope recipient; repeat the option or separate with commas (SMTPUTF8 as for"
                        + " --from). Required with --server"
                        + " or --mx unless --quit-after stops before RCPT. Default (embedded server):"
                        + " postmaster@contoso.test. With --check: the one foreign recipient of the open-relay attempts"
                        + " (default relay-probe@example.net; its domain must not be one the server takes mail for).")
        List<String> to = new ArrayList<>();

        @Option(names = {"-q", "--quit-after"}, paramLabel = "STEP", defaultValue = "data",
                description = "Send QUIT after this step and stop: connect, banner, ehlo, tls, auth, mail, rcpt or"
                        + " data. connect does not judge the greeting; tls stops before the EHLO inside TLS; data sends the whole message."
                        + " A stop inside the transaction (after mail or rcpt, or at a refusal) sends RSET before"
                        + " QUIT."
                        + " Default: ${DEFAULT-VALUE}.")
        QuitAfter quitAfter;

        @Option(names = "--pipeline",
                description = "Send MAIL, every RCPT and DATA as one PIPELINING batch (RFC 2920); one by one when the"
                        + " server does not offer PIPELINING. Only for the whole message (no --quit-after).")
        boolean pipeline;

        @Option(names = "--prdr",
                description = "Send MAIL FROM with PRDR (draft-hall-prdr-00; Exim, Sendmail): the server answers the"
                        + " message with 353, one reply per recipient and a final reply. Sent as told, with a note when"
                        + " the server does not offer PRDR. The message counts as accepted only when every recipient's"
                        + " reply is 2yz.")
        boolean prdr;

        @Option(names = "--protocol", paramLabel = "SMTP|LMTP", defaultValue = "SMTP",
                description = "The protocol to speak. LMTP (RFC 2033) greets with LHLO and reads one reply per accepted"
                        + " recipient after the message; LMTP servers listen elsewhere than port 25 (give --port, e.g."
                        + " 24 for Dovecot). Default: ${DEFAULT-VALUE}.")
        dev.smtpprobe.Protocol protocol;
    }

    /** The ESMTP parameters of the transaction; each needs the server to offer its extension. */
    static final class Esmtp {
        @Option(names = "--size", paramLabel = "OCTETS", arity = "0..1", fallbackValue = "",
                description = "Declare the message size in MAIL FROM (SIZE=, RFC 1870). Without a value: the size of"
                        + " the message sent, checked against the server's advertised limit first (over it, nothing"
                        + " is sent). With OCTETS: that number, sent as told (no check against the limit), to see"
                        + " how the server judges it. Needs the server's SIZE.")
        String size;

        @Option(names = "--body-type", paramLabel = "TYPE", converter = BodyTypes.Converter.class,
                completionCandidates = BodyTypes.Candidates.class,
                description = "Declare the body type in MAIL FROM: ${COMPLETION-CANDIDATES} (BODY=, RFC 6152;"
                        + " BINARYMIME RFC 3030). 7BIT and 8BITMIME need the server's 8BITMIME; BINARYMIME needs"
                        + " BINARYMIME and CHUNKING and sends the message with BDAT.")
        dev.smtpprobe.MailParameters.Body bodyType;

        @Option(names = "--bdat",
                description = "Send the message with BDAT chunks (CHUNKING, RFC 3030) instead of DATA: the octets as"
                        + " they are, no dot-stuffing. Needs the server's CHUNKING.")
        boolean bdat;

        @Option(names = "--chunk-size", paramLabel = "OCTETS",
                description = "The size of each BDAT chunk (implies --bdat); the last chunk is BDAT n LAST. Default:"
                        + " " + EsmtpChoices.DEFAULT_CHUNK_SIZE + ".")
        Integer chunkSize;

        @Option(names = "--dsn-notify", paramLabel = "WHEN", split = ",",
                description = "Ask for delivery status notifications (NOTIFY=, RFC 3461) on every RCPT: NEVER, or any"
                        + " of SUCCESS, FAILURE, DELAY; repeat the option or separate with commas. Needs the server's"
                        + " DSN.")
        List<dev.smtpprobe.RcptParameters.Notify> dsnNotify = new ArrayList<>();

        @Option(names = "--dsn-ret", paramLabel = "FULL|HDRS",
                description = "What a DSN returns of the message (RET=, RFC 3461): FULL or HDRS. Needs the server's"
                        + " DSN.")
        dev.smtpprobe.MailParameters.Ret dsnRet;

        @Option(names = "--dsn-envid", paramLabel = "ID",
                description = "The envelope id a DSN carries (ENVID=, xtext-encoded, RFC 3461). Needs the server's"
                        + " DSN.")
        String dsnEnvid;

        @Option(names = "--dsn-orcpt", paramLabel = "ADDR", arity = "0..1", fallbackValue = "",
                description = "The original recipient a DSN names (ORCPT=rfc822;..., RFC 3461). Without a value: each"
                        + " RCPT's own address; with ADDR: that address (only with one --to). Needs the server's"
                        + " DSN.")
        String dsnOrcpt;
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

        @Option(names = "--submission", description = "--check: check a submission server (port 587, or 465 with"
                + " --tls-on-connect): STARTTLS (or implicit TLS), then AUTH with --auth-user and --auth-password-env,"
                + " --auth-password or the prompt (only ever inside TLS), before the checks that send MAIL; instead of"
                + " postmaster/abuse and auth-exposure: submission-auth (AUTH only over TLS, the login works) and"
                + " submission-relay (relaying after the login; with --from, the user's own sender, another sender"
                + " must be refused). Default for the embedded server: its demo account.")
        boolean submission;
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

    /** Who the client claims to be: Postfix XCLIENT, a PROXY protocol header. */
    static final class Identity {
        @Option(names = "--xclient", paramLabel = "ATTR=VALUE",
                description = "After EHLO (and STARTTLS), send Postfix's XCLIENT with this attribute (NAME, REVERSE_NAME,"
                        + " ADDR, PORT, PROTO, HELO, LOGIN, DESTADDR, DESTPORT; repeat for several; values are"
                        + " xtext-encoded; ADDR=2001:db8::1 is sent as IPV6:...), then EHLO again. Stops with exit code"
                        + " 33 when XCLIENT is not answered 220.")
        List<String> xclient = new ArrayList<>();

        @Option(names = "--proxy", paramLabel = "v1|v2",
                description = "Start the connection with a HAProxy PROXY protocol header of this version (for a server"
                        + " behind a load balancer: Postfix smtpd_upstream_proxy_protocol, Exim hosts_proxy);"
                        + " needs --proxy-source.")
        String proxy;

        @Option(names = "--proxy-source", paramLabel = "ADDR:PORT",
                description = "The client the PROXY header claims ([v6addr]:port for IPv6).")
        String proxySource;

        @Option(names = "--proxy-destination", paramLabel = "ADDR:PORT",
                description = "The server the PROXY header claims (default: the address and port connected to).")
        String proxyDestination;
    }

    @Mixin(name = "Server")
    Server server = new Server();

    @Mixin(name = "Checks")
    CheckMode check = new CheckMode();

    @Mixin(name = "SMTP")
    Smtp smtp = new Smtp();

    @Mixin(name = "ESMTP")
    Esmtp esmtp = new Esmtp();

    @Mixin(name = "TLS")
    Tls tls = new Tls();

    @Mixin(name = "Authentication")
    Auth auth = new Auth();

    @Mixin(name = "Message")
    Message message = new Message();

    @Mixin(name = "Output")
    Output output = new Output();

    @Mixin(name = "Client identity")
    Identity identity = new Identity();

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
