package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EnhancedStatusTest {

    @Test
    void parseReadsClassSubjectAndDetail() {
        var status = EnhancedStatus.parse("5.7.1");

        assertThat(status.statusClass()).isEqualTo(5);
        assertThat(status.subject()).isEqualTo(7);
        assertThat(status.detail()).isEqualTo(1);
        assertThat(status).hasToString("5.7.1");
    }

    @Test
    void parseAcceptsThreeDigitSubjectAndDetail() {
        assertThat(EnhancedStatus.parse("4.999.999")).isEqualTo(new EnhancedStatus(4, 999, 999));
        assertThat(EnhancedStatus.parse("2.7.30")).isEqualTo(new EnhancedStatus(2, 7, 30));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {"6.1.1", "3.1.1", "1.0.0", "5.1000.1", "5.1.1000", "5.7", "x", "", "5.7.1 ", " 5.7.1",
            "5..1", "5.7.", ".7.1", "5.7.1.2", "5-7-1", "55.7.1", "5.7.a",
            // Arabic-Indic digit seven: a Unicode digit, but not one RFC 3463 allows
            "5.\u0667.1"})
    void parseRefusesWhatIsNotAnEnhancedStatusCode(String text) {
        assertThatIllegalArgumentException().isThrownBy(() -> EnhancedStatus.parse(text));
    }

    @Test
    void constructorRefusesValuesOutsideRfc3463Ranges() {
        assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(3, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(6, 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(5, 1000, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(5, 0, 1000));
        assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(5, -1, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new EnhancedStatus(5, 0, -1));
    }

    // --- RFC 2034 §4: parsing the code out of a reply line ---

    @Test
    void replyTextStartingWithAMatchingCodeFollowedBySpaceGivesTheCode() {
        assertThat(EnhancedStatus.parseReplyText(550, "5.7.1 Unable to relay")).contains(new EnhancedStatus(5, 7, 1));
        assertThat(EnhancedStatus.parseReplyText(450, "4.2.2 Mailbox full")).contains(new EnhancedStatus(4, 2, 2));
        assertThat(EnhancedStatus.parseReplyText(250, "2.1.5 Ok")).contains(new EnhancedStatus(2, 1, 5));
    }

    @Test
    void replyTextThatIsOnlyTheCodeGivesTheCode() {
        assertThat(EnhancedStatus.parseReplyText(250, "2.0.0")).contains(new EnhancedStatus(2, 0, 0));
    }

    @Test
    void enhancedStatusIsNotInventedWhenClassDiffersFromReplyCode() {
        assertThat(EnhancedStatus.parseReplyText(550, "2.1.1 x")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(450, "5.7.1 Unable to relay")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(250, "5.0.0 odd")).isEmpty();
    }

    @Test
    void anIntermediateReplyNeverHasAnEnhancedStatus() {
        assertThat(EnhancedStatus.parseReplyText(354, "2.0.0 Start mail input")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(334, "5.7.1")).isEmpty();
    }

    @Test
    void codeRunningIntoTheTextIsNotAnEnhancedStatus() {
        assertThat(EnhancedStatus.parseReplyText(250, "2.1.0Sender")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(550, "5.7.1: refused")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(550, "5.7.1.2 refused")).isEmpty();
    }

    @Test
    void codeNotAtTheStartOfTheTextIsNotAnEnhancedStatus() {
        assertThat(EnhancedStatus.parseReplyText(550, "Unable 5.7.1")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(550, " 5.7.1 Unable to relay")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(550, "#5.7.1 Unable to relay")).isEmpty();
    }

    @Test
    void twoDigitDetailIsReadWholeNotCutShort() {
        assertThat(EnhancedStatus.parseReplyText(550, "5.7.10 Encryption Needed")).contains(new EnhancedStatus(5, 7, 10));
        assertThat(EnhancedStatus.parseReplyText(550, "5.7.30 REQUIRETLS support required"))
                .contains(new EnhancedStatus(5, 7, 30));
    }

    @Test
    void threeDigitSubjectAndDetailAreReadWhole() {
        assertThat(EnhancedStatus.parseReplyText(550, "5.123.456 site policy")).contains(new EnhancedStatus(5, 123, 456));
        assertThat(EnhancedStatus.parseReplyText(451, "4.7.100")).contains(new EnhancedStatus(4, 7, 100));
    }

    @Test
    void fourDigitSubjectOrDetailIsNotAnEnhancedStatus() {
        assertThat(EnhancedStatus.parseReplyText(550, "5.7.1000 x")).isEmpty();
        assertThat(EnhancedStatus.parseReplyText(550, "5.1000.1 x")).isEmpty();
    }

    @Test
    void emptyReplyTextHasNoEnhancedStatus() {
        assertThat(EnhancedStatus.parseReplyText(250, "")).isEmpty();
    }

    // --- meaning from the IANA registry ---

    @Test
    void titleIsTheRegistrysTitleOfTheCode() {
        assertThat(EnhancedStatus.parse("5.7.1").title()).contains("Delivery not authorized, message refused");
        assertThat(EnhancedStatus.parse("5.1.1").title()).contains("Bad destination mailbox address");
        assertThat(EnhancedStatus.parse("5.7.8").title()).contains("Authentication credentials invalid");
        assertThat(EnhancedStatus.parse("5.6.0").title()).contains("Other or undefined media error");
        assertThat(EnhancedStatus.parse("4.0.0").title()).contains("Other undefined Status");
        assertThat(EnhancedStatus.parse("5.7.30").title()).contains("REQUIRETLS support required");
    }

    @Test
    void titleDependsOnSubjectAndDetailNotOnClass() {
        assertThat(EnhancedStatus.parse("4.2.2").title()).contains("Mailbox full");
        assertThat(EnhancedStatus.parse("5.2.2").title()).contains("Mailbox full");
    }

    @Test
    void neighbouringCodesHaveTheirOwnTitles() {
        assertThat(EnhancedStatus.parse("5.7.1").title()).isNotEqualTo(EnhancedStatus.parse("5.7.10").title());
        assertThat(EnhancedStatus.parse("5.7.10").title()).contains("Encryption Needed");
        assertThat(EnhancedStatus.parse("5.1.7").title()).contains("Bad sender's mailbox address syntax");
    }

    @Test
    void registeredCodeHasADescription() {
        var status = EnhancedStatus.parse("5.1.1");

        assertThat(status.isRegistered()).isTrue();
        assertThat(status.registeredDescription()).hasValueSatisfying(d -> assertThat(d).containsIgnoringCase("mailbox"));
    }

    @Test
    void classTitleNamesTheClass() {
        assertThat(EnhancedStatus.parse("2.0.0").classTitle()).isEqualTo("Success");
        assertThat(EnhancedStatus.parse("4.0.0").classTitle()).isEqualTo("Persistent Transient Failure");
        assertThat(EnhancedStatus.parse("5.0.0").classTitle()).isEqualTo("Permanent Failure");
    }

    @Test
    void subjectTitleNamesTheSubject() {
        assertThat(EnhancedStatus.parse("5.1.1").subjectTitle()).isEqualTo("Addressing Status");
        assertThat(EnhancedStatus.parse("5.7.1").subjectTitle()).isEqualTo("Security or Policy Status");
        assertThat(EnhancedStatus.parse("5.9.9").subjectTitle()).isEqualTo("Unknown subject");
    }

    @Test
    void explainGivesClassAndRegisteredTitle() {
        assertThat(EnhancedStatus.parse("5.7.1").explain())
                .isEqualTo("Permanent Failure: Delivery not authorized, message refused");
        assertThat(EnhancedStatus.parse("4.2.2").explain()).isEqualTo("Persistent Transient Failure: Mailbox full");
    }

    @Test
    void unregisteredCodeIsNotRegisteredAndItsExplanationSaysSo() {
        var unknownSubject = EnhancedStatus.parse("5.9.9");
        var unknownDetail = EnhancedStatus.parse("5.1.99");

        assertThat(unknownSubject.isRegistered()).isFalse();
        assertThat(unknownSubject.title()).isEmpty();
        assertThat(unknownSubject.registeredDescription()).isEmpty();
        assertThat(unknownSubject.explain()).startsWith("Permanent Failure: ").contains("Unknown subject")
                .contains("not registered");

        assertThat(unknownDetail.isRegistered()).isFalse();
        assertThat(unknownDetail.explain())
                .isEqualTo("Permanent Failure: Addressing Status (detail 99 not registered)");
    }

    @Test
    void codeBeyondTheLastRegisteredSecurityCodeIsNotRegistered() {
        assertThat(EnhancedStatus.parse("5.7.30").isRegistered()).isTrue();
        assertThat(EnhancedStatus.parse("5.7.31").isRegistered()).isFalse();
    }
}
