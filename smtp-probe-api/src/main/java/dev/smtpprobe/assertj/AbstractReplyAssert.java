package dev.smtpprobe.assertj;

import dev.smtpprobe.EnhancedStatus;
import dev.smtpprobe.Reply;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Checks on one SMTP reply (RFC 5321 §4.2): its code, its class, its RFC 3463 enhanced status code, its text and
 * the queue id in it. {@link ReplyAssert} applies them to a {@link Reply}; the stage assertions apply them to the
 * reply that produced the stage ({@code stage.reply()}).
 *
 * <p>Every failure shows what was expected, the reply as the server sent it with its code class and enhanced
 * status explained, and the session transcript when it is known.
 *
 * @param <SELF>   the assertion's own type, for chaining
 * @param <ACTUAL> the type of the value under test
 */
public abstract class AbstractReplyAssert<SELF extends AbstractReplyAssert<SELF, ACTUAL>, ACTUAL>
        extends AbstractSmtpAssert<SELF, ACTUAL> {

    /** An assertion on {@code actual}; {@code selfType} is the concrete assertion class. */
    AbstractReplyAssert(ACTUAL actual, Class<?> selfType) {
        super(actual, selfType);
    }

    /** The reply the checks look at; the actual value is not null when this is called. */
    abstract Reply replyUnderTest();

    /** What the reply answered, for the message: "the greeting", "the reply to RCPT TO:&lt;a@b.test&gt;". */
    abstract String replySubject();

    private SELF check(String expectation, Predicate<Reply> test) {
        if (checkable()) {
            Reply reply = replyUnderTest();
            if (!test.test(reply)) {
                throw failure(FailureMessage.expecting(replySubject(), expectation).butReply(reply));
            }
        }
        return myself;
    }

    /**
     * The reply code is exactly {@code code}, e.g. {@code 250}, {@code 354}, {@code 550} (RFC 5321 §4.2.2 and
     * §4.2.3 list them).
     */
    public SELF hasCode(int code) {
        if (checkable()) {
            Reply reply = replyUnderTest();
            if (reply.code() != code) {
                throw failure(FailureMessage.expecting(replySubject(), "to have the code " + code).butReply(reply),
                        reply.code(), code);
            }
        }
        return myself;
    }

    /** 2yz, positive completion: the server did what was asked (RFC 5321 §4.2.1). */
    public SELF isPositive() {
        return check("to be positive (2yz: completed, RFC 5321 §4.2.1)", Reply::isPositive);
    }

    /** 3yz, positive intermediate: the server waits for more, as {@code 354} after DATA or {@code 334} in AUTH. */
    public SELF isIntermediate() {
        return check("to be intermediate (3yz: the server waits for more, RFC 5321 §4.2.1)", Reply::isIntermediate);
    }

    /** 4yz, transient negative completion: not done this time, may succeed if tried again later (RFC 5321 §4.2.1). */
    public SELF isTransientFailure() {
        return check("to be a transient failure (4yz: try again later, RFC 5321 §4.2.1)", Reply::isTransientFailure);
    }

    /** 5yz, permanent negative completion: not done, and repeating the command as is will not help (RFC 5321 §4.2.1). */
    public SELF isPermanentFailure() {
        return check("to be a permanent failure (5yz, RFC 5321 §4.2.1)", Reply::isPermanentFailure);
    }

    /** 4yz or 5yz: the server refused, for now or for good. */
    public SELF isFailure() {
        return check("to be a failure (4yz or 5yz, RFC 5321 §4.2.1)", Reply::isFailure);
    }

    /**
     * The reply carries this RFC 3463 enhanced status code at the start of its text (RFC 2034): {@code "5.7.1"}
     * exactly, or {@code "X.7.1"} for subject 7 and detail 1 in any class (RFC 3463's own notation), so one check
     * covers {@code 4.7.1} and {@code 5.7.1}.
     *
     * @param code {@code class.subject.detail}, the class a digit or {@code X}
     * @throws IllegalArgumentException when {@code code} is not written that way (a mistake in the test)
     */
    public SELF hasEnhancedStatus(String code) {
        ExpectedEnhancedStatus expected = ExpectedEnhancedStatus.parse(code);
        return check("to carry the enhanced status code " + expected.describe(),
                r -> r.enhancedStatus().filter(expected::matches).isPresent());
    }

    /** The reply carries no RFC 3463 enhanced status code (the server sent none, or one that is malformed). */
    public SELF hasNoEnhancedStatus() {
        return check("to carry no enhanced status code", r -> r.enhancedStatus().isEmpty());
    }

    /**
     * The enhanced status code's class is {@code statusClass}: 2 success, 4 persistent transient failure, 5
     * permanent failure (RFC 3463 §3.1).
     *
     * @throws IllegalArgumentException when {@code statusClass} is not 2, 4 or 5
     */
    public SELF hasEnhancedStatusClass(int statusClass) {
        String title = new EnhancedStatus(statusClass, 0, 0).classTitle();
        return check("to carry an enhanced status code of class " + statusClass + " (" + title + ")",
                r -> r.enhancedStatus().filter(s -> s.statusClass() == statusClass).isPresent());
    }

    /**
     * The enhanced status code's subject is {@code subject}, whatever its class and detail: 0 other, 1 addressing,
     * 2 mailbox, 3 mail system, 4 network and routing, 5 mail delivery protocol, 6 message content, 7 security or
     * policy (RFC 3463 §3.2). {@code hasEnhancedStatusSubject(7)} holds for {@code 5.7.1} and {@code 4.7.0}.
     *
     * @throws IllegalArgumentException when {@code subject} is outside 0–999
     */
    public SELF hasEnhancedStatusSubject(int subject) {
        String title = new EnhancedStatus(2, subject, 0).subjectTitle();
        return check("to carry an enhanced status code of subject " + subject + " (" + title + ")",
                r -> r.enhancedStatus().filter(s -> s.subject() == subject).isPresent());
    }

    /** The reply's text (every line, without codes, joined with {@code \n}) contains each of {@code values}. */
    public SELF textContains(String... values) {
        List<String> all = List.of(values);
        return check("to have a text containing " + quoted(all), r -> all.stream().allMatch(r.text()::contains));
    }

    /** The reply's text contains none of {@code values}, e.g. a banner that must not reveal the software version. */
    public SELF textDoesNotContain(String... values) {
        List<String> all = List.of(values);
        return check("to have a text containing none of " + quoted(all), r -> all.stream().noneMatch(r.text()::contains));
    }

    /**
     * The whole text (lines joined with {@code \n}, without codes) matches the regular expression, like
     * {@link String#matches(String)}; see {@link #textContainsPattern(String)} to look for a part.
     */
    public SELF textMatches(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return check("to have a text matching the regular expression " + regex, r -> pattern.matcher(r.text()).matches());
    }

    /** Some part of the text matches the regular expression, like {@link java.util.regex.Matcher#find()}. */
    public SELF textContainsPattern(String regex) {
        Pattern pattern = Pattern.compile(regex);
        return check("to have a text containing a match for the regular expression " + regex,
                r -> pattern.matcher(r.text()).find());
    }

    /**
     * The reply is positive and names a queue id where the common MTAs put one (Postfix {@code queued as X},
     * Exchange {@code <id> [InternalId=..]}, Sendmail, Exim {@code id=}); see {@link Reply#queueId()}.
     */
    public SELF hasQueueId() {
        return check("to name a queue id (the message was queued)", r -> r.queueId().isPresent());
    }

    /** The reply names exactly this queue id. */
    public SELF hasQueueId(String queueId) {
        Objects.requireNonNull(queueId, "queueId");
        return check("to name the queue id " + queueId, r -> r.queueId().filter(queueId::equals).isPresent());
    }

    private static String quoted(List<String> values) {
        return Arrays.toString(values.stream().map(v -> "\"" + v + "\"").toArray());
    }
}
