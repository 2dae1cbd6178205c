package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtpprobe.spi.Command;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.StartTlsOutcome;
import dev.smtpprobe.spi.TranscriptRecorder;
import dev.smtpprobe.testing.Fuzz;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Fuzz target for the argument checks (issue 11, DESIGN §5): for random strings — CR, LF, NUL, controls, non-ASCII,
 * CJK chars whose low byte is 0x0a or 0x0d (Netty's ASCII encoder writes {@code (byte) c}), {@code <>}, quotes,
 * spaces, near-valid addresses with one char mutated — every argument of every step is either refused with
 * {@link InvalidArgumentException} with nothing written, or the bytes written are exactly one line ending in the
 * only CRLF, and a server reading it (quote-aware, and naive for unquoted addresses) finds exactly the address
 * between the angle brackets and exactly the parameter as one token.
 *
 * <p>The bytes are those the Netty transport writes: one byte per char (Netty's {@code SmtpRequestEncoder}) for an
 * ASCII line, UTF-8 for an SMTPUTF8 line. A failure reports the seed, the try and the input, shrunk, escaped (see
 * {@link Fuzz}).
 *
 * <p>Brief in every build ({@value #TRIES} tries, the fixed default seed). Run it long, for about two minutes, with
 * a fresh seed (printed at the start; a failure prints the command that replays it):
 * <pre>
 * mvn -o -q -B -pl smtp-probe-api test -Dtest=ArgumentFuzzTest -Dfuzz.tries=3000000 -Dfuzz.seed=random
 * </pre>
 */
class ArgumentFuzzTest {

    static final int TRIES = 2000;

    /** Which argument of which step the string goes into. */
    enum Kind {
        MAIL_ADDRESS, MAIL_ADDRESS_UTF8, RCPT_ADDRESS, RCPT_ADDRESS_UTF8, MAIL_PARAMETER, MAIL_PARAMETER_UTF8,
        RCPT_PARAMETER, EHLO_NAME, VRFY_ARGUMENT, COMMAND_LINE
    }

    /** One input: the string, and where it goes. */
    record Case(String value, Kind kind) {}

    @Test
    void everyArgumentIsRefusedOrWrittenAsExactlyOneWellFormedLine() {
        Fuzz.check(TRIES, r -> new Case(nasty(r), Fuzz.oneOf(r, Kind.values())),
                c -> Fuzz.smaller(c.value()).stream().map(v -> new Case(v, c.kind())).toList(),
                c -> refusedOrOneWellFormedLine(c.value(), c.kind()));
    }

    private static void refusedOrOneWellFormedLine(String value, Kind kind) {
        var wire = new Wire();
        var recorder = new TranscriptRecorder(TranscriptListener.NONE);
        var session = new SmtpSession(new SessionCore(wire, recorder, ProbeOptions.DEFAULT, "fuzz.test"),
                Reply.of(220, "fuzz.test ESMTP"));
        Hello hello = session.ehlo("client.test");
        boolean utf8 = kind.name().endsWith("UTF8");
        Transaction tx = hello.mailFrom("a@b.test", utf8 ? MailParameters.builder().smtpUtf8().build() : MailParameters.NONE);
        int before = wire.size();

        Throwable thrown = catchThrowable(() -> call(kind, value, hello, tx));

        byte[] written = wire.since(before);
        if (thrown != null) {
            assertThat(thrown).isInstanceOf(InvalidArgumentException.class);
            assertThat(written).as("bytes written for a refused argument").isEmpty();
            return;
        }
        assertThat(count(written, '\r')).as("CRs in %s", printable(written)).isEqualTo(1);
        assertThat(count(written, '\n')).as("LFs in %s", printable(written)).isEqualTo(1);
        assertThat(count(written, 0)).isZero();
        assertThat(written[written.length - 2]).isEqualTo((byte) '\r');
        assertThat(written[written.length - 1]).isEqualTo((byte) '\n');
        boolean utf8Line = utf8; // the transaction uses SMTPUTF8: its MAIL and RCPT lines are UTF-8
        String line = new String(written, 0, written.length - 2, utf8Line ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        if (!utf8Line) {
            for (byte b : written) {
                assertThat(b & 0xff).as("an ASCII line's byte").isLessThan(0x80);
            }
        }
        switch (kind) {
            case MAIL_ADDRESS, MAIL_ADDRESS_UTF8 -> {
                assertThat(line).isEqualTo("MAIL FROM:<" + value + ">" + (utf8 ? " SMTPUTF8" : ""));
                assertServerReadsThePath(line, "MAIL FROM:", value, utf8 ? List.of("SMTPUTF8") : List.of());
            }
            case RCPT_ADDRESS, RCPT_ADDRESS_UTF8 -> {
                assertThat(line).isEqualTo("RCPT TO:<" + value + ">");
                assertServerReadsThePath(line, "RCPT TO:", value, List.of());
            }
            case MAIL_PARAMETER, MAIL_PARAMETER_UTF8 -> {
                assertServerReadsThePath(line, "MAIL FROM:", "a@b.test", utf8 ? List.of("SMTPUTF8", value) : List.of(value));
                assertOneEsmtpParameter(value);
            }
            case RCPT_PARAMETER -> {
                assertServerReadsThePath(line, "RCPT TO:", "p@b.test", List.of(value));
                assertOneEsmtpParameter(value);
            }
            case EHLO_NAME -> {
                assertThat(line).isEqualTo(value.isEmpty() ? "EHLO" : "EHLO " + value);
                assertThat(words(line)).hasSizeLessThanOrEqualTo(2);
            }
            case VRFY_ARGUMENT -> assertThat(line).isEqualTo("VRFY " + value);
            case COMMAND_LINE -> assertThat(line).isEqualTo(value);
        }
    }

    private static void call(Kind kind, String value, Hello hello, Transaction tx) {
        switch (kind) {
            case MAIL_ADDRESS -> hello.mailFrom(value);
            case MAIL_ADDRESS_UTF8 -> hello.mailFrom(value, MailParameters.builder().smtpUtf8().build());
            case RCPT_ADDRESS, RCPT_ADDRESS_UTF8 -> tx.rcptTo(value);
            case MAIL_PARAMETER -> hello.mailFrom("a@b.test", value);
            case MAIL_PARAMETER_UTF8 -> hello.mailFrom("a@b.test", MailParameters.builder().raw(value).smtpUtf8().build());
            case RCPT_PARAMETER -> tx.rcptTo("p@b.test", value);
            case EHLO_NAME -> hello.session().ehlo(value);
            case VRFY_ARGUMENT -> hello.vrfy(value);
            case COMMAND_LINE -> hello.command(value);
        }
    }

    /**
     * How a server reads {@code prefix<path> params}: the path up to the first {@code >} outside a quoted string
     * (backslash escapes inside), then the parameters split on whitespace; a naive server that ends the path at the
     * first {@code >} reads the same for an address without quotes.
     */
    private static void assertServerReadsThePath(String line, String prefix, String path, List<String> params) {
        assertThat(line).startsWith(prefix + "<");
        int i = prefix.length() + 1;
        boolean quoted = false;
        for (; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted && c == '\\') {
                i++;
            } else if (c == '"') {
                quoted = !quoted;
            } else if (!quoted && c == '>') {
                break;
            } else if (!quoted) {
                assertThat(Character.isWhitespace(c) || Character.isSpaceChar(c))
                        .as("whitespace outside quotes in the path of %s", line).isFalse();
            }
        }
        String read = line.substring(prefix.length() + 1, Math.min(i, line.length()));
        assertThat(read).as("the path a server reads in %s", line).isEqualTo(path);
        String rest = i + 1 <= line.length() ? line.substring(i + 1) : "";
        assertThat(words(rest)).as("the parameters a server reads in %s", line).isEqualTo(params);
        if (!path.contains("\"")) {
            assertThat(line.indexOf('>')).as("where a naive server ends the path").isEqualTo(i);
        }
    }

    private static void assertOneEsmtpParameter(String value) {
        int eq = value.indexOf('=');
        String keyword = eq < 0 ? value : value.substring(0, eq);
        assertThat(keyword).matches("[A-Za-z0-9][A-Za-z0-9-]*");
        if (eq >= 0) {
            assertThat(value.substring(eq + 1)).isNotEmpty().doesNotContain("=");
        }
    }

    private static List<String> words(String s) {
        var out = new ArrayList<String>();
        for (String w : s.split("[ \\t\\u000b\\f]+")) {
            if (!w.isEmpty()) {
                out.add(w);
            }
        }
        return out;
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

    private static String printable(byte[] bytes) {
        return ProtocolViolationException.printable(bytes);
    }

    // --- generators ---

    private static final String PLAIN = Fuzz.ALPHANUMERIC + "-._";
    private static final String SPECIALS = "\r\n\0 \t\u000b\f<>\"\\@.:,[]=+();\u007f\u001b\u0085\u009b";
    /** Chars whose low byte is CR, LF or NUL, or that UTF-8 encodes in several bytes: the CVE-2025-7962 class. */
    private static final String TRICKY = "\u010D\u010A\u0A0D\u560A\u0D0A\u0100\u00e9\u7528\u4f8b\u2028\ufeff\uD83D\uDE00\u3000";

    private static char mixed(SplittableRandom r) {
        return switch (Fuzz.weighted(r, 6, 3, 2, 1)) {
            case 0 -> Fuzz.charOf(r, PLAIN);
            case 1 -> Fuzz.charOf(r, SPECIALS);
            case 2 -> Fuzz.charOf(r, TRICKY);
            default -> Fuzz.anyChar(r);
        };
    }

    private static String word(SplittableRandom r) {
        return Fuzz.string(r, 1, 8, Fuzz.ALPHANUMERIC);
    }

    /** Something valid for one argument or another: an address, a quoted local part, a parameter, a word. */
    private static String valid(SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> word(r) + "@" + word(r) + "." + word(r);
            case 1 -> "\"" + Fuzz.string(r, 0, 10, ArgumentFuzzTest::mixed) + "\"@" + word(r) + ".test";
            case 2 -> word(r) + "=" + word(r);
            default -> word(r);
        };
    }

    /** Random strings, valid ones, and valid ones with one char inserted (near-valid). */
    static String nasty(SplittableRandom r) {
        return switch (Fuzz.weighted(r, 3, 2, 4)) {
            case 0 -> Fuzz.string(r, 0, 30, ArgumentFuzzTest::mixed);
            case 1 -> valid(r);
            default -> {
                String s = valid(r);
                char c = mixed(r);
                int at = Math.min(Fuzz.between(r, 0, 40), s.length());
                yield s.substring(0, at) + c + s.substring(at);
            }
        };
    }

    /**
     * A {@link Connection} that writes each command as the Netty transport does — one byte per char through Netty's
     * encoder, UTF-8 for an SMTPUTF8 line — and answers 250 (EHLO with SMTPUTF8).
     */
    private static final class Wire implements Connection {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        int size() {
            return bytes.size();
        }

        byte[] since(int offset) {
            byte[] all = bytes.toByteArray();
            return java.util.Arrays.copyOfRange(all, offset, all.length);
        }

        private void write(Command command) {
            String line = command.line() + "\r\n";
            if (command.utf8()) {
                bytes.writeBytes(line.getBytes(StandardCharsets.UTF_8));
            } else {
                for (int i = 0; i < line.length(); i++) {
                    bytes.write((byte) line.charAt(i)); // what SmtpRequestEncoder / ByteBufUtil.writeAscii do
                }
            }
        }

        @Override
        public CompletableFuture<Reply> greeting() {
            return CompletableFuture.completedFuture(Reply.of(220, "fuzz.test ESMTP"));
        }

        @Override
        public CompletableFuture<Reply> send(Step step, Command command, Duration timeout) {
            write(command);
            Reply reply = step == Step.EHLO ? Reply.of(250, "fuzz.test", "SMTPUTF8", "PIPELINING") : Reply.of(250, "ok");
            return CompletableFuture.completedFuture(reply);
        }

        @Override
        public List<CompletableFuture<Reply>> sendBatch(List<Step> steps, List<Command> commands, List<Duration> timeouts) {
            var out = new ArrayList<CompletableFuture<Reply>>();
            for (int i = 0; i < commands.size(); i++) {
                out.add(send(steps.get(i), commands.get(i), timeouts.get(i)));
            }
            return out;
        }

        @Override
        public CompletableFuture<Reply> sendChunk(byte[] chunk, int length, boolean last, Duration timeout) {
            return CompletableFuture.completedFuture(Reply.of(250, "ok"));
        }

        @Override
        public CompletableFuture<Reply> sendContent(byte[] message, int displayLines, Duration blockTimeout,
                Duration endTimeout) {
            return CompletableFuture.completedFuture(Reply.of(250, "ok"));
        }

        @Override
        public dev.smtpprobe.spi.ContentSink openContent(int displayLines, Duration blockTimeout, Duration endTimeout) {
            throw new UnsupportedOperationException("the fuzz target sends no streamed content");
        }

        @Override
        public CompletableFuture<StartTlsOutcome> startTls(Command command, Duration timeout, TlsOptions tls, String host) {
            write(command);
            return CompletableFuture.completedFuture(new StartTlsOutcome(Reply.of(454, "no"), null));
        }

        @Override
        public Optional<TlsFacts> tls() {
            return Optional.empty();
        }

        @Override
        public void abandonContent() {
        }

        @Override
        public boolean inEventLoop() {
            return false;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public InetSocketAddress remoteAddress() {
            return new InetSocketAddress("192.0.2.25", 25);
        }

        @Override
        public InetSocketAddress localAddress() {
            return new InetSocketAddress("192.0.2.1", 40000);
        }

        @Override
        public CompletableFuture<Void> close() {
            return CompletableFuture.completedFuture(null);
        }
    }
}
