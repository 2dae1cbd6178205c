package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.smtpprobe.RcptParameters;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * No option is ever dropped (issue 14 item 8). The options used to live in picocli arg groups, and a second
 * {@code --from} started a new instance of its group: every option of the group given before it was silently lost
 * ({@code --ehlo}, {@code --quit-after rcpt}, and with the server group {@code --server}, so that a whole message went
 * to the embedded server). Now a single-valued option given twice is a usage error naming it, wherever the two are
 * among the other options, and a repeatable one collects every value.
 *
 * <p>The options come from the command's own spec, so an option added later is covered as soon as it exists: it
 * needs a sample value in {@link #SAMPLES} (a flag needs none).
 */
class CliRepeatedOptionsTest {

    /** A value picocli takes for each option that takes one. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("--server", "mx.test"), Map.entry("--mx", "example.test"), Map.entry("--port", "2525"),
            Map.entry("--dns-server", "192.0.2.53"), Map.entry("--timeout", "5s"),
            Map.entry("--expect-host", "mx.test"), Map.entry("--mail-domain", "example.test"),
            Map.entry("--ehlo", "client.test"), Map.entry("--from", "a@client.test"), Map.entry("--to", "b@example.test"),
            Map.entry("--quit-after", "rcpt"), Map.entry("--size", "1000"), Map.entry("--body-type", "8BITMIME"),
            Map.entry("--chunk-size", "100"), Map.entry("--dsn-notify", "SUCCESS"), Map.entry("--dsn-ret", "HDRS"),
            Map.entry("--dsn-envid", "env-1"), Map.entry("--dsn-orcpt", "orig@example.test"),
            Map.entry("--tls-ca-path", "/tmp/ca.pem"), Map.entry("--tls-sni", "mx.test"), Map.entry("--auth", "login"),
            Map.entry("--auth-user", "u"), Map.entry("--auth-password", "pw"), Map.entry("--auth-password-env", "PW"),
            Map.entry("--header", "X-A: b"), Map.entry("--body", "hi"),
            Map.entry("--protocol", "LMTP"), Map.entry("--xclient", "NAME=client.test"), Map.entry("--proxy", "v1"),
            Map.entry("--proxy-source", "192.0.2.1:4000"), Map.entry("--proxy-destination", "192.0.2.2:25"));

    private static CommandSpec spec() {
        return SmtpProbeCli.commandLine(new SmtpProbeCli()).getCommandSpec();
    }

    /** Every option a user gives (not --help, --version). */
    private static List<OptionSpec> options(CommandSpec spec) {
        return spec.options().stream().filter(o -> !o.usageHelp() && !o.versionHelp()).toList();
    }

    static Stream<String> singleValued() {
        return options(spec()).stream().filter(o -> !o.isMultiValue()).map(OptionSpec::longestName);
    }

    static Stream<String> repeatable() {
        return options(spec()).stream().filter(OptionSpec::isMultiValue).map(OptionSpec::longestName);
    }

    /** The option as given once: its name, and its sample value unless it is a flag. */
    private static List<String> given(OptionSpec option) {
        String name = option.longestName();
        if (option.arity().max() == 0) {
            return List.of(name);
        }
        String sample = SAMPLES.get(name);
        if (sample == null) {
            fail("the option " + name + " has no sample value: add one to CliRepeatedOptionsTest.SAMPLES");
        }
        return List.of(name, sample);
    }

    /** One option of each group (the mixins of CliOptions), none of them {@code except}, in the groups' order. */
    private static List<List<String>> oneOfEachGroup(CommandSpec spec, String except) {
        var representatives = new ArrayList<List<String>>();
        for (CommandSpec group : spec.mixins().get("options").mixins().values()) {
            group.options().stream().filter(o -> !o.longestName().equals(except)).findFirst()
                    .ifPresent(o -> representatives.add(given(o)));
        }
        return representatives;
    }

    private static CliOptions parse(List<String> args) {
        var cli = new SmtpProbeCli();
        SmtpProbeCli.commandLine(cli).parseArgs(args.toArray(new String[0]));
        return cli.options;
    }

    @Test
    void noOptionLivesInAnArgGroup() {
        assertThat(spec().argGroups()).as("an option of a picocli arg group given twice drops its group's other"
                + " options: keep the groups as mixins (see CliOptions)").isEmpty();
    }

    @ParameterizedTest
    @MethodSource("singleValued")
    void aSingleValuedOptionGivenTwiceIsRefusedNamingItWhereverTheTwoAreAmongTheGroups(String name) {
        CommandLine commandLine = SmtpProbeCli.commandLine(new SmtpProbeCli()); // parseArgs starts afresh each time
        CommandSpec spec = commandLine.getCommandSpec();
        List<String> once = given(spec.findOption(name));
        List<List<String>> others = oneOfEachGroup(spec, name);
        for (int first = 0; first <= others.size(); first++) {
            for (int second = first; second <= others.size(); second++) {
                var args = new ArrayList<String>();
                for (int i = 0; i <= others.size(); i++) {
                    if (i == first) {
                        args.addAll(once);
                    }
                    if (i == second) {
                        args.addAll(once);
                    }
                    if (i < others.size()) {
                        args.addAll(others.get(i));
                    }
                }
                assertThatThrownBy(() -> commandLine.parseArgs(args.toArray(new String[0]))).as(String.join(" ", args))
                        .isInstanceOf(CommandLine.OverwrittenOptionException.class)
                        .hasMessageContaining("option '" + name + "'").hasMessageContaining("should be specified only once");
            }
        }
        var args = new ArrayList<>(once);
        args.addAll(once);
        CliRun run = CliRun.run(args.toArray(new String[0]));
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err()).startsWith("*** option '" + name + "'").contains("should be specified only once",
                "Try 'smtp-probe-cli --help' for the options.");
    }

    @Test
    void everyOptionGivenOnceKeepsItsValueInAnyOrder() {
        CommandSpec spec = spec();
        List<OptionSpec> all = options(spec);
        var orders = new ArrayList<List<OptionSpec>>();
        orders.add(all);
        var reversed = new ArrayList<>(all);
        Collections.reverse(reversed);
        orders.add(reversed);
        for (int seed = 1; seed <= 5; seed++) {
            var shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(seed));
            orders.add(shuffled);
        }
        for (OptionSpec option : all) { // each one first, and each one last
            var first = new ArrayList<>(all);
            first.remove(option);
            var last = new ArrayList<>(first);
            first.add(0, option);
            last.add(option);
            orders.add(first);
            orders.add(last);
        }
        var alone = new java.util.HashMap<String, Object>();
        all.forEach(o -> alone.put(o.longestName(), valueAlone(o)));
        var commandLine = SmtpProbeCli.commandLine(new SmtpProbeCli()); // parseArgs starts afresh each time
        for (List<OptionSpec> order : orders) {
            var args = new ArrayList<String>();
            order.forEach(o -> args.addAll(given(o)));
            commandLine.parseArgs(args.toArray(new String[0]));
            for (OptionSpec option : all) {
                Object together = commandLine.getCommandSpec().findOption(option.longestName()).getValue();
                assertThat(together).as("%s in: %s", option.longestName(), String.join(" ", args)).isEqualTo(alone.get(option.longestName()));
            }
        }
    }

    /** The value picocli gives the option when it is the only one on the command line. */
    private static Object valueAlone(OptionSpec option) {
        var commandLine = SmtpProbeCli.commandLine(new SmtpProbeCli());
        commandLine.parseArgs(given(option).toArray(new String[0]));
        return commandLine.getCommandSpec().findOption(option.longestName()).getValue();
    }

    @Test
    void theIssuesCommandLineARepeatedFromIsRefusedAndNothingIsContacted() {
        CliRun run = CliRun.run("--server", "127.0.0.1", "--port", "9", "--ehlo", "a.test", "--quit-after", "rcpt",
                "--from", "x@y.test", "--to", "t@u.test", "--from", "z@y.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).startsWith("*** option '--from' (ADDR) should be specified only once");
        assertThat(run.all()).doesNotContain("Trying");
    }

    @Test
    void shortAndLongNamesAreOneOption() {
        assertThatThrownBy(() -> parse(List.of("-f", "a@b.test", "--from", "c@d.test")))
                .isInstanceOf(CommandLine.OverwrittenOptionException.class).hasMessageContaining("'--from'");
        assertThatThrownBy(() -> parse(List.of("-q", "rcpt", "-s", "mx.test", "--quit-after", "mail")))
                .isInstanceOf(CommandLine.OverwrittenOptionException.class).hasMessageContaining("'--quit-after'");
    }

    @Test
    void singleValuedOptionsBeforeAndAfterAnotherGroupAllKeepTheirValues() {
        var o = parse(List.of("--server", "mx.test", "--ehlo", "a.test", "--quit-after", "rcpt", "--from", "x@y.test",
                "--to", "t@u.test", "--port", "2525", "--tls", "--size", "--dsn-ret", "FULL", "--json"));
        assertThat(o.server.host).isEqualTo("mx.test");
        assertThat(o.server.port).isEqualTo(2525);
        assertThat(o.smtp.ehlo).isEqualTo("a.test");
        assertThat(o.smtp.quitAfter).isEqualTo(QuitAfter.RCPT);
        assertThat(o.smtp.from).isEqualTo("x@y.test");
        assertThat(o.smtp.to).containsExactly("t@u.test");
        assertThat(o.tls.required).isTrue();
        assertThat(o.esmtp.size).as("--size without a value: the message's own size").isEmpty();
        assertThat(o.esmtp.dsnRet).hasToString("FULL");
        assertThat(o.output.json).isTrue();
    }

    @ParameterizedTest
    @MethodSource("repeatable")
    void aRepeatableOptionCollectsEveryValueWhateverComesBetween(String name) {
        CommandSpec spec = spec();
        List<String> once = given(spec.findOption(name));
        var args = new ArrayList<>(once);
        oneOfEachGroup(spec, name).forEach(args::addAll);
        args.addAll(once);
        var commandLine = SmtpProbeCli.commandLine(new SmtpProbeCli());
        commandLine.parseArgs(args.toArray(new String[0]));
        List<?> values = commandLine.getCommandSpec().findOption(name).getValue();
        assertThat(values).as(String.join(" ", args)).hasSize(2);
    }

    @Test
    void theRepeatableOptionsCollectEveryValue() {
        var o = parse(List.of("--to", "a@x.test", "--ehlo", "e.test", "--to", "b@x.test,c@x.test", "--header", "X-A: 1",
                "--server", "mx.test", "--header", "X-B: 2", "--dsn-notify", "success", "--from", "f@x.test",
                "--dsn-notify", "failure,delay", "--mx", "example.test", "--dns-server", "192.0.2.1",
                "--dns-server", "192.0.2.2"));
        assertThat(o.smtp.to).containsExactly("a@x.test", "b@x.test", "c@x.test");
        assertThat(o.message.headers).extracting(Header::toString).containsExactly("X-A: 1", "X-B: 2");
        assertThat(o.esmtp.dsnNotify).containsExactly(RcptParameters.Notify.SUCCESS, RcptParameters.Notify.FAILURE,
                RcptParameters.Notify.DELAY);
        assertThat(o.server.dnsServers).containsExactly("192.0.2.1", "192.0.2.2");
        assertThat(o.smtp.ehlo).isEqualTo("e.test");
        assertThat(o.smtp.from).isEqualTo("f@x.test");
        assertThat(o.server.host).isEqualTo("mx.test");
    }
}
