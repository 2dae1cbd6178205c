package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.smtpprobe.Hello;
import dev.smtpprobe.NotSentException;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ServerProof;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** NTLMv1 is an explicit opt-in ({@code authNtlmV1}); like PLAIN it needs TLS unless plaintext AUTH is allowed. */
class NtlmV1AuthTest extends FakeServerTest {

    /** The CHALLENGE Exim 4.96's spa authenticator sends (see NtlmV1Test). */
    private static final String EXIM_CHALLENGE = "TlRMTVNTUAACAAAAAAAAAAAoAAABggAASBnvR/5yFfAAAAAAAAAAAAAAAAAAAAAA";

    private Hello hello(boolean allowPlaintext, Consumer<FakeSmtpServer.Script> afterEhlo) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH PLAIN LOGIN NTLM\r\n");
            afterEhlo.accept(s);
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5)))
                .allowPlaintextAuthentication(allowPlaintext).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    @Test
    void ntlmV1IsRefusedWithoutTlsBeforeAnythingIsSent() {
        var hello = hello(false, s -> s.reply("NOOP", "250 ok\r\n"));
        var e = catchThrowableOfType(NotSentException.class, () -> hello.authNtlmV1("", "probeuser", "probepass"));
        assertThat(e.reason()).isEqualTo(NotSentException.Reason.PLAINTEXT_AUTH);
        assertThat(hello.noop().reply().code()).isEqualTo(250);
        assertThat(server.receivedText()).doesNotContain("AUTH");
    }

    @Test
    void ntlmV1SendsTheV1ResponseEximAcceptsAndRedactsIt() {
        var authenticate = new AtomicReference<String>();
        var hello = hello(true, s -> {
            s.reply("AUTH NTLM", "334 NTLM supported\r\n");
            s.reply("TlRMTVNTUAABAAAA", "334 " + EXIM_CHALLENGE + "\r\n");
            authenticate.set(s.expect("TlRMTVNTUAADAAAA").trim());
            s.send("235 Authentication succeeded\r\n");
            s.readUntilClosed();
        });
        var result = hello.authNtlmV1("", "probeuser", "probepass");
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.serverProof()).isEqualTo(ServerProof.NOT_APPLICABLE);
        byte[] m = Base64.getDecoder().decode(authenticate.get());
        int ntLength = (m[20] & 0xff) | (m[21] & 0xff) << 8;
        assertThat(ntLength).as("a 24-byte NTLMv1 response, not an NTLMv2 one").isEqualTo(24);
        assertThat(result.transcript().toString()).doesNotContain(authenticate.get()).contains("<redacted>");
    }
}
