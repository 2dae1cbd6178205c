package dev.smtpprobe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClientOptionsTest {

    @Test
    void defaultsAreTheDocumentedDefaults() {
        assertThat(ClientOptions.DEFAULT.ioThreads()).isEqualTo(ClientOptions.DEFAULT_IO_THREADS).isZero();
        assertThat(ClientOptions.DEFAULT.dns()).isEqualTo(ClientOptions.DEFAULT_DNS).isEqualTo(DnsOptions.SYSTEM);
        assertThat(ClientOptions.builder().build()).isEqualTo(ClientOptions.DEFAULT);
    }

    @Test
    void toBuilderKeepsEveryOptionAndLeavesTheOriginalAlone() {
        var dns = DnsOptions.servers(new InetSocketAddress("127.0.0.1", 5353));
        var original = ClientOptions.builder().ioThreads(3).dns(dns).build();

        var copy = original.toBuilder().build();
        var changed = original.toBuilder().ioThreads(1).build();

        assertThat(copy).isEqualTo(original).hasSameHashCodeAs(original).hasToString(original.toString());
        assertThat(original.ioThreads()).isEqualTo(3);
        assertThat(changed.ioThreads()).isEqualTo(1);
        assertThat(changed.dns()).isEqualTo(dns);
        assertThat(original.toString()).contains("ioThreads=3").contains("5353");
    }

    @Test
    void invalidValuesAreRefused() {
        assertThatIllegalArgumentException().isThrownBy(() -> ClientOptions.builder().ioThreads(-1))
                .withMessageContaining("ioThreads");
        assertThatNullPointerException().isThrownBy(() -> ClientOptions.builder().dns(null));
    }

    @Test
    void sessionOptionsNoLongerCarryWhatOnlyAClientCanUse() {
        // a per-session ioThreads or dns was silently ignored by connect(host, port, sessionOptions)
        assertThat(Arrays.stream(ProbeOptions.Builder.class.getMethods()).map(Method::getName))
                .doesNotContain("ioThreads", "dns");
        assertThat(Arrays.stream(ProbeOptions.class.getMethods()).map(Method::getName))
                .doesNotContain("ioThreads", "dns");
    }
}
