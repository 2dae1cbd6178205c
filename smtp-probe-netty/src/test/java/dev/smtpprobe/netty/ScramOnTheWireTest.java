package dev.smtpprobe.netty;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.AuthResult;
import dev.smtpprobe.CommandResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.SaslMechanism;
import dev.smtpprobe.Sasl;
import dev.smtpprobe.ServerProof;
import dev.smtpprobe.StepTimeoutException;
import dev.smtpprobe.Timeouts;
import dev.smtpprobe.testing.FakeServerTest;
import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SCRAM-SHA-256 against a scripted server that computes its side for real: the server's proof reported as a fact
 * (RFC 5802 §9), the iteration cap, and SASL work kept off the I/O thread.
 */
@Timeout(30)
class ScramOnTheWireTest extends FakeServerTest {

    private static final String USER = "tim";
    private static final String PASSWORD = "pencil-tanstaaf";
    private static final byte[] SALT = "NaCl-salt-1234".getBytes(StandardCharsets.US_ASCII);

    /** What the scripted server does after the client-final message. */
    private enum Final { SIGNATURE, WRONG_SIGNATURE, ACCEPT_WITHOUT_SIGNATURE }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    private static String b64(String s) {
        return b64(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String b64) {
        return new String(Base64.getDecoder().decode(b64.trim()), StandardCharsets.UTF_8);
    }

