package dev.smtpprobe.examples.cli;

import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Printable;
import dev.smtpprobe.RcptParameters;
import dev.smtpprobe.TlsOptions;
import dev.smtpprobe.examples.AuthLoginWalkthrough;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Turns the {@link CliOptions} into a checked {@link ConversationPlan}: the option combinations that make no sense,
 * the defaults that depend on the server, the credentials, the message. Every refusal is a {@link UsageError}
 * (exit code 1), raised before anything is sent.
 */
final class PlanBuilder {

    /** A wrong option or combination; its message says which. */
    static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageError(String message) {
            super(message);
        }
    }

    /** Asks for the password when no option gives it; empty when nobody can be asked (no console). */
    @FunctionalInterface
    interface PasswordPrompt {
        /** The password typed, without echo, or empty. */
        Optional<char[]> ask(String prompt);
    }

    private PlanBuilder() {}

    /** The options that only shape the one conversation: {@code --check} holds its own conversations. */
    private static final List<String> CONVERSATION_ONLY = List.of("--tls", "--tls-optional", "--auth", "--auth-user",
            "--auth-password", "--auth-password-env", "--auth-plaintext", "--header", "--body", "--quit-after",
            "--pipeline", "--prdr", "--protocol", "--size", "--body-type", "--bdat", "--chunk-size", "--dsn-notify",
            "--dsn-ret", "--dsn-envid", "--dsn-orcpt");
    /** The options that only shape {@code --check}. */
    private static final List<String> CHECK_ONLY = List.of("--expect-host", "--mail-domain", "--show-transcript",
            "--submission");
    /** The options {@code --check --submission} logs in with. */
    private static final List<String> SUBMISSION_LOGIN = List.of("--auth-user", "--auth-password",
            "--auth-password-env");

    /**
     * The options whose values are not checked for control characters: the body is message text, where line breaks
     * belong; a header has its own check ({@link Header}); a password is never shown, and the library checks what it
     * sends of it.
     */
    private static final Set<String> FREE_TEXT = Set.of("--body", "--header", "--auth-password");

    /**
     * Refuses a control character (C0, DEL, C1: CR, LF and NUL among them) in the value of any option but
     * {@link #FREE_TEXT}, naming the option, before anything is started or contacted: no option value can become a
     * second command, a second header or a forged line ({@code --to "a@b.test\r\nRCPT TO:<c@d.test>"}).
     *
     * @param matched the options given, as picocli matched them
     */
    static void checkValues(List<OptionSpec> matched) {
        for (OptionSpec option : matched) {
            if (FREE_TEXT.contains(option.longestName())) {
                continue;
            }
            for (String value : option.originalStringValues()) {
                if (value.chars().anyMatch(c -> c < 0x20 || c >= 0x7f && c < 0xa0)) {
                    throw new UsageError(option.longestName() + " '" + Printable.text(value) + "' holds a control"
                            + " character (CR, LF, NUL, ...): an option value never becomes a second command or line");
                }
            }
        }
    }

    /**
     * Refuses the combinations that cannot work, before any server is started or contacted.
     *
     * @param given whether an option (by its long name) was on the command line, default or not
     */
    static void checkCombinations(CliOptions o, Predicate<String> given) {
        int tlsModes = (o.tls.required ? 1 : 0) + (o.tls.optional ? 1 : 0) + (o.tls.onConnect ? 1 : 0);
        if (tlsModes > 1) {
            throw new UsageError("--tls, --tls-optional and --tls-on-connect exclude each other: give one");
        }
        if (o.host().isPresent() && o.mx().isPresent()) {
            throw new UsageError("--server and --mx exclude each other: give one");
        }
        if (o.server.port != null && (o.server.port < 1 || o.server.port > 65535)) {
            throw new UsageError("--port must be from 1 to 65535, not " + o.server.port);
        }
        if (!o.remote() && o.server.port != null) {
            throw new UsageError("--port needs --server or --mx (the embedded server picks its own port)");
        }
        if (!o.remote() && o.tls.onConnect) {
            throw new UsageError("the embedded server has no implicit TLS: --tls-on-connect needs --server or --mx");
        }
        if (!o.server.dnsServers.isEmpty() && o.mx().isEmpty() && !o.check.enabled) {
            throw new UsageError("--dns-server is for --mx and --check (the reverse DNS of the banner check)");
        }
        DnsServers.options(o.server.dnsServers, o.server.timeout); // a wrong value is refused before anything starts
        if (o.check.enabled) {
            checkModeCombinations(o, given);
            return;
        }
        CHECK_ONLY.stream().filter(given).findFirst().ifPresent(name -> {
            throw new UsageError(name + " is for --check");
        });
        if (o.auth.password != null && o.auth.passwordEnv != null) {
            throw new UsageError("--auth-password and --auth-password-env exclude each other: give one");
        }
        if (o.smtp.pipeline && o.smtp.quitAfter != QuitAfter.DATA) {
            throw new UsageError("--pipeline sends the whole transaction at once: it cannot stop after "
                    + o.smtp.quitAfter.name().toLowerCase(java.util.Locale.ROOT));
        }
        EsmtpChoices esmtp = esmtp(o);
        if (o.smtp.pipeline && esmtp.bdat()) {
            throw new UsageError("--pipeline ends its batch with DATA: it does not go with BDAT (--bdat, --chunk-size,"
                    + " --body-type BINARYMIME)");
        }
    }

    /** The ESMTP choices of the options, checked on their own (what the server offers is checked after EHLO). */
    static EsmtpChoices esmtp(CliOptions o) {
        CliOptions.Esmtp e = o.esmtp;
        OptionalLong size = OptionalLong.empty();
        if (e.size != null && !e.size.isEmpty()) {
            if (!e.size.chars().allMatch(c -> c >= '0' && c <= '9') || e.size.length() > 18) {
                throw new UsageError("--size takes a number of octets (or no value: the message's own size), not '"
                        + e.size + "'");
            }
            size = OptionalLong.of(Long.parseLong(e.size));
        }
        if (e.chunkSize != null && e.chunkSize < 1) {
            throw new UsageError("--chunk-size must be at least 1 octet, not " + e.chunkSize);
        }
        Set<RcptParameters.Notify> notify = e.dsnNotify.isEmpty() ? Set.of() : EnumSet.copyOf(e.dsnNotify);
        if (notify.contains(RcptParameters.Notify.NEVER) && notify.size() > 1) {
            throw new UsageError("--dsn-notify NEVER cannot be combined with SUCCESS, FAILURE or DELAY (RFC 3461"
                    + " section 4.1)");
        }
        boolean binary = e.bodyType == MailParameters.Body.BINARYMIME;
        return new EsmtpChoices(e.size != null, size, Optional.ofNullable(e.bodyType),
                e.bdat || e.chunkSize != null || binary,
                e.chunkSize != null ? e.chunkSize : EsmtpChoices.DEFAULT_CHUNK_SIZE, notify,
                Optional.ofNullable(e.dsnRet), Optional.ofNullable(e.dsnEnvid),
                "".equals(e.dsnOrcpt), Optional.ofNullable(e.dsnOrcpt).filter(a -> !a.isEmpty()).map(PlanBuilder::unbracket));
    }

    private static void checkModeCombinations(CliOptions o, Predicate<String> given) {
        CONVERSATION_ONLY.stream().filter(given)
                .filter(name -> !(o.check.submission && SUBMISSION_LOGIN.contains(name))).findFirst()
                .ifPresent(name -> {
                    throw new UsageError("--check holds its own conversations (the starttls check tries STARTTLS, none"
                            + " sends DATA, only --submission sends AUTH): " + name + " does not go with it");
                });
        if (o.check.submission) {
            if (o.auth.password != null && o.auth.passwordEnv != null) {
                throw new UsageError("--auth-password and --auth-password-env exclude each other: give one");
            }
            if (o.remote() && o.auth.user == null) {
                throw new UsageError("--check --submission logs in: give --auth-user (and --auth-password-env,"
                        + " --auth-password or type the password at the prompt)");
            }
        }
        if (o.smtp.to.size() > 1) {
            throw new UsageError("with --check, --to is the one foreign recipient of the open-relay attempts: give one");
        }
        if (o.smtp.to.size() == 1 && !o.smtp.to.get(0).contains("@")) {
            throw new UsageError("with --check, --to is the foreign recipient of the open-relay attempts: it needs a"
                    + " domain, not " + o.smtp.to.get(0));
        }
    }

    /** The TLS choice of the options. */
    static TlsChoice tlsChoice(CliOptions o) {
        if (o.tls.required) {
            return TlsChoice.STARTTLS;
        }
        if (o.tls.optional) {
            return TlsChoice.STARTTLS_OPTIONAL;
        }
        return o.tls.onConnect ? TlsChoice.ON_CONNECT : TlsChoice.NONE;
    }

    /**
     * The credentials of the AUTH options, if any was given: the password from {@code --auth-password}, the variable
     * of {@code --auth-password-env}, or else the prompt. For the embedded server without {@code --auth-user} or a
     * password: its demo account.
     */
    static Optional<Credentials> credentials(CliOptions o, Function<String, String> env, PasswordPrompt prompt) {
        CliOptions.Auth a = o.auth;
        if (!a.requested()) {
            return Optional.empty();
        }
        AuthType type = a.type == null ? AuthType.ANY : a.type;
        boolean embedded = !o.remote();
        if (embedded && a.user == null && a.password == null && a.passwordEnv == null) {
            return Optional.of(new Credentials(type, AuthLoginWalkthrough.DEMO_USER, AuthLoginWalkthrough.DEMO_PASSWORD));
        }
        if (a.user == null) {
            throw new UsageError("--auth needs --auth-user");
        }
        String password;
        if (a.password != null && a.password.length > 0) {
            password = new String(a.password);
        } else if (a.passwordEnv != null) {
            password = env.apply(a.passwordEnv);
            if (password == null) {
                throw new UsageError("--auth-password-env: the environment variable " + a.passwordEnv + " is not set");
            }
        } else {
            password = prompt.ask("Password for " + a.user + ": ").map(String::new).filter(p -> !p.isEmpty())
                    .orElseThrow(() -> new UsageError("no password: give --auth-password-env VAR, or --auth-password"
                            + " (without a value to type it)"));
        }
        return Optional.of(new Credentials(type, a.user, password));
    }

    /**
     * The plan for {@code target}.
     *
     * @param stdin  the standard input, read only for {@code --body -}
     * @param now    the message's date
     * @param unique makes the Message-Id unique
     */
    static ConversationPlan plan(CliOptions o, Target target, Optional<Credentials> credentials,
            Supplier<InputStream> stdin, ZonedDateTime now, long unique) {
        QuitAfter quitAfter = o.smtp.quitAfter;
        List<String> to = o.smtp.to.stream().map(PlanBuilder::unbracket).filter(s -> !s.isEmpty()).toList();
        if (to.isEmpty()) {
            to = target.defaultTo();
        }
        if (to.isEmpty() && quitAfter.continuesAfter(QuitAfter.MAIL)) {
            throw new UsageError("--to is required (or --quit-after mail or earlier)");
        }
        String ehlo = o.smtp.ehlo != null ? o.smtp.ehlo : target.defaultEhlo();
        String from = o.smtp.from != null ? unbracket(o.smtp.from) : target.defaultFrom();
        EsmtpChoices esmtp = esmtp(o);
        if (esmtp.orcpt().isPresent() && to.size() != 1) {
            throw new UsageError("--dsn-orcpt ADDR names the original recipient of the one --to; with " + to.size()
                    + " recipients give --dsn-orcpt without a value (each RCPT its own address)");
        }
        String body = body(o.message.body, stdin);
        String message = MessageBuilder.build(from, to, o.message.headers, body, ehlo, now, unique);
        return new ConversationPlan(target.host(), target.port(), ehlo, from, to, tlsChoice(o), tlsOptions(o, target),
                credentials, o.auth.plaintext, message, quitAfter, o.smtp.pipeline, o.server.timeout,
                ClientIdentity.xclient(o.identity.xclient), ClientIdentity.proxy(o.identity), o.smtp.prdr,
                o.smtp.protocol, esmtp);
    }

    /** Trust and server name: the options', else the target's, else the JVM's trust and the host. */
    static TlsOptions tlsOptions(CliOptions o, Target target) {
        var tls = TlsOptions.builder();
        if (o.tls.insecure) {
            tls.trustAllCertificatesInsecure();
        } else if (o.tls.caPath != null) {
            try {
                tls.trustStore(PemTrust.load(o.tls.caPath));
            } catch (IllegalArgumentException e) {
                throw new UsageError("--tls-ca-path: " + e.getMessage());
            }
        } else {
            target.trustStore().ifPresent(tls::trustStore);
        }
        Optional.ofNullable(o.tls.serverName).or(target::serverName).ifPresent(tls::serverName);
        return tls.build();
    }

    private static String body(String option, Supplier<InputStream> stdin) {
        if (option == null) {
            return MessageBuilder.DEFAULT_BODY;
        }
        try {
            if (option.equals("-")) {
                return new String(stdin.get().readAllBytes(), StandardCharsets.UTF_8);
            }
            if (option.startsWith("@")) {
                return Files.readString(Path.of(option.substring(1)), StandardCharsets.UTF_8);
            }
        } catch (IOException | UncheckedIOException e) {
            throw new UsageError("--body " + option + ": cannot read it: " + e.getMessage());
        }
        return option;
    }

    /** {@code <a@b.test>} as {@code a@b.test}, {@code <>} as the null sender {@code ""}. */
    static String unbracket(String address) {
        String a = address.trim();
        return a.length() >= 2 && a.startsWith("<") && a.endsWith(">") ? a.substring(1, a.length() - 1) : a;
    }
}
