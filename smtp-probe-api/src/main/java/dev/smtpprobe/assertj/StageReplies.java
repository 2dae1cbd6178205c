package dev.smtpprobe.assertj;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import dev.smtpprobe.SessionStage;
import dev.smtpprobe.Step;
import java.util.List;
import java.util.Optional;

/**
 * What a reply answered, as failure messages name it, read from the session's {@link Exchange}s: the command as it
 * was sent ("the reply to RCPT TO:&lt;a@b.test&gt; NOTIFY=NEVER"), not guessed from the kind of stage.
 */
final class StageReplies {

    private StageReplies() {}

    /** What the stage's own reply answered: its {@linkplain SessionStage#exchange() exchange}'s command. */
    static String subject(SessionStage stage) {
        return stage.exchange().map(StageReplies::subject).orElse("the reply");
    }

    /** What {@code reply}, handed out by a step of {@code stage}'s session, answered; {@code fallback} if unknown. */
    static String subject(SessionStage stage, Reply reply, String fallback) {
        return exchangeOf(stage, reply).map(StageReplies::subject).orElse(fallback);
    }

    /**
     * "the greeting", "the reply to the message (after DATA and the final dot)", "the reply to EHLO probe.test",
     * "the reply to BDAT 1024 LAST", "the reply to the AUTH response &lt;redacted&gt;".
     */
    static String subject(Exchange exchange) {
        String command = exchange.command();
        return switch (exchange.step()) {
            case GREETING -> "the greeting";
            case DATA_CONTENT -> "the reply to the message (after DATA and the final dot)";
            case AUTH -> command.regionMatches(true, 0, "AUTH", 0, 4) ? "the reply to " + command
                    : "the reply to the AUTH response " + command;
            default -> "the reply to " + command;
        };
    }

    /** The exchange of {@code stage}'s session that handed out {@code reply}, newest first. */
    static Optional<Exchange> exchangeOf(SessionStage stage, Reply reply) {
        return dev.smtpprobe.internal.Exchanges.of(stage.session().exchanges(), reply);
    }

    /** The newest exchange of {@code step}. */
    static Optional<Exchange> last(List<Exchange> exchanges, Step step) {
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            if (exchanges.get(i).step() == step) {
                return Optional.of(exchanges.get(i));
            }
        }
        return Optional.empty();
    }

    /** The newest exchange whose command starts with {@code command}, ignoring case. */
    static Optional<Exchange> last(List<Exchange> exchanges, String command) {
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            String sent = exchanges.get(i).command();
            if (sent.regionMatches(true, 0, command, 0, command.length())) {
                return Optional.of(exchanges.get(i));
            }
        }
        return Optional.empty();
    }

    /** One line per exchange, for a failure message: {@code  -> RCPT TO:<a@b.test>  <- 250 2.1.5 Ok}. */
    static List<String> lines(List<Exchange> exchanges) {
        return exchanges.isEmpty() ? List.of("(no exchange recorded)") : exchanges.stream().map(Exchange::toString).toList();
    }

    /** "the reply to RCPT TO:&lt;a@b.test&gt;". */
    static String recipient(String address) {
        return "the reply to RCPT TO:<" + address + ">";
    }
}
