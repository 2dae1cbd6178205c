package dev.smtpprobe.examples.cli;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The test message, like swaks builds it: {@code Date}, {@code To}, {@code From}, {@code Subject: test <date>},
 * {@code Message-Id} and {@code X-Mailer} headers, each replaced in place by a {@code --header} of the same name
 * (the others are added after them), a blank line, and the body.
 */
final class MessageBuilder {

    /** The body when none is given. */
    static final String DEFAULT_BODY = "This is a test mailing";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);
    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT);

    private MessageBuilder() {}

    /**
     * The message text (CRLF line ends; the library dot-stuffs it and adds the final CRLF).
     *
     * @param from    the envelope sender ({@code ""} for the null sender)
     * @param to      the envelope recipients
     * @param headers the {@code --header}s, in order
     * @param body    the body text (any line ends)
     * @param domain  the right-hand side of the Message-Id (the EHLO name)
     * @param now     the Date header's time
     * @param unique  a number that makes the Message-Id unique (the process id)
     */
    static String build(String from, List<String> to, List<Header> headers, String body, String domain,
            ZonedDateTime now, long unique) {
        String date = DATE.format(now);
        var all = new ArrayList<>(List.of(
                new Header("Date", date),
                new Header("To", to.isEmpty() ? "undisclosed-recipients:;" : String.join(", ", to)),
                new Header("From", from.isEmpty() ? "<>" : from),
                new Header("Subject", "test " + date),
                new Header("Message-Id", "<" + ID_TIME.format(now) + "." + unique + "@" + domain + ">"),
                new Header("X-Mailer", "smtp-probe-cli")));
        for (Header h : headers) {
            int at = indexOf(all, h.name());
            if (at >= 0 && !isUserHeader(all.get(at), headers)) {
                all.set(at, h);
            } else {
                all.add(h);
            }
        }
        var text = new StringBuilder();
        for (Header h : all) {
            text.append(h).append("\r\n");
        }
        text.append("\r\n").append(body.replace("\r\n", "\n").replace("\n", "\r\n"));
        return text.toString();
    }

    private static int indexOf(List<Header> headers, String name) {
        for (int i = 0; i < headers.size(); i++) {
            if (headers.get(i).sameName(name)) {
                return i;
            }
        }
        return -1;
    }

    /** A header already placed from the command line (by identity), so a second one of that name is added, not replacing it. */
    private static boolean isUserHeader(Header placed, List<Header> headers) {
        return headers.stream().anyMatch(h -> h == placed);
    }
}
