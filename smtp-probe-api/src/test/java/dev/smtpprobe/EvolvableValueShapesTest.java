package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.check.CheckSettings;
import dev.smtpprobe.check.Finding;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The nine-field value types can gain a field before and after 1.0 without breaking callers: none is a record
 * (whose canonical constructor and record pattern change with every component) and none has a public constructor.
 */
class EvolvableValueShapesTest {

    @ParameterizedTest
    @ValueSource(classes = {Timeouts.class, TlsFacts.class, Finding.class, CheckSettings.class, ClientOptions.class})
    void noRecordAndNoPublicConstructor(Class<?> type) {
        assertThat(type.isRecord()).as("%s is a record", type.getSimpleName()).isFalse();
        assertThat(type.getConstructors()).as("public constructors of %s", type.getSimpleName()).isEmpty();
    }

    @Test
    void tlsFactsAreBuiltByNameWithSafeDefaults() {
        var none = TlsFacts.builder().build();
        assertThat(none.handshakeCompleted()).isFalse();
        assertThat(none.trusted()).isFalse();
        assertThat(none.sniName()).isEmpty();
        assertThat(none.peerChain()).isEmpty();
        assertThat(none.verificationEnabled()).isTrue();

        var facts = TlsFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256").sniName("mx.test")
                .trusted(false).trustProblem("PKIX path building failed").hostnameChecked("mx.test")
                .hostnameMatched(true).build();
        assertThat(facts.trustProblem()).contains("PKIX path building failed");
        assertThat(facts.summary()).contains("TLSv1.3").contains("trusted no (PKIX path building failed)");
        assertThat(facts).isEqualTo(TlsFacts.builder().protocol("TLSv1.3").cipherSuite("TLS_AES_128_GCM_SHA256")
                .sniName("mx.test").trustProblem("PKIX path building failed").hostnameChecked("mx.test")
                .hostnameMatched(true).build());
    }

    @Test
    void checkSettingsRoundTripThroughTheirBuilder() {
        var settings = CheckSettings.builder().ehloName("probe.test").expectedHost("mx.test").mailDomain("test")
                .slowCommand(Duration.ofSeconds(1)).build();

        assertThat(settings.toBuilder().build()).isEqualTo(settings).hasSameHashCodeAs(settings)
                .hasToString(settings.toString());
        assertThat(CheckSettings.DEFAULT.ehloName()).isEqualTo(CheckSettings.DEFAULT_EHLO_NAME);
        assertThat(CheckSettings.DEFAULT.slowGreeting()).isEqualTo(CheckSettings.DEFAULT_SLOW_GREETING);
        assertThat(settings.expectedHost()).contains("mx.test");
        assertThat(List.of(settings.mailDomain().orElseThrow(), settings.slowCommand().toString()))
                .containsExactly("test", "PT1S");
    }
}
