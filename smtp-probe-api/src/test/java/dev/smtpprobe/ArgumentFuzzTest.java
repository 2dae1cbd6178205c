package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.smtpprobe.spi.Command;
import dev.smtpprobe.spi.Connection;
import dev.smtpprobe.spi.StartTlsOutcome;
import dev.smtpprobe.spi.TranscriptRecorder;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AddLifecycleHook;

/**
 * Fuzz target for the argument checks (issue 11, DESIGN §5): for random strings — CR, LF, NUL, controls, non-ASCII,
 * CJK chars whose low byte is 0x0a or 0x0d (Netty's ASCII encoder writes {@code (byte) c}), {@code <>}, quotes,
 * spaces, near-valid addresses with one char mutated — every argument of every step is either refused with
 * {@link InvalidArgumentException} with nothing written, or the bytes written are exactly one line ending in the
 * only CRLF, and a server reading it (quote-aware, and naive for unquoted addresses) finds exactly the address
 * between the angle brackets and exactly the parameter as one token.
 *
 * <p>The bytes are those the Netty transport writes: one byte per char (Netty's {@code SmtpRequestEncoder}) for an
 * ASCII line, UTF-8 for an SMTPUTF8 line. Brief in every build ({@value #TRIES} tries); run longer on demand with
 * {@code mvn -o -pl smtp-probe-api test -Dtest=ArgumentFuzzTest -Dfuzz.tries=1000000} (see {@link FuzzTries}).
 */
@AddLifecycleHook(FuzzTries.class)
class ArgumentFuzzTest {

    static final int TRIES = 2000;

    /** Which argument of which step the string goes into. */
    enum Kind {
        MAIL_ADDRESS, MAIL_ADDRESS_UTF8, RCPT_ADDRESS, RCPT_ADDRESS_UTF8, MAIL_PARAMETER, MAIL_PARAMETER_UTF8,
        RCPT_PARAMETER, EHLO_NAME, VRFY_ARGUMENT, COMMAND_LINE
    }

    @Property(tries = TRIES)
    void everyArgumentIsRefusedOrWrittenAsExactlyOneWellFormedLine(@ForAll("nasty") String value, @ForAll Kind kind) {
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

    private static final String SPECIALS = "\r\n\0 \t\u000b\f<>\"\\@.:,[]=+();\u007f\u001b\u0085\u009b";
    /** Chars whose low byte is CR, LF or NUL, or that UTF-8 encodes in several bytes: the CVE-2025-7962 class. */
    private static final String TRICKY = "\u010D\u010A\u0A0D\u560A\u0D0A\u0100\u00e9\u7528\u4f8b\u2028\ufeff\uD83D\uDE00\u3000";

    @Provide
    Arbitrary<String> nasty() {
        Arbitrary<Character> plain = Arbitraries.chars().alpha().numeric().with('-', '.', '_');
        Arbitrary<Character> special = Arbitraries.of(chars(SPECIALS));
        Arbitrary<Character> tricky = Arbitraries.of(chars(TRICKY));
        Arbitrary<Character> any = Arbitraries.chars();
        Arbitrary<Character> mixed = Arbitraries.frequencyOf(Tuple.of(6, plain), Tuple.of(3, special), Tuple.of(2, tricky),
                Tuple.of(1, any));
        Arbitrary<String> random = mixed.list().ofMaxSize(30).map(ArgumentFuzzTest::join);
        Arbitrary<String> word = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(8);
        Arbitrary<String> address = Combinators.combine(word, word, word).as((l, d, t) -> l + "@" + d + "." + t);
        Arbitrary<String> quoted = Combinators.combine(mixed.list().ofMaxSize(10).map(ArgumentFuzzTest::join), word)
                .as((q, d) -> "\"" + q + "\"@" + d + ".test");
        Arbitrary<String> parameter = Combinators.combine(word, word).as((k, v) -> k + "=" + v);
        Arbitrary<String> valid = Arbitraries.oneOf(address, quoted, parameter, word);
        Arbitrary<String> mutated = Combinators.combine(valid, mixed, Arbitraries.integers().between(0, 40))
                .as((s, c, at) -> s.substring(0, Math.min(at, s.length())) + c + s.substring(Math.min(at, s.length())));
        return Arbitraries.frequencyOf(Tuple.of(3, random), Tuple.of(2, valid), Tuple.of(4, mutated));
    }

    private static Character[] chars(String s) {
        return s.chars().mapToObj(c -> (char) c).toArray(Character[]::new);
    }

    private static String join(List<Character> chars) {
        return chars.stream().map(String::valueOf).collect(Collectors.joining());
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
