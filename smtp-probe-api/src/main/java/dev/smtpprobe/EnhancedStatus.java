package dev.smtpprobe;

import dev.smtpprobe.internal.EnhancedStatusRegistry;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An enhanced mail system status code (RFC 3463): {@code class.subject.detail}, e.g. {@code 5.7.1}, with the
 * meaning the IANA "SMTP Enhanced Status Codes" registry gives it (RFC 3463, 3886, 4468, 4954, 5248, 6531,
 * 6710, 7293, 7372, 7505, 8617, 8689).
 *
 * @param statusClass 2 success, 4 persistent transient failure, 5 permanent failure
 * @param subject     0–999: 0 other, 1 addressing, 2 mailbox, 3 mail system, 4 network and routing,
 *                    5 mail delivery protocol, 6 message content, 7 security or policy
 * @param detail      0–999, the detail within the subject
 */
public record EnhancedStatus(int statusClass, int subject, int detail) {

    private static final Pattern SYNTAX = Pattern.compile("([245])\\.(\\d{1,3})\\.(\\d{1,3})");
    private static final Pattern AT_START = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})(?=[ \\t]|$)");

    /** Checks the ranges of RFC 3463 §2. */
    public EnhancedStatus {
        if (statusClass != 2 && statusClass != 4 && statusClass != 5) {
            throw new IllegalArgumentException("enhanced status class must be 2, 4 or 5, not " + statusClass);
        }
        if (subject < 0 || subject > 999 || detail < 0 || detail > 999) {
            throw new IllegalArgumentException("subject and detail run from 0 to 999");
        }
    }

    /**
     * Parses {@code "5.7.1"}.
     *
     * @throws IllegalArgumentException when the text is not an RFC 3463 status code
     */
    public static EnhancedStatus parse(String code) {
        var m = SYNTAX.matcher(code);
        if (!m.matches()) {
            throw new IllegalArgumentException("not an enhanced status code (class.subject.detail): " + code);
        }
        return new EnhancedStatus(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
    }

    /**
     * The status code at the start of a reply line's text, per RFC 2034 §4: it must be followed by a space or end
     * the line, and its class must equal the reply code's first digit; otherwise there is none.
     */
    static Optional<EnhancedStatus> parseReplyText(int replyCode, String text) {
        var m = AT_START.matcher(text);
        if (!m.find() || Integer.parseInt(m.group(1)) != replyCode / 100) {
            return Optional.empty();
        }
        return Optional.of(parse(m.group(1) + "." + m.group(2) + "." + m.group(3)));
    }

    /** The registry's title for this exact code ({@code X.subject.detail}), e.g. "Delivery not authorized, message refused". */
    public Optional<String> title() {
        return EnhancedStatusRegistry.title(subject, detail);
    }

    /** The registry's description of this exact code, when registered. */
    public Optional<String> registeredDescription() {
        return EnhancedStatusRegistry.description(subject, detail);
    }

    /** Whether the IANA registry lists {@code X.subject.detail}. */
    public boolean isRegistered() {
        return title().isPresent();
    }

    /** The title of the class: "Success", "Persistent Transient Failure" or "Permanent Failure". */
    public String classTitle() {
        return EnhancedStatusRegistry.classTitle(statusClass);
    }

    /** The title of the subject, e.g. "Security or Policy Status"; "Unknown subject" beyond 7. */
    public String subjectTitle() {
        return EnhancedStatusRegistry.subjectTitle(subject);
    }

    /**
     * One line for a person: class, and the registered title when there is one, else the subject's title, e.g.
     * {@code Permanent Failure: Delivery not authorized, message refused}.
     */
    public String explain() {
        return classTitle() + ": " + title().orElse(subjectTitle() + " (detail " + detail + " not registered)");
    }

    /** The code as servers write it: {@code 5.7.1}. */
    @Override
    public String toString() {
        return statusClass + "." + subject + "." + detail;
    }
}
