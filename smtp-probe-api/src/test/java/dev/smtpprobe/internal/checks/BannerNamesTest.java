package dev.smtpprobe.internal.checks;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What banners give away, and the relay address forms. */
class BannerNamesTest {

    @ParameterizedTest
    @ValueSource(strings = {"myserver.contoso.local", "EXCH01.corp", "mail.lan", "localhost", "exchange01",
            "mx.home.arpa", "[10.1.2.3]", "[192.168.0.5]", "[172.20.0.1]"})
    void internalLookingNames(String host) {
        assertThat(BannerNames.internalLooking(host)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.contoso.com", "mail.probe.test", "[192.0.2.1]", "[172.32.0.1]", "smtp.local-bank.com"})
    void publicLookingNames(String host) {
        assertThat(BannerNames.internalLooking(host)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mx.example.test ESMTP Postfix (3.7.11)|Postfix 3.7.11",
        "mx.example.test ESMTP Exim 4.96 Tue, 24 Nov 2026 10:00:00 +0000|Exim 4.96",
        "mx.example.test ESMTP Sendmail 8.15.2/8.15.2; Tue, 24 Nov 2026|Sendmail 8.15.2",
        "mx Microsoft ESMTP MAIL Service, Version: 10.0.17763.1 ready|Microsoft ESMTP MAIL Service 10.0.17763.1",
        "mx.example.test ESMTP MailServer Version: 5.2 ready|version 5.2"})
    void versionDisclosures(String banner, String disclosed) {
        assertThat(BannerNames.versionDisclosed(banner)).contains(disclosed);
    }

    @ParameterizedTest
    @ValueSource(strings = {"mx.example.test ESMTP Postfix (smtp-probe test)",
            "myserver.contoso.com Microsoft ESMTP MAIL Service ready at Tue, 24 Nov 2026 10:00:00 +0000",
            "mx.example.test ESMTP ready 2026-11-24"})
    void bannersWithoutVersions(String banner) {
        assertThat(BannerNames.versionDisclosed(banner)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "mx.probe.test Python SMTP 1.4.3|Python SMTP 1.4.3",
        "mx.probe.test GreenMail SMTP Service v2.1.3 ready|SMTP Service v2.1.3",
        "exim.probe.test ESMTP Exim 4.96 (smtp-probe test)|Exim 4.96",
        "haraka.probe.test ESMTP Haraka/3.0.3 ready|Haraka 3.0.3",
        "mx.probe.test ESMTP OpenSMTPD|",
        "mx.probe.test ESMTP ready [192.0.2.10] 10:00:00.5|",
        "mx2.probe.test ESMTP smtp-1.2go.test relay|"})
    void versionTokensOfSoftwareNoListNames(String banner, String disclosed) {
        if (disclosed == null) {
            assertThat(BannerNames.versionDisclosed(banner)).as(banner).isEmpty();
        } else {
            assertThat(BannerNames.versionDisclosed(banner)).as(banner).contains(disclosed);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.1.1", "fe80::1",
            "fd00::25", "100.64.0.1"})
    void theReverseDnsOfTheseAddressesSaysNothingAboutThePublicName(String address) throws Exception {
        assertThat(BannerNames.notPublic(InetAddress.getByName(address))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"192.0.2.1", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2001:db8::25"})
    void publicAddressesAreComparedWithTheirPtr(String address) throws Exception {
        assertThat(BannerNames.notPublic(InetAddress.getByName(address))).isEmpty();
    }

    @Test
    void relayFormsUseTheServersAddressLiteral() throws Exception {
        assertThat(OpenRelayCheck.forms("x@example.net", InetAddress.getByName("::1")))
                .containsEntry("percent hack", "x%example.net@[IPv6:0:0:0:0:0:0:0:1]")
                .containsEntry("source route", "@[IPv6:0:0:0:0:0:0:0:1]:x@example.net")
                .hasSize(5);
    }
}
