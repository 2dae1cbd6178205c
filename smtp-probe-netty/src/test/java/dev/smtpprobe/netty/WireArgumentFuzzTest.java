package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtpprobe.Hello;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MailParameters;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.Transaction;
import dev.smtpprobe.testing.FakeSmtpServer;
import dev.smtpprobe.testing.FuzzTries;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterProperty;
import net.jqwik.api.lifecycle.BeforeProperty;

/**
 * The argument fuzz target on the real wire: the same kind of random strings as the API's {@code ArgumentFuzzTest},
 * through the Netty transport (Netty's {@code SmtpRequestEncoder}, our UTF-8 path) to a {@link FakeSmtpServer}: every
 * call is refused with {@link InvalidArgumentException} and the server's next bytes are the NOOP that follows, or
 * the server received exactly one line, with the address between the angle brackets. Brief in every build
 * ({@value #TRIES} tries: each is a round trip); longer with {@code -Dfuzz.tries=N} (see {@link FuzzTries}).
 */
@AddLifecycleHook(FuzzTries.class)
class WireArgumentFuzzTest {

    static final int TRIES = 300;

    enum Kind { MAIL_ADDRESS, MAIL_ADDRESS_UTF8, RCPT_ADDRESS, MAIL_PARAMETER, EHLO_NAME, COMMAND_LINE }

    private FakeSmtpServer server;
    private ProbeClient client;
    private SmtpSession session;
    private Hello hello;
    private Transaction tx;

    @BeforeProperty
    void connect() {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.answerEachLine(line -> line.startsWith("EHLO") ? "250-fake.test\r\n250 SMTPUTF8\r\n" : "250 ok\r\n");
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
        session = client.connect(server.host(), server.port());
        hello = session.ehlo("client.test");
        tx = hello.mailFrom("a@b.test");
    }

    @AfterProperty
    void close() {
        client.close();
        server.close();
    }

    @Property(tries = TRIES)
    void whatReachesTheServerIsOneLineWithTheAddressBetweenTheBracketsOrNothing(@ForAll("nasty") String value,
            @ForAll Kind kind) {
        int before = server.received().length;
        Throwable thrown = catchThrowable(() -> {
            switch (kind) {
                case MAIL_ADDRESS -> hello.mailFrom(value);
                case MAIL_ADDRESS_UTF8 -> hello.mailFrom(value, MailParameters.builder().smtpUtf8().build());
                case RCPT_ADDRESS -> tx.rcptTo(value);
                case MAIL_PARAMETER -> hello.mailFrom("a@b.test", value);
                case EHLO_NAME -> session.ehlo(value);
                case COMMAND_LINE -> hello.command(value);
            }
        });
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidArgumentException.class);
            assertThat(session.noop().reply().code()).isEqualTo(250);
            assertThat(since(before)).isEqualTo("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        byte[] got = since(before);
        assertThat(count(got, '\r')).as("CRs the server got").isEqualTo(1);
        assertThat(count(got, '\n')).as("LFs the server got").isEqualTo(1);
        assertThat(count(got, 0)).isZero();
        String line = new String(got, StandardCharsets.UTF_8);
        switch (kind) {
            case MAIL_ADDRESS -> assertThat(line).isEqualTo("MAIL FROM:<" + value + ">\r\n");
            case MAIL_ADDRESS_UTF8 -> assertThat(line).isEqualTo("MAIL FROM:<" + value + "> SMTPUTF8\r\n");
            case RCPT_ADDRESS -> assertThat(line).isEqualTo("RCPT TO:<" + value + ">\r\n");
            case MAIL_PARAMETER -> {
                assertThat(line).isEqualTo("MAIL FROM:<a@b.test> " + value + "\r\n");
                assertThat(value).doesNotContain(" ", "\t").matches("[A-Za-z0-9][A-Za-z0-9-]*(=[^=]+)?");
            }
            case EHLO_NAME -> assertThat(line).isEqualTo(value.isEmpty() ? "EHLO\r\n" : "EHLO " + value + "\r\n");
            case COMMAND_LINE -> assertThat(line).isEqualTo(value + "\r\n");
        }
        if (kind != Kind.MAIL_ADDRESS_UTF8) {
            for (byte b : got) {
                assertThat(b & 0xff).as("a byte of an ASCII line").isLessThan(0x80);
            }
        }
    }

    private byte[] since(int offset) {
        byte[] all = server.received();
        return Arrays.copyOfRange(all, offset, all.length);
    }

    private static int count(byte[] bytes, int b) {
        int n = 0;
        for (byte x : bytes) {
            if ((x & 0xff) == b) {
                n++;
            }
        }
        return n;
    }

    @Provide
    Arbitrary<String> nasty() {
        Arbitrary<Character> plain = Arbitraries.chars().alpha().numeric().with('-', '.');
        Arbitrary<Character> special = Arbitraries.of('\r', '\n', '\0', ' ', '\t', '<', '>', '"', '\\', '@', '=', '\u001b',
                '\u007f');
        Arbitrary<Character> tricky = Arbitraries.of('\u010D', '\u010A', '\u0A0D', '\u560A', '\u00e9', '\u7528', '\u3000');
        Arbitrary<Character> mixed = Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(3, special), Tuple.of(2, tricky));
        Arbitrary<String> random = mixed.list().ofMaxSize(20).map(cs -> cs.stream().map(String::valueOf)
                .collect(Collectors.joining()));
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(6);
        Arbitrary<String> address = Combinators.combine(word, word).as((l, d) -> l + "@" + d + ".test");
        Arbitrary<String> mutated = Combinators.combine(address, mixed, Arbitraries.integers().between(0, 16))
                .as((s, c, at) -> s.substring(0, Math.min(at, s.length())) + c + s.substring(Math.min(at, s.length())));
        return Arbitraries.oneOf(random, address, mutated, Arbitraries.of(List.of("", "Postmaster", "\"a b\"@x.test")));
    }
}
