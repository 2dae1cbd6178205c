package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What the command line accepts and refuses, before anything is sent (exit code 1 for every refusal). */
class CliOptionParsingTest {

    /** An address where nothing may be contacted: every refusal below happens before the connection. */
    private static final String[] NOWHERE = {"--server", "127.0.0.1", "--port", "9"};

    private static CliRun refused(String... args) {
        CliRun run = CliRun.run(args);
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).as("nothing on standard output").isEmpty();
        assertThat(run.err()).startsWith("*** ").contains("Try 'smtp-probe-cli --help' for the options.");
        return run;
    }

    private static String[] nowhere(String... args) {
        String[] all = new String[NOWHERE.length + args.length];
        System.arraycopy(NOWHERE, 0, all, 0, NOWHERE.length);
        System.arraycopy(args, 0, all, NOWHERE.length, args.length);
        return all;
    }

    @Test
    void helpListsEveryOptionTheExitCodesAndExamples() {
        CliRun run = CliRun.run("--help");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).contains("Usage: smtp-probe-cli", "--server=HOST", "--port=N", "--ehlo=NAME", "--from=ADDR",
                "--to=ADDR", "--tls ", "--tls-optional", "--tls-on-connect", "--tls-insecure", "--tls-ca-path=FILE",
                "--auth=TYPE", "--auth-user=USER", "--auth-password[=PASSWORD]", "--auth-password-env=VAR",
                "--header=\"NAME: VALUE\"", "--body=TEXT|@FILE|-", "--quit-after=STEP", "--pipeline",
                "--timeout=DURATION", "--show-time", "--json", "Default: 30s", "--mx=DOMAIN",
                "--dns-server=HOST[:PORT]", "--check ", "--expect-host=NAME", "--mail-domain=DOMAIN",
                "--show-transcript", "Exit codes", "24   no RCPT TO was accepted", "29   TLS failed",
                "8    the DNS lookup of --mx got no answer", "9    --mx found no exchanger to talk to",
                "10   --check: at least one check warned", "11   --check: at least one check failed", "Examples",
                "smtp-probe-cli --to foreign@external.test", "smtp-probe-cli --check",
                "smtp-probe-cli --mx example.test");
    }

    @Test
    void versionNamesTheTool() {
        CliRun run = CliRun.run("--version");
        assertThat(run.exit()).isZero();
        assertThat(run.out()).startsWith("smtp-probe-cli ");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertThat(refused("--relay", "example.test").err()).contains("Unknown options: '--relay', 'example.test'");
    }

    @Test
    void serverAndMxExcludeEachOther() {
        assertThat(refused("--server", "mx.test", "--mx", "example.test", "--to", "a@b.test").err())
                .contains("--server and --mx exclude each other");
    }

    @Test
    void portAndImplicitTlsGoWithMxToo() {
        var options = parse("--mx", "example.test", "--tls-on-connect");
        PlanBuilder.checkCombinations(options, name -> false);
        assertThat(Targets.remote(options).port()).isEqualTo(465);
        assertThat(Targets.remote(parse("--mx", "example.test", "--port", "2525")).port()).isEqualTo(2525);
    }

    @ParameterizedTest
    @CsvSource({"--tls,", "--tls-optional,", "--auth,login", "--auth-user,u", "--auth-password,x",
        "--auth-password-env,V", "--auth-plaintext,", "--header,X-A: b", "--body,hi", "--quit-after,rcpt",
        "--quit-after,data", "--pipeline,", "--prdr,", "--protocol,LMTP", "--size,", "--size,1000",
        "--body-type,8BITMIME", "--bdat,", "--chunk-size,100", "--dsn-notify,success", "--dsn-ret,hdrs", "--dsn-envid,id",
        "--dsn-orcpt,"})
    void checkRefusesTheOptionsOfTheOneConversation(String option, String value) {
        String[] args = value == null ? new String[] {"--check", option} : new String[] {"--check", option, value};
        assertThat(refused(args).err()).contains("--check holds its own conversations", option + " does not go with it");
    }

    @Test
    void withCheckToIsTheOneRelayRecipientAndNeedsADomain() {
        assertThat(refused("--check", "--to", "a@x.test,b@y.test").err()).contains("--to is the one foreign recipient");
        assertThat(refused("--check", "--to", "postmaster").err()).contains("it needs a domain, not postmaster");
    }

    @ParameterizedTest
    @CsvSource({"--expect-host,mx.test", "--mail-domain,example.test", "--show-transcript,", "--submission,"})
    void theCheckSettingsNeedCheck(String option, String value) {
        String[] args = value == null ? nowhere("--to", "a@b.test", option) : nowhere("--to", "a@b.test", option, value);
        assertThat(refused(args).err()).contains(option + " is for --check");
    }

    @Test
    void aDnsServerIsForMxAndCheck() {
        assertThat(refused(nowhere("--to", "a@b.test", "--dns-server", "127.0.0.1")).err())
                .contains("--dns-server is for --mx and --check");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"192.0.2.53|192.0.2.53|53", "192.0.2.53:5353|192.0.2.53|5353",
        "::1|0:0:0:0:0:0:0:1|53", "[::1]:5353|0:0:0:0:0:0:0:1|5353", "[2001:db8::53]|2001:db8:0:0:0:0:0:53|53"})
    void dnsServersAreHostAndOptionalPort(String value, String address, int port) {
        var server = DnsServers.parse(value);
        assertThat(server.getAddress().getHostAddress()).isEqualTo(address);
        assertThat(server.getPort()).isEqualTo(port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.53:0", "192.0.2.53:x", "[::1", "[::1]5353", ":53", "no-such-host.invalid"})
    void aWrongDnsServerIsAUsageError(String value) {
        assertThat(refused("--check", "--dns-server", value).err()).contains("--dns-server " + value + ": ");
    }

    @Test
    void dnsServersRepeatOrSplitOnCommasAndTheQueryTimeoutFollowsTheTimeout() {
        var options = parse("--mx", "example.test", "--dns-server", "192.0.2.1,192.0.2.2:5353", "--dns-server",
                "[::1]:53", "--timeout", "2s");
        var dns = DnsServers.options(options.server.dnsServers, options.server.timeout);
        assertThat(dns.servers()).extracting(a -> a.getAddress().getHostAddress() + " " + a.getPort())
                .containsExactly("192.0.2.1 53", "192.0.2.2 5353", "0:0:0:0:0:0:0:1 53");
        assertThat(dns.queryTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(DnsServers.options(List.of(), Duration.ofMinutes(1)))
                .satisfies(d -> assertThat(d.usesSystemResolvers()).isTrue())
                .satisfies(d -> assertThat(d.queryTimeout()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void tlsModesExcludeEachOther() {
        assertThat(refused(nowhere("--tls", "--tls-on-connect", "--to", "a@b.test")).err())
                .contains("--tls, --tls-optional and --tls-on-connect exclude each other");
    }

    @Test
    void portNeedsServer() {
        assertThat(refused("--port", "2525").err()).contains("--port needs --server");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "65536", "-1"})
    void portMustBeInRange(String port) {
        refused("--server", "127.0.0.1", "--port", port, "--to", "a@b.test");
    }

    @Test
    void implicitTlsNeedsServer() {
        assertThat(refused("--tls-on-connect").err()).contains("--tls-on-connect needs --server or --mx");
    }

    @Test
    void aServerNeedsARecipientUnlessTheRunStopsBeforeRcpt() {
        assertThat(refused(nowhere()).err()).contains("--to is required");
    }

    @Test
    void pipelineCannotStopHalfway() {
        assertThat(refused(nowhere("--to", "a@b.test", "--pipeline", "--quit-after", "rcpt")).err())
                .contains("--pipeline sends the whole transaction at once");
    }

    @Test
    void aWrongQuitAfterStepIsNamed() {
        assertThat(refused(nowhere("--quit-after", "helo")).err()).contains("--quit-after", "helo");
    }

    @Test
    void aWrongAuthTypeListsTheKnownOnes() {
        assertThat(refused(nowhere("--auth", "DIGEST-MD5")).err())
                .contains("unknown AUTH type 'DIGEST-MD5'", "PLAIN, LOGIN, CRAM-MD5, SCRAM-SHA-256, XOAUTH2, NTLM, NTLMv1, any");
    }

    @ParameterizedTest
    @CsvSource({"plain,PLAIN", "cram-md5,CRAM-MD5", "Scram-Sha-256,SCRAM-SHA-256", "ANY,any", "ntlm,NTLM", "ntlmv1,NTLMv1", "NTLMV1,NTLMv1", "xoauth2,XOAUTH2"})
    void authTypesAreReadIgnoringCase(String given, String label) {
        assertThat(new AuthType.Converter().convert(given).label()).isEqualTo(label);
    }

    @Test
    void aHeaderNeedsAColonAndNoLineBreak() {
        assertThat(refused(nowhere("--to", "a@b.test", "--header", "Subject hello")).err()).contains("is not a header");
        assertThat(refused(nowhere("--to", "a@b.test", "--header", "Subject: hi\r\nBcc: x@evil.test")).err())
                .contains("holds CR, LF or NUL");
        assertThat(refused(nowhere("--to", "a@b.test", "--header", "Sub ject: hi")).err()).contains("is not a header name");
    }

    @Test
    void theTimeoutIsADuration() {
        assertThat(refused(nowhere("--timeout", "soon")).err()).contains("'soon' is not a duration");
        assertThat(refused(nowhere("--timeout", "0s")).err()).contains("must be positive");
    }

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "500ms,PT0.5S", "2m,PT2M", "1h,PT1H", "10,PT10S", "PT1.5S,PT1.5S", "pt3s,PT3S"})
    void durationsAreReadInShortOrIsoForm(String text, String expected) {
        assertThat(DurationConverter.parse(text)).isEqualTo(Duration.parse(expected));
    }

    @Test
    void aPasswordEnvironmentVariableMustBeSet() {
        assertThat(refused(nowhere("--to", "a@b.test", "--auth-user", "u", "--auth-password-env", "SMTP_PW")).err())
                .contains("the environment variable SMTP_PW is not set");
    }

    @Test
    void passwordAndPasswordEnvExcludeEachOther() {
        assertThat(refused(nowhere("--to", "a@b.test", "--auth-user", "u", "--auth-password", "x",
                "--auth-password-env", "V")).err()).contains("exclude each other");
    }

    @Test
    void authAgainstAServerNeedsAUser() {
        assertThat(refused(nowhere("--to", "a@b.test", "--auth", "login")).err()).contains("--auth needs --auth-user");
    }

    @Test
    void withNoPasswordAndNoOneToAskItIsAUsageError() {
        CliRun run = CliRun.run(Map.of(), Optional.empty(), nowhere("--to", "a@b.test", "--auth-user", "u"));
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("no password");
    }

    @Test
    void aMissingCaFileIsAUsageError() {
        assertThat(refused(nowhere("--to", "a@b.test", "--tls", "--tls-ca-path", "/nonexistent/ca.pem")).err())
                .contains("--tls-ca-path", "/nonexistent/ca.pem");
    }

    @Test
    void credentialsComeFromTheOptionTheEnvironmentOrThePrompt() {
        var options = parse("--server", "mx.test", "--auth", "cram-md5", "--auth-user", "u", "--auth-password", "from-option");
        assertThat(PlanBuilder.credentials(options, v -> null, p -> Optional.empty()))
                .hasValue(new Credentials(AuthType.CRAM_MD5, "u", "from-option"));

        options = parse("--server", "mx.test", "--auth-user", "u", "--auth-password-env", "PW");
        assertThat(PlanBuilder.credentials(options, Map.of("PW", "from-env")::get, p -> Optional.empty()))
                .hasValue(new Credentials(AuthType.ANY, "u", "from-env"));

        options = parse("--server", "mx.test", "--auth-user", "u", "--auth-password");
        assertThat(PlanBuilder.credentials(options, v -> null, p -> Optional.of("typed".toCharArray())))
                .hasValue(new Credentials(AuthType.ANY, "u", "typed"));

        options = parse("--auth", "login");
        assertThat(PlanBuilder.credentials(options, v -> null, p -> Optional.empty()))
                .as("the embedded server's demo account").hasValue(new Credentials(AuthType.LOGIN, "someone@contoso.test", "demo-password"));

        assertThat(PlanBuilder.credentials(parse("--server", "mx.test"), v -> null, p -> Optional.empty())).isEmpty();
    }

    @Test
    void credentialsNeverShowThePassword() {
        assertThat(new Credentials(AuthType.PLAIN, "u", "hunter2").toString()).doesNotContain("hunter2").contains("<redacted>");
    }

    @Test
    void recipientsRepeatOrSplitOnCommasAndBracketsAreDropped() {
        var options = parse("--server", "mx.test", "--to", "a@x.test,b@x.test", "--to", "<c@x.test>", "--from", "<>");
        var target = Targets.remote(options);
        var plan = PlanBuilder.plan(options, target, Optional.empty(), () -> null, CliRun.CLOCK.instant().atZone(CliRun.CLOCK.getZone()), 1);
        assertThat(plan.to()).containsExactly("a@x.test", "b@x.test", "c@x.test");
        assertThat(plan.from()).isEmpty();
        assertThat(plan.port()).isEqualTo(25);
        assertThat(plan.quitAfter()).isEqualTo(QuitAfter.DATA);
        assertThat(plan.timeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void implicitTlsDefaultsToPort465AndStepsAreCaseInsensitive() {
        var options = parse("--server", "mx.test", "--tls-on-connect", "--quit-after", "EHLO");
        assertThat(Targets.remote(options).port()).isEqualTo(465);
        assertThat(options.smtp.quitAfter).isEqualTo(QuitAfter.EHLO);
        assertThat(PlanBuilder.tlsChoice(options)).isEqualTo(TlsChoice.ON_CONNECT);
    }

    @Test
    void theBodyComesFromTheOptionAFileOrStandardInput(@TempDir Path dir) throws IOException {
        var file = Files.writeString(dir.resolve("body.txt"), "from a file\n");
        var now = CliRun.CLOCK.instant().atZone(CliRun.CLOCK.getZone());
        Supplier<InputStream> stdin = () -> new ByteArrayInputStream("from stdin".getBytes(StandardCharsets.UTF_8));
        for (String[] c : new String[][] {{"plain text", "plain text"}, {"@" + file, "from a file\n"}, {"-", "from stdin"}}) {
            var options = parse("--server", "mx.test", "--to", "a@x.test", "--body", c[0]);
            var plan = PlanBuilder.plan(options, Targets.remote(options), Optional.empty(), stdin, now, 1);
            assertThat(plan.message()).endsWith("\r\n\r\n" + c[1].replace("\n", "\r\n"));
        }
        var missing = parse("--server", "mx.test", "--to", "a@x.test", "--body", "@" + dir.resolve("none.txt"));
        assertThatThrownBy(() -> PlanBuilder.plan(missing, Targets.remote(missing), Optional.empty(), stdin, now, 1))
                .isInstanceOf(PlanBuilder.UsageError.class).hasMessageContaining("cannot read it");
    }

    static Stream<Arguments> controlCharactersInAddressesAndTheEhloName() {
        return Stream.of("--to", "--from", "--ehlo").flatMap(option -> Stream.of("a@b.test\r\nRCPT TO:<c@evil.test>",
                "a@b.test\nQUIT", "a@b.test\r", "a\0@b.test", "a\u001b[2J@b.test", "a@b.test\u007f", "a@b.test\u0085")
                .map(value -> Arguments.of(option, value)));
    }

    /** Issue 14 item 9: this used to end in exit code 70, "internal error", with a stack trace. */
    @ParameterizedTest
    @MethodSource("controlCharactersInAddressesAndTheEhloName")
    void aControlCharacterInAnAddressOrTheEhloNameIsAUsageErrorNamingTheOption(String option, String value) {
        String[] args = option.equals("--to") ? nowhere("--to", value) : nowhere("--to", "a@b.test", option, value);
        CliRun run = refused(args);
        assertThat(run.err()).startsWith("*** " + option + " '").contains("holds a control character")
                .doesNotContain("internal error", "Exception");
        assertThat(run.err().chars().filter(c -> c < 0x20 && c != '\n' || c >= 0x7f && c < 0xa0))
                .as("the value is shown escaped").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"--dsn-envid", "--dsn-orcpt", "--auth-user", "--tls-sni", "--auth-password-env", "--server"})
    void aControlCharacterInAnyOtherValueIsRefusedToo(String option) {
        CliRun run = refused("--to", "a@b.test", option, "x\r\nRSET");
        assertThat(run.err()).startsWith("*** " + option + " 'x\\r\\nRSET' holds a control character");
    }

    @Test
    void theBodyMayHoldLineBreaksAndAPasswordIsNeverShown() {
        var cli = new SmtpProbeCli();
        var commandLine = SmtpProbeCli.commandLine(cli);
        commandLine.parseArgs("--to", "a@b.test", "--body", "line 1\r\nline 2\n", "--header", "X-A: b\tc");
        PlanBuilder.checkValues(commandLine.getParseResult().matchedOptions()); // no refusal

        CliRun run = CliRun.run(nowhere("--to", "a@b.test", "--auth-user", "u", "--auth-password", "hunter2\r\n",
                "--timeout", "1s"));
        assertThat(run.all()).doesNotContain("hunter2");
    }

    @Test
    void theEsmtpOptionsAreCheckedBeforeAnythingIsSent() {
        assertThat(refused(nowhere("--to", "a@b.test", "--size", "lots")).err())
                .contains("--size takes a number of octets (or no value: the message's own size), not 'lots'");
        assertThat(refused(nowhere("--to", "a@b.test", "--chunk-size", "0")).err())
                .contains("--chunk-size must be at least 1 octet, not 0");
        assertThat(refused(nowhere("--to", "a@b.test", "--dsn-notify", "never,success")).err())
                .contains("--dsn-notify NEVER cannot be combined with SUCCESS, FAILURE or DELAY");
        assertThat(refused(nowhere("--to", "a@b.test,c@d.test", "--dsn-orcpt", "x@y.test")).err())
                .contains("--dsn-orcpt ADDR names the original recipient of the one --to; with 2 recipients");
        assertThat(refused(nowhere("--to", "a@b.test", "--pipeline", "--bdat")).err())
                .contains("--pipeline ends its batch with DATA: it does not go with BDAT");
        assertThat(refused(nowhere("--to", "a@b.test", "--pipeline", "--body-type", "binarymime")).err())
                .contains("it does not go with BDAT");
        assertThat(refused(nowhere("--to", "a@b.test", "--body-type", "9BIT")).err())
                .contains("unknown body type '9BIT'; one of 7BIT, 8BITMIME, BINARYMIME");
        assertThat(refused(nowhere("--to", "a@b.test", "--dsn-ret", "maybe")).err()).contains("--dsn-ret", "maybe");
    }

    @Test
    void theEsmtpOptionsBecomeTheTransactionsParameters() {
        var options = parse("--server", "mx.test", "--to", "<b@x.test>", "--size", "--body-type", "8bitmime",
                "--dsn-notify", "failure,success", "--dsn-ret", "hdrs", "--dsn-envid", "id 1+", "--dsn-orcpt", "<o@x.test>");
        var esmtp = PlanBuilder.plan(options, Targets.remote(options), Optional.empty(), () -> null,
                CliRun.CLOCK.instant().atZone(CliRun.CLOCK.getZone()), 1).esmtp();
        assertThat(esmtp.mail(1234, false).toList()).containsExactly("SIZE=1234", "BODY=8BITMIME", "RET=HDRS",
                "ENVID=id+201+2B");
        assertThat(esmtp.mail(1234, true).toList()).contains("SMTPUTF8");
        assertThat(esmtp.rcpt("b@x.test").toList()).containsExactly("NOTIFY=SUCCESS,FAILURE", "ORCPT=rfc822;o@x.test");
        assertThat(esmtp.bdat()).isFalse();

        var told = PlanBuilder.esmtp(parse("--size", "99", "--chunk-size", "10", "--dsn-orcpt"));
        assertThat(told.mail(1234, false).toList()).containsExactly("SIZE=99");
        assertThat(told.sizeAsTold()).isTrue();
        assertThat(told.bdat()).as("--chunk-size implies BDAT").isTrue();
        assertThat(told.chunkSize()).isEqualTo(10);
        assertThat(told.rcpt("r@x.test").toList()).containsExactly("ORCPT=rfc822;r@x.test");

        var binary = PlanBuilder.esmtp(parse("--body-type", "BINARYMIME"));
        assertThat(binary.bdat()).as("BINARYMIME goes only with BDAT").isTrue();
        assertThat(binary.chunkSize()).isEqualTo(EsmtpChoices.DEFAULT_CHUNK_SIZE);
        assertThat(PlanBuilder.esmtp(parse())).isEqualTo(EsmtpChoices.NONE);
    }

    /** The options as picocli fills them in for {@code args}. */
    private static CliOptions parse(String... args) {
        var cli = new SmtpProbeCli();
        SmtpProbeCli.commandLine(cli).parseArgs(args);
        return cli.options;
    }
}
