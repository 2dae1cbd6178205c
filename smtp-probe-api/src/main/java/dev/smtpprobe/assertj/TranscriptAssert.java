package dev.smtpprobe.assertj;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Step;
import dev.smtpprobe.Transcript;
import dev.smtpprobe.TranscriptEntry;
import java.util.List;
import java.util.Objects;

/**
 * Assertions on a session's {@link Transcript}: the lines the client sent (as recorded, secrets already
 * {@code <redacted>}) and the lines the server sent (code and separator included, e.g. {@code 250-PIPELINING}),
 * in order. Every failure prints the whole transcript.
 *
 * <pre>{@code
 * assertThat(session.transcript())
 *         .sentInOrder("EHLO probe.example.test", "MAIL FROM:<probe@example.test>", "DATA")
 *         .hasReceived("550 5.7.1 Unable to relay")
 *         .doesNotContain(password);
 * }</pre>
 */
public class TranscriptAssert extends AbstractSmtpAssert<TranscriptAssert, Transcript> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(Transcript)}. */
    public TranscriptAssert(Transcript actual) {
        super(actual, TranscriptAssert.class);
        this.sessionTranscript = actual;
    }

    private AssertionError lineFailure(String expectation, String why) {
        return failure(FailureMessage.expecting("the session transcript", expectation).but(why, List.of()));
    }

    /** The client sent exactly this line (without CRLF), e.g. {@code "MAIL FROM:<a@b.test>"}. */
    public TranscriptAssert hasSent(String line) {
        if (checkable() && !actual.sent().contains(line)) {
            throw lineFailure("to have sent the line \"" + line + "\"", "no line sent is exactly that.");
        }
        return myself;
    }

    /** The client did not send exactly this line, e.g. {@code hasNotSent("DATA")} after every recipient was refused. */
    public TranscriptAssert hasNotSent(String line) {
        if (checkable() && actual.sent().contains(line)) {
            throw lineFailure("not to have sent the line \"" + line + "\"", "it was sent.");
        }
        return myself;
    }

    /** Some line the client sent contains {@code part}. */
    public TranscriptAssert hasSentLineContaining(String part) {
        if (checkable() && actual.sent().stream().noneMatch(l -> l.contains(part))) {
            throw lineFailure("to have sent a line containing \"" + part + "\"", "no line sent contains it.");
        }
        return myself;
    }

    /** The server sent exactly this line, code included, e.g. {@code "550 5.7.1 Unable to relay"} or {@code "250-SIZE 1000"}. */
    public TranscriptAssert hasReceived(String line) {
        if (checkable() && !actual.received().contains(line)) {
            throw lineFailure("to have received the line \"" + line + "\"", "no line received is exactly that.");
        }
        return myself;
    }

    /** Some line the server sent contains {@code part}. */
    public TranscriptAssert hasReceivedLineContaining(String part) {
        if (checkable() && actual.received().stream().noneMatch(l -> l.contains(part))) {
            throw lineFailure("to have received a line containing \"" + part + "\"", "no line received contains it.");
        }
        return myself;
    }

    /** The client sent these exact lines in this order; other lines may come between them. */
    public TranscriptAssert sentInOrder(String... lines) {
        if (!checkable()) {
            return myself;
        }
        List<String> sent = actual.sent();
        int from = 0;
        for (int i = 0; i < lines.length; i++) {
            int at = sent.subList(from, sent.size()).indexOf(lines[i]);
            if (at < 0) {
                throw lineFailure("to have sent, in this order, " + quoted(lines), "\"" + lines[i] + "\" was not sent"
                        + (i == 0 ? "." : " after \"" + lines[i - 1] + "\"."));
            }
            from += at + 1;
        }
        return myself;
    }

    /**
     * No line of the transcript, in either direction nor among the probe's own events, contains any of
     * {@code secrets}: a check that passwords and AUTH payloads are redacted. Give every form the secret may take
     * (plain, base64). A failure never prints the secret: it names it by its position among the arguments and its
     * length, and shows the offending lines (and the transcript) with the secret replaced by
     * {@code <secret #n>}.
     */
    public TranscriptAssert doesNotContain(String... secrets) {
        if (!checkable()) {
            return myself;
        }
        for (int i = 0; i < secrets.length; i++) {
            String secret = Objects.requireNonNull(secrets[i], "secret");
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("doesNotContain: secret #" + (i + 1) + " is empty");
            }
            List<String> leaking = actual.entries().stream().filter(e -> e.line().contains(secret))
                    .map(TranscriptEntry::toString).toList();
            if (!leaking.isEmpty()) {
                String mask = "<secret #" + (i + 1) + ">";
                throw failureHiding(FailureMessage.expecting("the session transcript", "not to contain secret #"
                        + (i + 1) + " of " + secrets.length + " (" + secret.length() + " characters, not shown)")
                        .but("these lines contain it (shown as " + mask + "):", leaking), secret, mask);
            }
        }
        return myself;
    }

    /** TLS was in force at some point: some line was recorded inside TLS (implicit TLS or after STARTTLS, RFC 3207), marked {@code ~} when printed. */
    public TranscriptAssert usedTls() {
        if (checkable() && actual.entries().stream().noneMatch(TranscriptEntry::tls)) {
            throw lineFailure("to have used TLS (lines marked ~)", "no line travelled inside TLS.");
        }
        return myself;
    }

    /** TLS was never in force: no line of the session was recorded inside TLS. */
    public TranscriptAssert neverUsedTls() {
        if (checkable() && actual.entries().stream().anyMatch(TranscriptEntry::tls)) {
            throw lineFailure("never to have used TLS", "lines travelled inside TLS (marked ~).");
        }
        return myself;
    }

    /**
     * Assertions on the transcript's newest exchange of {@code step} so far (e.g. {@link Step#RCPT}: the last RCPT),
     * with failure messages naming its command as it was sent. Fails when the transcript has no exchange of that step;
     * under soft assertions that failure is collected and the checks chained after it do nothing.
     */
    public ExchangeAssert exchange(Step step) {
        isNotNull();
        List<Exchange> all = actual.exchanges();
        return exchangeAssert(all, StageReplies.last(all, Objects.requireNonNull(step, "step")), "of step " + step);
    }

    /**
     * Assertions on the transcript's newest exchange whose command starts with {@code command}, ignoring case (e.g.
     * {@code "RCPT TO:<x@elsewhere.test>"}, or {@code "MAIL"}); the greeting and the message content have the
     * command {@code ""}: use {@link #exchange(Step)} for them.
     */
    public ExchangeAssert exchange(String command) {
        isNotNull();
        List<Exchange> all = actual.exchanges();
        return exchangeAssert(all, StageReplies.last(all, Objects.requireNonNull(command, "command")),
                "whose command starts with \"" + command + "\"");
    }

    private static String quoted(String... lines) {
        return String.join(", ", java.util.Arrays.stream(lines).map(l -> "\"" + l + "\"").toList());
    }
}
