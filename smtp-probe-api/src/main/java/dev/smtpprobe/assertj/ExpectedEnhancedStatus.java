package dev.smtpprobe.assertj;

import dev.smtpprobe.EnhancedStatus;
import java.util.Locale;

/**
 * An expected RFC 3463 code as a test writes it: {@code 5.7.1} exactly, or {@code X.7.1} for subject and detail
 * in any class, the notation RFC 3463 itself uses.
 *
 * @param statusClass the class 2, 4 or 5, or 0 for any ({@code X})
 * @param subject     the subject
 * @param detail      the detail
 */
record ExpectedEnhancedStatus(int statusClass, int subject, int detail) {

    /**
     * Reads {@code "5.7.1"} or {@code "X.7.1"}.
     *
     * @throws IllegalArgumentException when the text is neither
     */
    static ExpectedEnhancedStatus parse(String code) {
        if (code == null) {
            throw new IllegalArgumentException("the expected enhanced status code must not be null");
        }
        boolean anyClass = code.toUpperCase(Locale.ROOT).startsWith("X.");
        EnhancedStatus parsed;
        try {
            parsed = EnhancedStatus.parse(anyClass ? "2" + code.substring(1) : code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("expected an enhanced status code such as \"5.7.1\", or \"X.7.1\" for any"
                    + " class (RFC 3463), not \"" + code + "\"", e);
        }
        return new ExpectedEnhancedStatus(anyClass ? 0 : parsed.statusClass(), parsed.subject(), parsed.detail());
    }

    /** Whether {@code actual} is this code (in any class when the class is {@code X}). */
    boolean matches(EnhancedStatus actual) {
        return (statusClass == 0 || statusClass == actual.statusClass()) && subject == actual.subject()
                && detail == actual.detail();
    }

    /** The code and what the registry calls it, e.g. {@code 5.7.1 (Permanent Failure: Delivery not authorized, message refused)}. */
    String describe() {
        EnhancedStatus sample = new EnhancedStatus(statusClass == 0 ? 5 : statusClass, subject, detail);
        String title = sample.title().orElse(sample.subjectTitle() + ", detail " + detail + " not registered");
        return statusClass == 0 ? "X." + subject + "." + detail + " (any class; " + title + ")"
                : sample + " (" + sample.explain() + ")";
    }
}
