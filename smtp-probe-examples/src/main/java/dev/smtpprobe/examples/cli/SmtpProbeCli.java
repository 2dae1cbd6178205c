package dev.smtpprobe.examples.cli;

import dev.smtpprobe.Printable;
import dev.smtpprobe.examples.EmbeddedExchangeServer;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A swaks-like command line on smtp-probe: holds one SMTP conversation with a server (or, with no {@code --server},
 * with an embedded one started for the run; with {@code --mx}, with a domain's first reachable exchanger), prints it
 * like swaks with each enhanced status code explained, and exits with a code that says which stage failed
 * ({@link ExitCode}). With {@code --check} it runs the check suite instead and exits with its verdict.
 *
 * <pre>
 * mvn -q -pl smtp-probe-examples -am package -DskipTests
 * java -jar smtp-probe-examples/target/smtp-probe-cli.jar --help
 * java -jar smtp-probe-examples/target/smtp-probe-cli.jar --server 127.0.0.1 --port 2525 --to postmaster@example.test
 * </pre>
 *
 * <p>The parts: {@link CliOptions} (what picocli fills in), {@link PlanBuilder} (checks them and makes a
 * {@link ConversationPlan}), {@link Targets} (the server or the embedded one), {@link Conversation} (runs the plan),
 * {@link MxConversation} (the same after an MX lookup), {@link TextPrinter} and {@link JsonPrinter} (show it),
 * {@link CheckCommand} (the check suite) with {@link CheckTextPrinter} and {@link CheckJsonPrinter}, {@link ExitCode}
 * (what the end means).
 */
@Command(name = "smtp-probe-cli", mixinStandardHelpOptions = true, versionProvider = SmtpProbeCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true, abbreviateSynopsis = true,
        description = {
            "Holds an SMTP conversation step by step, like swaks: greeting, EHLO, STARTTLS, AUTH, MAIL FROM, RCPT TO,"
                    + " DATA, QUIT. Prints every line (<- server, -> client, <~ and ~> inside TLS, === remarks),"
                    + " explains each enhanced status code the first time it appears, never prints a password, and"
                    + " exits with a code naming the stage that failed.",
            "",
            "Without --server it starts an embedded Exchange-like SMTP server (myserver.contoso.com on 127.0.0.1,"
                    + " accepting mail for contoso.test, refusing to relay elsewhere) and holds the seed walkthrough's"
                    + " conversation with it: a test message from someone@alternatecontoso.test to"
                    + " postmaster@contoso.test.",
            "",
            "--mx DOMAIN looks up the domain's mail exchangers and talks to the first that takes the connection."
                    + " --check runs the check suite (reachability, banner, EHLO, STARTTLS, AUTH exposure, open relay,"
                    + " VRFY/EXPN, postmaster/abuse, timing) instead of one conversation, against --server, every"
                    + " exchanger of --mx, or the embedded server."},
        exitCodeListHeading = "%nExit codes (swaks' numbers where swaks has the same failure):%n",
        footerHeading = "%nExamples (smtp-probe-cli = java -jar smtp-probe-cli.jar):%n",
        footer = {
            "  smtp-probe-cli",
            "      the seed walkthrough's test message, to the embedded server",
            "  smtp-probe-cli --to foreign@external.test",
            "      the relay test: 550 5.7.1 Unable to relay is the good answer (exit 24)",
            "  smtp-probe-cli --tls --auth login",
            "      STARTTLS and AUTH LOGIN with the embedded server's demo account",
            "  smtp-probe-cli -s mx.example.test -t postmaster@example.test -q rcpt",
            "      would the server take mail for postmaster? (no message is sent)",
            "  smtp-probe-cli -s smtp.example.test -p 587 --tls --auth-user me@example.test \\",
            "      --auth-password-env SMTP_PASSWORD -t you@example.test",
            "      submission: STARTTLS, the strongest AUTH offered, a test message",
            "  smtp-probe-cli -s mx.example.test --tls -q tls --json",
            "      STARTTLS and the certificate facts, as JSON",
            "  smtp-probe-cli --mx example.test -t postmaster@example.test -q rcpt",
            "      the first reachable exchanger of example.test: mail for postmaster?",
            "  smtp-probe-cli --check",
            "      the check suite against the embedded server (exit 0: every check passed)",
            "  smtp-probe-cli --check --mx example.test --show-time",
            "      every exchanger of example.test checked, with the time of each phase",
            "  smtp-probe-cli --check -s mx1.example.test --mail-domain example.test --json",
            "      one server, postmaster@ and abuse@ asked at example.test, as JSON"})
public final class SmtpProbeCli implements Callable<Integer> {

    @Mixin
    CliOptions options = new CliOptions();

    @Spec
    CommandSpec spec;

    private final Function<String, String> environment;
    private final Supplier<InputStream> stdin;
    private final Clock clock;
    private final PlanBuilder.PasswordPrompt prompt;

    /** The command as {@link #main} runs it: the process environment, standard input, the system clock and console. */
    public SmtpProbeCli() {
        this(System::getenv, () -> System.in, Clock.systemDefaultZone(),
                PasswordPrompts.of(System::console, () -> System.in, System.err));
    }

    /** The command with its environment, standard input, clock and password prompt given (for tests). */
    SmtpProbeCli(Function<String, String> environment, Supplier<InputStream> stdin, Clock clock,
            PlanBuilder.PasswordPrompt prompt) {
        this.environment = environment;
        this.stdin = stdin;
        this.clock = clock;
        this.prompt = prompt;
    }

    /** Runs the command line and exits with its {@link ExitCode}. */
    public static void main(String[] args) {
        System.exit(commandLine(new SmtpProbeCli()).execute(args));
    }

    /** picocli's command line for {@code command}: case-insensitive steps, exit codes and error handling set. */
    static CommandLine commandLine(SmtpProbeCli command) {
        var cl = new CommandLine(command);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExpandAtFiles(false); // --body @FILE is ours: picocli would read the file as more arguments
        cl.getCommandSpec().usageMessage().exitCodeList(ExitCode.table());
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST,
                new OptionSections("options"));
        // Both handlers print what may echo an argument or a server's words: escaped, like every other line.
        cl.setParameterExceptionHandler((e, args) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("*** " + Printable.text(e.getMessage()));
            err.println("Try '" + e.getCommandLine().getCommandName() + " --help' for the options.");
            err.flush();
            return ExitCode.USAGE.code();
        });
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            PrintWriter err = commandLine.getErr();
            err.println("*** internal error: " + Printable.text(e.toString()));
            var trace = new StringWriter();
            e.printStackTrace(new PrintWriter(trace));
            trace.toString().lines().forEach(line -> err.println(Printable.text(line)));
            err.flush();
            return ExitCode.INTERNAL.code();
        });
        return cl;
    }

    /** Checks the options, finds the server (starting the embedded one if needed), runs the conversation or the checks. */
    @Override
    public Integer call() {
        try {
            PlanBuilder.checkValues(spec.commandLine().getParseResult().matchedOptions());
            PlanBuilder.checkCombinations(options, spec.commandLine().getParseResult()::hasMatchedOption);
            if (options.check.enabled) {
                PrintWriter out = spec.commandLine().getOut();
                Optional<Credentials> login = options.check.submission
                        ? PlanBuilder.credentials(options, environment, prompt) : Optional.empty();
                return CheckCommand.run(options, login, options.output.json ? new CheckJsonPrinter(out)
                        : new CheckTextPrinter(out, spec.commandLine().getErr(), options.output.showTime,
                                options.output.showTranscript));
            }
            TlsChoice tls = PlanBuilder.tlsChoice(options);
            Optional<Credentials> credentials = PlanBuilder.credentials(options, environment, prompt);
            if (options.mx().isPresent()) {
                Target domain = Targets.remote(options);
                return MxConversation.run(options, domain, plan(domain, credentials), printer(Optional.empty()))
                        .exitCode().code();
            }
            if (options.host().isPresent()) {
                return converse(Targets.remote(options), credentials, Optional.empty());
            }
            boolean secured = tls.startTls() || credentials.isPresent();
            try (EmbeddedExchangeServer server = Targets.startEmbedded(tls, credentials)) {
                String note = "no --server: talking to the embedded server " + server.hostName() + " on " + server.host()
                        + ":" + server.port() + (secured ? " (STARTTLS, and AUTH inside TLS" + credentials.map(c ->
                        " for " + c.user()).orElse("") + ")" : "");
                return converse(Targets.embedded(server, secured), credentials, Optional.of(note));
            }
        } catch (PlanBuilder.UsageError e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private int converse(Target target, Optional<Credentials> credentials, Optional<String> note) {
        ConversationPlan plan = plan(target, credentials);
        ConversationPrinter printer = printer(Optional.of(target));
        note.ifPresent(printer::note);
        return Conversation.run(plan, printer).exitCode().code();
    }

    private ConversationPlan plan(Target target, Optional<Credentials> credentials) {
        return PlanBuilder.plan(options, target, credentials, stdin, ZonedDateTime.now(clock),
                ProcessHandle.current().pid());
    }

    /** The printer of a conversation; with {@code --mx} the target is set when an exchanger is picked. */
    private ConversationPrinter printer(Optional<Target> target) {
        PrintWriter out = spec.commandLine().getOut();
        return options.output.json ? new JsonPrinter(out, target.orElse(null))
                : new TextPrinter(out, spec.commandLine().getErr(), options.output.showTime);
    }

    /** The version from the jar's manifest. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Optional.ofNullable(SmtpProbeCli.class.getPackage().getImplementationVersion())
                    .orElse("(development build)");
            return new String[] {"smtp-probe-cli " + version, "Java " + System.getProperty("java.version")};
        }
    }
}
