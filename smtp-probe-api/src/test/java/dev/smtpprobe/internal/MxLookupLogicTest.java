package dev.smtpprobe.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.smtpprobe.DnsFailure;
import dev.smtpprobe.DnsLookupException;
import dev.smtpprobe.InvalidArgumentException;
import dev.smtpprobe.MxHost;
import dev.smtpprobe.MxResult;
import dev.smtpprobe.spi.DnsAnswer;
import dev.smtpprobe.spi.DnsType;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** RFC 5321 §5.1 / RFC 7505 decisions of {@link MxLookup} against canned DNS answers. */
class MxLookupLogicTest {

    private final Map<String, DnsAnswer> answers = new HashMap<>();
    private final List<String> asked = new ArrayList<>();
    private final MxLookup lookup = new MxLookup((name, type) -> {
        asked.add(type + " " + name);
        return CompletableFuture.completedFuture(answers.getOrDefault(type + " " + name,
                new DnsAnswer(DnsAnswer.NOERROR, List.of())));
    });

    private void answer(DnsType type, String name, int rcode, DnsAnswer.Record... records) {
        answers.put(type + " " + name, new DnsAnswer(rcode, List.of(records)));
    }

    @Test
    void equalPreferencesKeepTheServersOrderAndLowerPreferencesComeFirst() throws Exception {
        answer(DnsType.MX, "d.test", 0, new DnsAnswer.Mx("d.test", 20, "c.d.test"),
                new DnsAnswer.Mx("d.test", 10, "b.d.test"), new DnsAnswer.Mx("d.test", 10, "a.d.test"));
        answer(DnsType.A, "a.d.test", 0, new DnsAnswer.Address("a.d.test", InetAddress.getByName("192.0.2.1")));

        MxResult mx = lookup.mx("D.test.").join();

        assertThat(mx.hosts()).extracting(MxHost::host).containsExactly("b.d.test", "a.d.test", "c.d.test");
        assertThat(mx.hosts().get(1).addresses()).containsExactly(InetAddress.getByName("192.0.2.1"));
        assertThat(asked).contains("MX d.test", "A a.d.test", "AAAA a.d.test");
    }

    @Test
    void aNullMxBesideRealOnesIsIgnoredNotObeyed() {
        answer(DnsType.MX, "d.test", 0, new DnsAnswer.Mx("d.test", 0, "."), new DnsAnswer.Mx("d.test", 10, "mx.d.test"));

        MxResult mx = lookup.mx("d.test").join();

        assertThat(mx.kind()).isEqualTo(MxResult.Kind.MX);
        assertThat(mx.hosts()).extracting(MxHost::host).containsExactly("mx.d.test");
    }

    @Test
    void aLoneNullMxIsTheDomainSayingNo() {
        answer(DnsType.MX, "d.test", 0, new DnsAnswer.Mx("d.test", 0, "."));

        assertThat(lookup.mx("d.test").join().isNullMx()).isTrue();
        assertThat(asked).containsExactly("MX d.test");
    }

    @Test
    void refusedIsATypedFailure() {
        answer(DnsType.MX, "d.test", DnsAnswer.REFUSED);

        assertThatThrownBy(() -> lookup.mx("d.test").join()).isInstanceOf(CompletionException.class)
                .cause().isInstanceOfSatisfying(DnsLookupException.class,
                        e -> assertThat(e.failure()).isEqualTo(DnsFailure.REFUSED));
    }

    @Test
    void reverseNamesFollowRfc1035AndRfc3596() throws Exception {
        assertThat(MxLookup.reverseName(InetAddress.getByName("192.0.2.10"))).isEqualTo("10.2.0.192.in-addr.arpa");
        assertThat(MxLookup.reverseName(InetAddress.getByName("2001:db8::567:89ab")))
                .isEqualTo("b.a.9.8.7.6.5.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa");
    }

    @Test
    void namesAreNormalisedAndNonNamesRefused() {
        assertThat(MxLookup.normalise(" Example.TEST. ")).isEqualTo("example.test");
        assertThatThrownBy(() -> MxLookup.normalise("bücher.test")).isInstanceOfSatisfying(
                InvalidArgumentException.class, e -> assertThat(e.index()).isEqualTo(1))
                .hasMessageContaining("A-label");
        assertThatThrownBy(() -> MxLookup.normalise("a".repeat(254))).isInstanceOf(InvalidArgumentException.class);
    }
}
