package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The test message: swaks' default headers, replaced in place or added by --header, then the body. */
class CliMessageBuilderTest {

    private static final ZonedDateTime NOW = ZonedDateTime.parse("2026-11-29T10:00:00Z");

    @Test
    void theDefaultMessageHasSwaksHeaders() {
        String message = MessageBuilder.build("a@client.test", List.of("b@x.test", "c@x.test"), List.of(),
                MessageBuilder.DEFAULT_BODY, "client.test", NOW, 42);
        assertThat(message).isEqualTo("Date: Sun, 29 Nov 2026 10:00:00 +0000\r\n"
                + "To: b@x.test, c@x.test\r\n"
                + "From: a@client.test\r\n"
                + "Subject: test Sun, 29 Nov 2026 10:00:00 +0000\r\n"
                + "Message-Id: <20261129100000.42@client.test>\r\n"
                + "X-Mailer: smtp-probe-cli\r\n"
                + "\r\n"
                + "This is a test mailing");
    }

    @Test
    void aHeaderReplacesTheDefaultOfItsNameInPlaceAndOthersAreAdded() {
        String message = MessageBuilder.build("", List.of("b@x.test"), List.of(Header.parse("subject: hello"),
                Header.parse("X-Test: 1"), Header.parse("Subject: again"), Header.parse("X-Test: 2")),
                "line 1\nline 2\r\n", "client.test", NOW, 1);
        assertThat(message.split("\r\n")).containsExactly("Date: Sun, 29 Nov 2026 10:00:00 +0000", "To: b@x.test",
                "From: <>", "subject: hello", "Message-Id: <20261129100000.1@client.test>", "X-Mailer: smtp-probe-cli",
                "X-Test: 1", "Subject: again", "X-Test: 2", "", "line 1", "line 2");
    }
}