    private static byte[] hmac(byte[] key, byte[] data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** RFC 5802 §3 ServerSignature, computed independently of the client's code. */
    private static String serverSignature(String authMessage, int iterations) {
        byte[] u = hmac(PASSWORD.getBytes(StandardCharsets.UTF_8), concat(SALT, new byte[] {0, 0, 0, 1}));
        byte[] salted = u.clone();
        for (int i = 1; i < iterations; i++) {
            u = hmac(PASSWORD.getBytes(StandardCharsets.UTF_8), u);
            for (int j = 0; j < salted.length; j++) {
                salted[j] ^= u[j];
            }
        }
        byte[] serverKey = hmac(salted, "Server Key".getBytes(StandardCharsets.US_ASCII));
        return b64(hmac(serverKey, authMessage.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** The server's half of SCRAM-SHA-256 up to the client-final message; returns client-final's arrival time. */
    private static AtomicLong scramServer(FakeSmtpServer.Script s, String iterations, Final end) {
        return scramServer(s, iterations, end, new AtomicLong());
    }

    /** The same, setting {@code clientFinalAt} when client-final arrives, before the server's answer is sent. */
    private static AtomicLong scramServer(FakeSmtpServer.Script s, String iterations, Final end, AtomicLong clientFinalAt) {
        String clientFirst = decode(s.expect("AUTH SCRAM-SHA-256 ").substring("AUTH SCRAM-SHA-256 ".length()));
        String bare = clientFirst.substring("n,,".length());
        String serverFirst = "r=" + bare.substring(bare.indexOf("r=") + 2) + "srv,s=" + b64(SALT) + ",i=" + iterations;
        s.send("334 " + b64(serverFirst) + "\r\n");
        String clientFinal = decode(s.expect(""));
        clientFinalAt.set(System.nanoTime());
        String authMessage = bare + "," + serverFirst + "," + clientFinal.substring(0, clientFinal.indexOf(",p="));
        switch (end) {
            case SIGNATURE -> {
                s.send("334 " + b64("v=" + serverSignature(authMessage, Integer.parseInt(iterations))) + "\r\n");
                s.reply("", "235 2.7.0 Authentication successful\r\n");
            }
            case WRONG_SIGNATURE -> {
                s.send("334 " + b64("v=" + b64(new byte[32])) + "\r\n");
                s.reply("*", "501 5.7.0 Authentication cancelled\r\n");
            }
            case ACCEPT_WITHOUT_SIGNATURE -> s.send("235 2.7.0 Authentication successful\r\n");
        }
        return clientFinalAt;
    }

    private Hello hello(ProbeOptions.Builder options, Consumer<FakeSmtpServer.Script> afterEhlo) {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH SCRAM-SHA-256\r\n");
            afterEhlo.accept(s);
            s.readUntilClosed();
        });
        client = Probe.client(options.timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
        return client.connect(server.host(), server.port()).ehlo("client.test");
    }

    @Test
    void aVerifiedServerSignatureIsReportedAsVerified() {
        var hello = hello(ProbeOptions.builder(), s -> scramServer(s, "4096", Final.SIGNATURE));
        AuthResult result = hello.authScramSha256(USER, PASSWORD);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.serverProof()).isEqualTo(ServerProof.VERIFIED);
        assertThat(result.isServerVerified()).isTrue();
        assertThat(result.isCancelled()).isFalse();
    }

    @Test
    void a235WithoutTheServerSignatureIsASuccessTheServerNeverProved() {
        var hello = hello(ProbeOptions.builder(), s -> scramServer(s, "4096", Final.ACCEPT_WITHOUT_SIGNATURE));
        AuthResult result = hello.authScramSha256(USER, PASSWORD);
        assertThat(result.isSuccess()).as("the server did answer 235").isTrue();
        assertThat(result.serverProof()).isEqualTo(ServerProof.NOT_SENT);
        assertThat(result.isServerVerified()).isFalse();
        assertThat(result.toString()).contains("server proof NOT_SENT");
    }

    @Test
    void aWrongServerSignatureIsCancelledAndReportedAsMismatched() {
        var hello = hello(ProbeOptions.builder(), s -> scramServer(s, "4096", Final.WRONG_SIGNATURE));
        AuthResult result = hello.authScramSha256(USER, PASSWORD);
        assertThat(result.isSuccess()).isFalse();
        assertThat(result.reply().code()).isEqualTo(501);
        assertThat(result.isCancelled()).isTrue();
        assertThat(result.cancellation()).map(AuthCancel::reason).contains(AuthCancel.Reason.SERVER_PROOF_MISMATCH);
        assertThat(result.serverProof()).isEqualTo(ServerProof.MISMATCHED);
        assertThat(result.isServerVerified()).isFalse();
    }

    @Test
    void aWrongServerSignatureStaysUnverifiedEvenIfTheServerAnswersTheCancelWith235() {
        var hello = hello(ProbeOptions.builder(), s -> {
            String clientFirst = decode(s.expect("AUTH SCRAM-SHA-256 ").substring("AUTH SCRAM-SHA-256 ".length()));
            String bare = clientFirst.substring(3);
            s.send("334 " + b64("r=" + bare.substring(bare.indexOf("r=") + 2) + "x,s=" + b64(SALT) + ",i=4096") + "\r\n");
            s.expect("");
            s.send("334 " + b64("v=" + b64(new byte[32])) + "\r\n");
            s.reply("*", "235 2.7.0 whatever you say\r\n");
        });
        AuthResult result = hello.authScramSha256(USER, PASSWORD);
        assertThat(result.isSuccess()).isTrue();
        assertThat(result.serverProof()).isEqualTo(ServerProof.MISMATCHED);
        assertThat(result.isServerVerified()).isFalse();
    }

    @Test
    void anIterationCountAboveTheCapIsCancelledWithoutComputingAndSaysWhy() {
        long start = System.nanoTime();
        var hello = hello(ProbeOptions.builder().maxScramIterations(100_000), s -> {
            String clientFirst = decode(s.expect("AUTH SCRAM-SHA-256 ").substring("AUTH SCRAM-SHA-256 ".length()));
            String bare = clientFirst.substring(3);
            s.send("334 " + b64("r=" + bare.substring(bare.indexOf("r=") + 2) + "x,s=" + b64(SALT)
                    + ",i=2000000000") + "\r\n");
            s.reply("*", "501 5.7.0 Authentication cancelled\r\n");
        });
        AuthResult result = hello.authScramSha256(USER, PASSWORD);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).as("two billion iterations were not computed")
                .isLessThan(Duration.ofSeconds(5));
        assertThat(result.isCancelled()).isTrue();
        assertThat(result.reply().code()).isEqualTo(501);
        assertThat(result.cancellation()).hasValueSatisfying(c -> {
            assertThat(c.reason()).isEqualTo(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT);
            assertThat(c.detail()).contains("2000000000", "100000", "maxScramIterations");
        });
        assertThat(result.exchanges()).extracting(e -> e.response()).containsExactly("*");
        assertThat(server.receivedText()).doesNotContain("c=biws");
    }

    @Test
    void theDefaultCapRefusesTheTenMillionIterationsThatUsedToBeComputed() {
        var hello = hello(ProbeOptions.builder(), s -> {
            String clientFirst = decode(s.expect("AUTH SCRAM-SHA-256 ").substring("AUTH SCRAM-SHA-256 ".length()));
            String bare = clientFirst.substring(3);
            s.send("334 " + b64("r=" + bare.substring(bare.indexOf("r=") + 2) + "x,s=" + b64(SALT)
                    + ",i=10000000") + "\r\n");
            s.reply("*", "501 5.7.0 Authentication cancelled\r\n");
        });
        AuthResult result = hello.authScramSha256(USER, PASSWORD);
        assertThat(result.cancellation()).map(AuthCancel::reason).contains(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT);
    }

    /** Records the thread of every mechanism call. */
    private static final class ThreadRecording implements SaslMechanism {
        final List<String> threads = new CopyOnWriteArrayList<>();

        @Override
        public String name() {
            return "X-TEST";
        }

        @Override
        public boolean revealsSecret() {
            return false;
        }

        @Override
        public Optional<byte[]> initialResponse() {
            threads.add(Thread.currentThread().getName());
            return Optional.empty();
        }

        @Override
        public Optional<byte[]> respond(byte[] challenge) {
            threads.add(Thread.currentThread().getName());
            return Optional.of("answer".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void mechanismCallsNeverRunOnTheIoThreadEvenFromAnAsyncChain() throws Exception {
        server = FakeSmtpServer.start(s -> {
            s.send("220 fake.test ESMTP\r\n");
            s.reply("EHLO", "250-fake.test\r\n250 AUTH X-TEST\r\n");
            s.reply("AUTH X-TEST", "334 " + b64("one") + "\r\n");
            s.reply(b64("answer"), "334 " + b64("two") + "\r\n");
            s.reply(b64("answer"), "235 2.7.0 ok\r\n");
            s.readUntilClosed();
        });
        client = Probe.client(ProbeOptions.builder().timeouts(Timeouts.all(Duration.ofSeconds(5))).build());
        var mechanism = new ThreadRecording();
        AuthResult result = client.connectAsync(server.host(), server.port())
                .thenCompose(session -> session.ehloAsync("client.test"))
                .thenCompose(hello -> hello.authAsync(mechanism)) // started on the I/O thread that completed EHLO
                .get(10, TimeUnit.SECONDS);
        assertThat(result.isSuccess()).isTrue();
        assertThat(mechanism.threads).hasSize(3).allSatisfy(t -> assertThat(t).startsWith("smtp-probe-sasl-"));
    }

    @Test
    void aLongScramComputationDoesNotDelayAnotherSessionsTimeoutOnTheSameEventLoop() throws Exception {
        String iterations = "9000000"; // seconds of one CPU (about 1 s per 4M with a warm JIT here), under the cap of 10M
        var clientFinalAt = new AtomicLong();
        var scram = FakeSmtpServer.start(s -> {
            s.send("220 scram.test ESMTP\r\n");
            s.reply("EHLO", "250-scram.test\r\n250 AUTH SCRAM-SHA-256\r\n");
            scramServer(s, iterations, Final.ACCEPT_WITHOUT_SIGNATURE, clientFinalAt); // set before the 235 goes out
            s.readUntilClosed();
        });
        var silent = FakeSmtpServer.start(s -> {
            s.send("220 silent.test ESMTP\r\n");
            s.reply("EHLO", "250 silent.test\r\n");
            s.expect("NOOP"); // and never answers
            s.readUntilClosed();
        });
        try (ProbeClient oneLoop = Probe.client(dev.smtpprobe.ClientOptions.builder().ioThreads(1).build(),
                ProbeOptions.builder().maxScramIterations(10_000_000).timeouts(Timeouts.all(Duration.ofSeconds(1))).build())) {
            // opened async: both on the client's one shared event loop (a blocking connect gives each its own)
            var scramHello = oneLoop.connectAsync(scram.host(), scram.port()).join().ehlo("client.test");
            var silentHello = oneLoop.connectAsync(silent.host(), silent.port()).join().ehlo("client.test");

            long start = System.nanoTime();
            var timedOutAt = new AtomicLong();
            CompletableFuture<CommandResult> noop = silentHello.noopAsync()
                    .whenComplete((r, e) -> timedOutAt.set(System.nanoTime()));
            CompletableFuture<AuthResult> auth = scramHello.authAsync(Sasl.scramSha256(USER, PASSWORD));

            assertThat(noop).failsWithin(Duration.ofSeconds(10)).withThrowableThat()
                    .havingRootCause().isInstanceOf(StepTimeoutException.class);
            Duration late = Duration.ofNanos(timedOutAt.get() - start);
            assertThat(auth.get(30, TimeUnit.SECONDS).isSuccess()).isTrue();
            assertThat(clientFinalAt.get()).as("the SCRAM computation ran and ended").isPositive();
            assertThat(timedOutAt.get()).as("the other session's 1 s timeout fired while SCRAM was still computing")
                    .isLessThan(clientFinalAt.get());
            assertThat(late).as("the other session's 1 s timeout fired on time").isLessThan(Duration.ofMillis(1800));
        } finally {
            scram.close();
            silent.close();
        }
    }
}
