package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.text;
import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.smtpprobe.AuthCancel;
import dev.smtpprobe.ProbeOptions;
import dev.smtpprobe.ServerProof;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScramSha256Test {

    // RFC 7677 §3, the example exchange.
    private static final String NONCE = "rOprNGfwEbeRWgbNEkqO";
    private static final String SERVER_NONCE = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    private static final String SERVER_FIRST = "r=" + SERVER_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096";
    private static final String CLIENT_FINAL =
            "c=biws,r=" + SERVER_NONCE + ",p=dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=";
    private static final String SERVER_FINAL = "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=";

    private static ScramSha256 rfcClient() {
        return new ScramSha256("user", "pencil", NONCE);
    }

    private static ScramSha256 afterServerFirst() {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(utf8(SERVER_FIRST))).isPresent();
        return scram;
    }

    @Test
    void matchesTheRfc7677Example() {
        ScramSha256 scram = rfcClient();
        assertThat(scram.initialResponse())
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo("n,,n=user,r=" + NONCE));
        assertThat(scram.respond(utf8(SERVER_FIRST)))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo(CLIENT_FINAL));
        assertThat(scram.serverVerified()).isFalse();
        assertThat(scram.respond(utf8(SERVER_FINAL)))
                .as("a verified server-final gets an empty response")
                .hasValueSatisfying(r -> assertThat(r).isEmpty());
        assertThat(scram.serverVerified()).isTrue();
        assertThat(scram.serverError()).isEmpty();
    }

    @Test
    void doesNotRevealTheSecret() {
        ScramSha256 scram = rfcClient();
        assertThat(scram.name()).isEqualTo("SCRAM-SHA-256");
        assertThat(scram.revealsSecret()).isFalse();
    }

    @Test
    void anyChallengeAfterTheServerFinalCancels() {
        ScramSha256 scram = afterServerFirst();
        scram.respond(utf8(SERVER_FINAL));
        assertThat(scram.respond(new byte[0])).isEmpty();
        assertThat(scram.respond(utf8(SERVER_FINAL))).isEmpty();
        assertThat(scram.serverVerified()).isTrue();
    }

    @Test
    void aWrongServerSignatureCancelsAndIsNotVerified() {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.respond(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isEmpty();
        assertThat(scram.serverVerified()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "v=", "v=!!notbase64", "x=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4", "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=="})
    void aMalformedServerFinalCancels(String serverFinal) {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.respond(utf8(serverFinal))).isEmpty();
        assertThat(scram.serverVerified()).isFalse();
    }

    @Test
    void serverFinalExtensionsAfterTheVerifierAreIgnored() {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.respond(utf8(SERVER_FINAL + ",x=ext"))).hasValueSatisfying(r -> assertThat(r).isEmpty());
        assertThat(scram.serverVerified()).isTrue();
    }

    @Test
    void aServerErrorCancelsAndIsKept() {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.respond(utf8("e=invalid-proof"))).isEmpty();
        assertThat(scram.serverError()).contains("invalid-proof");
        assertThat(scram.serverVerified()).isFalse();
    }

    @Test
    void aServerErrorInPlaceOfTheServerFirstCancelsAndIsKept() {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(utf8("e=unknown-user"))).isEmpty();
        assertThat(scram.serverError()).contains("unknown-user");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // the nonce does not extend ours
        "r=XOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfw,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO\u00e9x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO x,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        // no salt, bad salt, empty salt
        "r=rOprNGfwEbeRWgbNEkqO%hvY,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,i=4096,s=W22ZaJ0SNY7soEsUEjb6gQ==",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=!!!,i=4096",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ,i=4096",
        // iteration count: zero, negative, signed, not a number, over the cap, overflowing, missing
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=0",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=-1",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=+4096",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4k",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=10000001",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4294967297",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=99999999999999999999999999",
        "r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==",
        // a mandatory extension, attributes out of order, junk
        "m=ext,r=rOprNGfwEbeRWgbNEkqO%hvY,s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096",
        "s=W22ZaJ0SNY7soEsUEjb6gQ==,r=rOprNGfwEbeRWgbNEkqO%hvY,i=4096",
        "", ",,", "r=", "garbage",
        // the server-final out of turn
        "v=6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
    })
    void aMalformedServerFirstCancels(String serverFirst) {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(utf8(serverFirst))).isEmpty();
        assertThat(scram.respond(utf8(SERVER_FIRST))).as("stays cancelled").isEmpty();
        assertThat(scram.serverVerified()).isFalse();
    }

    @Test
    void serverFirstExtensionsAfterTheIterationCountAreAccepted() {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(utf8(SERVER_FIRST + ",x=ext")))
                .hasValueSatisfying(r -> assertThat(text(r)).startsWith("c=biws,r=" + SERVER_NONCE + ",p="));
    }

    @Test
    void theLowestAllowedIterationCountIsOne() {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(utf8("r=" + SERVER_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=1"))).isPresent();
    }

    @Test
    void anEmptyChallengeGetsTheClientFirstWhenTheInitialResponseWasNotSent() {
        ScramSha256 scram = rfcClient();
        assertThat(scram.respond(new byte[0]))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo("n,,n=user,r=" + NONCE));
        assertThat(scram.respond(utf8(SERVER_FIRST)))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo(CLIENT_FINAL));
    }

    @Test
    void anEmptyChallengeAfterTheClientFirstCancels() {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(new byte[0])).isEmpty();
    }

    @Test
    void aNonEmptyChallengeBeforeTheClientFirstCancels() {
        assertThat(rfcClient().respond(utf8(SERVER_FIRST))).isEmpty();
    }

    @Test
    void commaAndEqualsInTheUserNameAreEscaped() {
        ScramSha256 scram = new ScramSha256("a=b,c", "pencil", NONCE);
        assertThat(text(scram.initialResponse().orElseThrow())).isEqualTo("n,,n=a=3Db=2Cc,r=" + NONCE);
    }

    @Test
    void thePasswordIsPreparedWithSaslPrep() {
        // U+00AD SOFT HYPHEN maps to nothing: "pen\u00adcil" is "pencil" and gives the RFC's proof.
        ScramSha256 scram = new ScramSha256("user", "pen\u00adcil", NONCE);
        scram.initialResponse();
        assertThat(scram.respond(utf8(SERVER_FIRST)))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo(CLIENT_FINAL));
        // U+00A0 NO-BREAK SPACE maps to a space.
        ScramSha256 nbsp = new ScramSha256("user", "pen\u00a0cil", NONCE);
        ScramSha256 space = new ScramSha256("user", "pen cil", NONCE);
        nbsp.initialResponse();
        space.initialResponse();
        assertThat(nbsp.respond(utf8(SERVER_FIRST)).orElseThrow())
                .isEqualTo(space.respond(utf8(SERVER_FIRST)).orElseThrow());
    }

    @Test
    void theUserNameIsPreparedWithSaslPrep() {
        ScramSha256 scram = new ScramSha256("us\u00ader", "pencil", NONCE);
        assertThat(text(scram.initialResponse().orElseThrow())).isEqualTo("n,,n=user,r=" + NONCE);
    }

    @Test
    void aProhibitedCharacterInThePasswordIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> new ScramSha256("user", "pass\u0007SECRET", NONCE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("password")
                .hasMessageNotContaining("SECRET");
    }

    @Test
    void theRandomNonceIs24BytesOfBase64AndFresh() {
        String first = text(new ScramSha256("user", "pencil").initialResponse().orElseThrow());
        String second = text(new ScramSha256("user", "pencil").initialResponse().orElseThrow());
        assertThat(first).matches("n,,n=user,r=[A-Za-z0-9+/]{32}");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void toStringDoesNotContainTheSecret() {
        ScramSha256 scram = new ScramSha256("user", "pencilSECRET", NONCE);
        assertThat(scram.toString()).doesNotContain("SECRET");
        scram.initialResponse();
        scram.respond(utf8(SERVER_FIRST));
        assertThat(scram.toString()).doesNotContain("SECRET");
    }

    @Test
    void randomAndMutatedChallengesNeverThrow() {
        Random random = new Random(5802);
        byte[] valid = utf8(SERVER_FIRST.replace("i=4096", "i=1"));
        for (int i = 0; i < 3000; i++) {
            ScramSha256 scram = rfcClient();
            scram.initialResponse();
            byte[] challenge;
            if (i % 2 == 0) {
                challenge = new byte[random.nextInt(80)];
                random.nextBytes(challenge);
            } else {
                challenge = valid.clone();
                challenge[random.nextInt(challenge.length)] = (byte) random.nextInt(256);
            }
            scram.respond(challenge);
            byte[] second = new byte[random.nextInt(60)];
            random.nextBytes(second);
            scram.respond(second);
        }
    }

    private static String serverFirstWith(String iterations) {
        return "r=" + SERVER_NONCE + ",s=W22ZaJ0SNY7soEsUEjb6gQ==,i=" + iterations;
    }

    @Test
    void anIterationCountAboveTheLimitIsRefusedWithoutComputingAnything() {
        ScramSha256 scram = rfcClient();
        scram.limitIterations(4096);
        scram.initialResponse();
        // two billion PBKDF2 rounds would take many minutes: refused at once
        assertTimeoutPreemptively(Duration.ofSeconds(2), () ->
                assertThat(scram.respond(utf8(serverFirstWith("2000000000")))).isEmpty());
        assertThat(scram.cancellation()).hasValueSatisfying(c -> {
            assertThat(c.reason()).isEqualTo(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT);
            assertThat(c.detail()).isEqualTo("SCRAM iteration count 2000000000 is above the limit of 4096"
                    + " (ProbeOptions.Builder.maxScramIterations); nothing was computed");
        });
        assertThat(scram.serverProof()).isEqualTo(ServerProof.NOT_SENT);
    }

    @Test
    void aCountTooLongForAnIntIsOverTheLimitNotMalformed() {
        ScramSha256 scram = rfcClient();
        scram.initialResponse();
        assertThat(scram.respond(utf8(serverFirstWith("99999999999999999999999999")))).isEmpty();
        assertThat(scram.cancellation()).map(AuthCancel::reason).contains(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT);
        assertThat(scram.cancellation().orElseThrow().detail()).contains("26-digit");
    }

    @Test
    void aCountAtTheLimitIsComputed() {
        ScramSha256 scram = rfcClient();
        scram.limitIterations(4096);
        scram.initialResponse();
        assertThat(scram.respond(utf8(SERVER_FIRST)))
                .hasValueSatisfying(r -> assertThat(text(r)).isEqualTo(CLIENT_FINAL));
    }

    @Test
    void theDefaultLimitIsTheProbeOptionsDefault() {
        ScramSha256 above = rfcClient();
        above.initialResponse();
        assertThat(above.respond(utf8(serverFirstWith(Integer.toString(ProbeOptions.DEFAULT_MAX_SCRAM_ITERATIONS + 1)))))
                .isEmpty();
        assertThat(above.cancellation()).map(AuthCancel::reason).contains(AuthCancel.Reason.ITERATION_COUNT_OVER_LIMIT);
        assertThatThrownBy(() -> rfcClient().limitIterations(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theServerProofIsNotSentUntilAMatchingSignatureArrives() {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.serverProof()).isEqualTo(ServerProof.NOT_SENT);
        scram.respond(utf8(SERVER_FINAL));
        assertThat(scram.serverProof()).isEqualTo(ServerProof.VERIFIED);
        assertThat(scram.cancellation()).isEmpty();
    }

    @Test
    void aWrongSignatureIsAMismatchedProofAndSaysSo() {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.respond(utf8("v=AAAATRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4="))).isEmpty();
        assertThat(scram.serverProof()).isEqualTo(ServerProof.MISMATCHED);
        assertThat(scram.cancellation()).map(AuthCancel::reason).contains(AuthCancel.Reason.SERVER_PROOF_MISMATCH);
    }

    @Test
    void aServerErrorInPlaceOfTheSignatureIsNoProofAndAMechanismRefusal() {
        ScramSha256 scram = afterServerFirst();
        assertThat(scram.respond(utf8("e=invalid-proof"))).isEmpty();
        assertThat(scram.serverProof()).isEqualTo(ServerProof.NOT_SENT);
        assertThat(scram.cancellation()).map(AuthCancel::reason).contains(AuthCancel.Reason.MECHANISM_REFUSED);
    }
}
