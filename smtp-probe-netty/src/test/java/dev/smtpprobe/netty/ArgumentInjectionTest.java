package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Hello;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.RcptParameters;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SMTP command injection (DESIGN §5): every argument with CR, LF, NUL, or a char the encoder would turn into
 * one, is refused with {@link InvalidArgumentException} before a byte is written, and the session goes on.
 */
@Timeout(30)
class ArgumentInjectionTest {

    /** Values that must never reach the wire; U+010D, U+560A and U+010A become CR or LF as one byte per char. */
    static final List<String> INJECTIONS = List.of(
            "a\rb", "a\nb", "a\r\nRCPT TO:<evil@x>", "x>\r\nRCPT TO:<evil@x", "a\0b", "a\u010Db", "a\u560Ab",
            "\u010A", "tail\r", "\nlead", (char) 0x000D + "x" + (char) 0x000D, "caf\u00e9");

    /** One argument of one step: how to call it with a value. */
    interface Call {
        void with(SmtpSession session, Hello hello, Transaction tx, String value);
    }

    static Stream<Arguments> everyArgument() {
        return Stream.of(
                arg("ehlo name", (s, h, t, v) -> s.ehlo(v)),
                arg("ehloAsync name", (s, h, t, v) -> s.ehloAsync(v)),
                arg("helo name", (s, h, t, v) -> s.helo(v)),
                arg("mailFrom address", (s, h, t, v) -> h.mailFrom(v)),
                arg("mailFromAsync address", (s, h, t, v) -> h.mailFromAsync(v)),
                arg("mailFrom first ESMTP parameter", (s, h, t, v) -> h.mailFrom("a@b.test", v)),
                arg("mailFrom second ESMTP parameter", (s, h, t, v) -> h.mailFrom("a@b.test", "SIZE=10", v)),
                arg("rcptTo address", (s, h, t, v) -> t.rcptTo(v)),
                arg("rcptToAsync address", (s, h, t, v) -> t.rcptToAsync(v)),
                arg("rcptTo ESMTP parameter", (s, h, t, v) -> t.rcptTo("p@fake.test", "NOTIFY=NEVER", v)),
                arg("vrfy argument", (s, h, t, v) -> s.vrfy(v)),
                arg("expn argument", (s, h, t, v) -> h.expn(v)),
                arg("help topic", (s, h, t, v) -> t.help(v)),
                arg("helpAsync topic", (s, h, t, v) -> t.helpAsync(v)),
                arg("command line", (s, h, t, v) -> s.command(v)),
                arg("command line with verb", (s, h, t, v) -> s.command("XCLIENT NAME=" + v)),
                arg("commandAsync line", (s, h, t, v) -> h.commandAsync(v)));
    }

    private static Arguments arg(String name, Call call) {
        return Arguments.of(name, call);
    }

    private ProbeClient client;
    private FakeSmtpServer server;

