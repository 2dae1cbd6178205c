package dev.smtpprobe.netty.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.testing.TestCertificates;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6125 §6 name matching as the TLS facts and verification use it. */
class HostnameMatcherTest {

    @ParameterizedTest(name = "{0} vs {1} -> {2}")
    @CsvSource({
        "mx.example.test, mx.example.test, true",
        "MX.Example.Test, mx.example.test, true",
        "mx.example.test., mx.example.test, true",
        "*.example.test, mx.example.test, true",
        "*.example.test, a.b.example.test, false",
        "*.example.test, example.test, false",
        "*.test, example.test, false",
        "m*.example.test, mx.example.test, false",
        "*.*.example.test, a.b.example.test, false",
        "mx.example.test, mx.example.test.evil, false",
    })
    void patternsMatchPerRfc6125(String pattern, String name, boolean expected) {
        assertThat(HostnameMatcher.matchesPattern(pattern, name)).isEqualTo(expected);
    }

    private static java.security.cert.X509Certificate cert(String cn, List<String> dns, List<String> ips) {
        return TestCertificates.issued(cn, dns, ips, Instant.now().minusSeconds(60), Instant.now().plusSeconds(3600))
                .certificate();
    }

    @Test
    void dnsSansWinOverTheCommonName() {
        var c = cert("cn.example.test", List.of("san.example.test"), List.of());
        assertThat(HostnameMatcher.matches("san.example.test", c)).isTrue();
        assertThat(HostnameMatcher.matches("cn.example.test", c)).isFalse();
    }

    @Test
    void commonNameCountsOnlyWithoutDnsSans() {
        var c = cert("cn.example.test", List.of(), List.of());
        assertThat(HostnameMatcher.matches("cn.example.test", c)).isTrue();
    }

    @Test
    void addressesMatchOnlyIpAddressSans() {
        var c = cert("127.0.0.1", List.of("127.0.0.1.example.test"), List.of("127.0.0.1", "::1"));
        assertThat(HostnameMatcher.matches("127.0.0.1", c)).isTrue();
        assertThat(HostnameMatcher.matches("0:0:0:0:0:0:0:1", c)).isTrue();
        assertThat(HostnameMatcher.matches("127.0.0.2", c)).isFalse();
        var cnOnly = cert("127.0.0.1", List.of(), List.of());
        assertThat(HostnameMatcher.matches("127.0.0.1", cnOnly)).isFalse();
    }
}
