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
import dev.smtpprobe.testing.Fuzz;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The argument fuzz target on the real wire: the same kind of random strings as the API's {@code ArgumentFuzzTest},
 * through the Netty transport (Netty's {@code SmtpRequestEncoder}, our UTF-8 path) to a {@link FakeSmtpServer}: every
 * call is refused with {@link InvalidArgumentException} and the server's next bytes are the NOOP that follows, or
 * the server received exactly one line, with the address between the angle brackets. A failure reports the seed,
 * the try and the input, shrunk, escaped (see {@link Fuzz}).
 *
 * <p>Brief in every build ({@value #TRIES} tries: each is a round trip on loopback). Run it long, for about two
 * minutes, with a fresh seed (printed at the start; a failure prints the command that replays it):
 * <pre>
 * mvn -o -q -B -pl smtp-probe-netty -am test -Dtest=WireArgumentFuzzTest -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dfuzz.tries=150000 -Dfuzz.seed=random
 * </pre>
 */
class WireArgumentFuzzTest {

    static final int TRIES = 300;

    enum Kind { MAIL_ADDRESS, MAIL_ADDRESS_UTF8, RCPT_ADDRESS, MAIL_PARAMETER, EHLO_NAME, COMMAND_LINE }

    private FakeSmtpServer server;
    private ProbeClient client;
    private SmtpSession session;
    private Hello hello;
    private Transaction tx;

    @BeforeEach
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

    @AfterEach
    void close() {
        client.close();
        server.close();
    }

    /** One input: the string, and where it goes. */
    record Case(String value, Kind kind) {}

    @Test
    void whatReachesTheServerIsOneLineWithTheAddressBetweenTheBracketsOrNothing() {
        Fuzz.check(TRIES, r -> new Case(nasty(r), Fuzz.oneOf(r, Kind.values())),
                c -> Fuzz.smaller(c.value()).stream().map(v -> new Case(v, c.kind())).toList(),
                c -> oneLineOrNothing(c.value(), c.kind()));
    }

    private void oneLineOrNothing(String value, Kind kind) {
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

    private static final String PLAIN = Fuzz.ALPHANUMERIC + "-.";
    private static final String SPECIALS = "\r\n\0 \t<>\"\\@=\u001b\u007f";
    private static final String TRICKY = "\u010D\u010A\u0A0D\u560A\u00e9\u7528\u3000";

    private static char mixed(SplittableRandom r) {
        return switch (Fuzz.weighted(r, 6, 3, 2)) {
            case 0 -> Fuzz.charOf(r, PLAIN);
            case 1 -> Fuzz.charOf(r, SPECIALS);
            default -> Fuzz.charOf(r, TRICKY);
        };
    }

    private static String address(SplittableRandom r) {
        return Fuzz.string(r, 1, 6, Fuzz.ALPHANUMERIC) + "@" + Fuzz.string(r, 1, 6, Fuzz.ALPHANUMERIC) + ".test";
    }

    /** Random strings, valid addresses, valid ones with one char inserted (near-valid), and a few fixed ones. */
    static String nasty(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> Fuzz.string(r, 0, 20, WireArgumentFuzzTest::mixed);
            case 1 -> address(r);
            case 2 -> {
                String s = address(r);
                char c = mixed(r);
                int at = Math.min(Fuzz.between(r, 0, 16), s.length());
                yield s.substring(0, at) + c + s.substring(at);
            }
            default -> Fuzz.oneOf(r, "", "Postmaster", "\"a b\"@x.test");
        };
    }
}
