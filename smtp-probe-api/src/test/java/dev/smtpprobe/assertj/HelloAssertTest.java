package dev.smtpprobe.assertj;

import static dev.smtpprobe.assertj.SmtpAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HelloAssertTest {

    @Test
    void theReplyChecksApplyToTheEhloReply() {
        assertThat(Conversations.hello()).isPositive().textContains("PIPELINING").isExtended();

        assertThatThrownBy(() -> assertThat(Conversations.hello()).isPermanentFailure())
                .isInstanceOf(AssertionError.class)
                .hasMessageStartingWith("Expecting the reply to EHLO probe.example.test\n  to be a permanent failure")
                .hasMessageContaining("  250-mx.contoso.test Hello [192.0.2.1]\n  250-PIPELINING\n")
                .hasMessageContaining("  250 8BITMIME\n  code 250: positive completion (2yz)")
                .hasMessageContaining(" -> EHLO probe.example.test\n<-  250-mx.contoso.test Hello [192.0.2.1]");
    }

    @Test
    void isExtendedFailsAfterHelo() {
        var helo = Conversations.session("250 mx.contoso.test").helo("probe.example.test");

        assertThatThrownBy(() -> assertThat(helo).isExtended())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the greeting command\n  to be EHLO (extended SMTP)")
                .hasMessageContaining("but it was HELO, which learns no extension")
                .hasMessageContaining(" -> HELO probe.example.test");
    }

    @Test
    void capabilitiesChecksWhatTheServerOffersWithTheTranscriptInFailures() {
        assertThat(Conversations.hello()).capabilities().supportsStartTls().hasMaxSize(10_240_000).offersAuth("LOGIN");

        assertThatThrownBy(() -> assertThat(Conversations.hello()).capabilities().supportsChunking())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Expecting the EHLO capabilities\n  to list CHUNKING (RFC 3030)")
                .hasMessageContaining("but the server offered:\n  mx.contoso.test Hello [192.0.2.1]\n  PIPELINING")
                .hasMessageContaining("Session transcript:\n=== Trying mx.contoso.test:25...")
                .hasMessageContaining("<-  250 8BITMIME");
    }

    @Test
    void aHeloStageOffersNothing() {
        var helo = Conversations.session("250 mx.contoso.test").helo("probe.example.test");

        assertThatThrownBy(() -> assertThat(helo).capabilities().supportsPipelining())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but the server offered:\n  nothing (HELO, or a refused EHLO)\n  (no extension)");
    }
}