    @BeforeEach
    void start() {
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(2))).build());
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.answerEachLine(line -> "250 ok " + line.length() + "\r\n");
        });
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyArgument")
    void injectionIsRefusedBeforeAnyByteIsSentAndTheSessionGoesOn(String name, Call call) {
        try (var session = client.connect(server.host(), server.port())) {
            Hello hello = session.ehlo("client.test");
            Transaction tx = hello.mailFrom("a@b.test");
            for (String bad : INJECTIONS) {
                int before = server.received().length;
                var transcriptBefore = session.transcript();
                var e = catchThrowableOfType(InvalidArgumentException.class, () -> call.with(session, hello, tx, bad));
                assertThat(e).as("%s with %s", name, printable(bad)).isNotNull().isInstanceOf(IllegalArgumentException.class);
                assertThat(e.getMessage()).contains("nothing was sent");
                assertThat(e.transcript()).isEqualTo(transcriptBefore);
                // the session still works, and the server's bytes since the refusal are the NOOP alone
                assertThat(session.noop().reply().code()).as("NOOP after %s", printable(bad)).isEqualTo(250);
                byte[] all = server.received();
                assertThat(new String(Arrays.copyOfRange(all, before, all.length), StandardCharsets.ISO_8859_1))
                        .as("bytes the server got after refusing %s with %s", name, printable(bad))
                        .isEqualTo("NOOP\r\n");
            }
            assertThat(server.receivedText()).doesNotContain("evil").doesNotContain("\0");
            assertThat(session.transcript().sent()).noneMatch(l -> l.contains("evil"));
        }
    }

    @Test
    void spaceInsideAnEsmtpParameterIsRefused() {
        try (var session = client.connect(server.host(), server.port())) {
            Hello hello = session.ehlo("client.test");
            assertThatThrownBy(() -> hello.mailFrom("a@b.test", "SIZE=1 AUTH=<>"))
                    .isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> hello.mailFrom("a@b.test", "")).isInstanceOf(InvalidArgumentException.class);
            assertThat(session.noop().reply().code()).isEqualTo(250);
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nNOOP\r\n");
        }
    }

    @Test
    void nullArgumentIsRefusedAsInvalid() {
        try (var session = client.connect(server.host(), server.port())) {
            assertThatThrownBy(() -> session.ehlo(null)).isInstanceOf(InvalidArgumentException.class);
            assertThatThrownBy(() -> session.vrfy(null)).isInstanceOf(InvalidArgumentException.class);
            assertThat(session.noop().reply().code()).isEqualTo(250);
            assertThat(server.receivedText()).isEqualTo("NOOP\r\n");
        }
    }

    @Test
    void cleanArgumentsGoOutExactlyAsGiven() {
        try (var session = client.connect(server.host(), server.port())) {
            var tx = session.ehlo("client.test").mailFrom("a@b.test", "SIZE=10", "BODY=8BITMIME")
                    .rcptTo("p@fake.test", "NOTIFY=NEVER");
            tx.vrfy("postmaster");
            tx.command("XCLIENT NAME=spike.test");
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nMAIL FROM:<a@b.test> SIZE=10 BODY=8BITMIME\r\n"
                    + "RCPT TO:<p@fake.test> NOTIFY=NEVER\r\nVRFY postmaster\r\nXCLIENT NAME=spike.test\r\n");
        }
    }

    /** Addresses that would carry a parameter or a second path (issue 11 item 2), or a terminal escape. */
    static final List<String> ADDRESS_SMUGGLING = List.of("a@x.test> AUTH=<> SIZE=1", "a@x.test>", "<a@x.test",
            "a@x.test SIZE=1", "a@x.test\tSIZE=1", "a b@x.test", "\"a b@x.test", "a\"b c\"@x.test", "a@x.test\u001b[2J",
            "a@b@x.test", "a@[192.0.2.1] SIZE=1");

    static Stream<Arguments> everyAddress() {
        return Stream.of(
                arg("mailFrom", (s, h, t, v) -> h.mailFrom(v)),
                arg("mailFromAsync", (s, h, t, v) -> h.mailFromAsync(v, "SIZE=1")),
                arg("mailFrom typed", (s, h, t, v) -> h.mailFrom(v, MailParameters.builder().size(1).build())),
                arg("nextMailFrom", (s, h, t, v) -> h.nextMailFrom(v)),
                arg("rcptTo", (s, h, t, v) -> t.rcptTo(v)),
                arg("rcptToAsync", (s, h, t, v) -> t.rcptToAsync(v, "NOTIFY=NEVER")),
                arg("rcptTo typed", (s, h, t, v) -> t.rcptTo(v, RcptParameters.builder().notify(RcptParameters.Notify.NEVER).build())),
                arg("pipelined mailFrom", (s, h, t, v) -> h.pipelined().mailFrom(v).rcptTo("p@fake.test").data("x\r\n")),
                arg("pipelined rcptTo", (s, h, t, v) -> h.pipelined().mailFrom("a@b.test").rcptTo(v).data("x\r\n")));
    }

    /** Parameters that would smuggle a second token or are not xtext where it is required. */
    static final List<String> PARAMETER_SMUGGLING = List.of("SIZE=1 AUTH=<>", "SIZE=1\tAUTH=<>", "SIZE=1=AUTH=<>",
            "=SIZE", "SIZE=", "AUTH=a b", "X=\u001b[2J", "ENVID=a+b", "NOTIFY=NEVER\u000bORCPT=x", "-X=1");

    static Stream<Arguments> everyParameter() {
        return Stream.of(
                arg("mailFrom raw", (s, h, t, v) -> h.mailFrom("a@b.test", "BODY=8BITMIME", v)),
                arg("mailFromAsync raw", (s, h, t, v) -> h.mailFromAsync("a@b.test", v)),
                arg("MailParameters.raw", (s, h, t, v) -> h.mailFrom("a@b.test", MailParameters.builder().raw(v).build())),
                arg("rcptTo raw", (s, h, t, v) -> t.rcptTo("p@fake.test", v)),
                arg("RcptParameters.raw", (s, h, t, v) -> t.rcptTo("p@fake.test", RcptParameters.builder().raw(v).build())),
                arg("pipelined rcptTo raw", (s, h, t, v) -> h.pipelined().mailFrom("a@b.test")
                        .rcptTo("p@fake.test", RcptParameters.builder().raw(v).build()).data("x\r\n")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyAddress")
    void anAddressCanNeverCarryAParameterOrASecondPath(String name, Call call) {
        refusedBeforeAnyByte(name, call, ADDRESS_SMUGGLING, "address");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyParameter")
    void aParameterIsOneKeywordValueTokenOrNothingIsSent(String name, Call call) {
        refusedBeforeAnyByte(name, call, PARAMETER_SMUGGLING, "ESMTP parameter");
    }

    private void refusedBeforeAnyByte(String name, Call call, List<String> values, String argument) {
        try (var session = client.connect(server.host(), server.port())) {
            Hello hello = session.ehlo("client.test");
            Transaction tx = hello.mailFrom("a@b.test");
            for (String bad : values) {
                int before = server.received().length;
                var e = catchThrowableOfType(InvalidArgumentException.class, () -> call.with(session, hello, tx, bad));
                assertThat(e).as("%s with %s", name, printable(bad)).isNotNull();
                assertThat(e.argument()).isEqualTo(argument);
                assertThat(e.getMessage()).contains("nothing was sent");
                if (e.index() >= 0) {
                    assertThat(e.getMessage()).contains("at index " + e.index());
                }
                assertThat(session.noop().reply().code()).isEqualTo(250);
                byte[] all = server.received();
                assertThat(new String(Arrays.copyOfRange(all, before, all.length), StandardCharsets.ISO_8859_1))
                        .as("bytes the server got after refusing %s with %s", name, printable(bad)).isEqualTo("NOOP\r\n");
            }
        }
    }

    @Test
    void theIssuesAddressWithParametersIsRefusedAtItsAngleBracket() {
        try (var session = client.connect(server.host(), server.port())) {
            Hello hello = session.ehlo("client.test");
            var e = catchThrowableOfType(InvalidArgumentException.class, () -> hello.mailFrom("a@x.test> AUTH=<> SIZE=1"));
            assertThat(e.index()).isEqualTo(8);
            assertThat(e.getMessage()).contains("at index 8", "'>' (U+003E)", "never carry a parameter");
            var tab = catchThrowableOfType(InvalidArgumentException.class, () -> hello.mailFrom("a@x.test\tSIZE=1"));
            assertThat(tab.getMessage()).contains("at index 8", "HT (\\t)");
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\n");
        }
    }

    @Test
    void addressesThatCannotChangeTheCommandGoOutAsTold() {
        try (var session = client.connect(server.host(), server.port())) {
            var tx = session.ehlo("client.test").mailFrom("").rcptTo("Postmaster").rcptTo("user").rcptTo("")
                    .rcptTo("\"a b>c\"@fake.test").rcptTo("first..last@fake.test").rcptTo("p@[192.0.2.1]");
            assertThat(tx.recipients()).hasSize(6);
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\nMAIL FROM:<>\r\nRCPT TO:<Postmaster>\r\n"
                    + "RCPT TO:<user>\r\nRCPT TO:<>\r\nRCPT TO:<\"a b>c\"@fake.test>\r\nRCPT TO:<first..last@fake.test>\r\n"
                    + "RCPT TO:<p@[192.0.2.1]>\r\n");
        }
    }

    @Test
    void typedValuesGoOutAsXtextInOneToken() {
        try (var session = client.connect(server.host(), server.port())) {
            session.ehlo("client.test")
                    .mailFrom("a@b.test", MailParameters.builder().envId("id 1=2+3").auth("").build())
                    .rcptTo("p@fake.test", RcptParameters.builder().originalRecipient("x y@z.test").build());
            assertThat(server.receivedText()).isEqualTo("EHLO client.test\r\n"
                    + "MAIL FROM:<a@b.test> ENVID=id+201+3D2+2B3 AUTH=<>\r\nRCPT TO:<p@fake.test> ORCPT=rfc822;x+20y@z.test\r\n");
        }
    }

    static Stream<String> hostInjections() {
        return Stream.concat(INJECTIONS.stream(), Stream.of("127.0.0.1 evil", "127.0.0.1\r\n"));
    }

    @ParameterizedTest
    @MethodSource("hostInjections")
    void hostWithInjectionIsRefusedBeforeConnecting(String host) {
        var e = catchThrowableOfType(InvalidArgumentException.class, () -> client.connectAsync(host, server.port()));
        assertThat(e).isNotNull();
        assertThat(e.argument()).isEqualTo("host");
        assertThat(e.transcript().isEmpty()).isTrue(); // not even "Trying ..."
        assertThatThrownBy(() -> client.connect(host, server.port())).isInstanceOf(IllegalArgumentException.class);
        // the server never saw a client: a clean connect is the first, and gets the greeting
        try (var session = client.connect(server.host(), server.port())) {
            assertThat(session.greeting().code()).isEqualTo(220);
        }
    }

    private static String printable(String s) {
        return dev.smtpprobe.ProtocolViolationException.printable(s.getBytes(StandardCharsets.UTF_8));
    }
}
