package dev.smtpprobe.internal.sasl;

import static dev.smtpprobe.internal.sasl.TestBytes.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginTest {

    @Test
    void hasNoInitialResponseAndRevealsTheSecret() {
        Login login = new Login("alice", "wonderland");
        assertThat(login.initialResponse()).isEmpty();
        assertThat(login.name()).isEqualTo("LOGIN");
        assertThat(login.revealsSecret()).isTrue();
    }

    @Test
    void answersUsernameThenPassword() {
        Login login = new Login("alice", "wonderland");
        assertThat(login.respond(utf8("Username:"))).hasValueSatisfying(r -> assertThat(r).isEqualTo(utf8("alice")));
        assertThat(login.respond(utf8("Password:")))
                .hasValueSatisfying(r -> assertThat(r).isEqualTo(utf8("wonderland")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Username:", "USERNAME:", "username", "User Name", "User Name\0", "Enter user id"})
    void userPromptVariantsGetTheUserName(String prompt) {
        assertThat(new Login("alice", "pw").respond(utf8(prompt)))
                .hasValueSatisfying(r -> assertThat(r).isEqualTo(utf8("alice")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Password:", "PASSWORD:", "password", "Passcode:"})
    void passwordPromptVariantsGetThePassword(String prompt) {
        assertThat(new Login("alice", "pw").respond(utf8(prompt)))
                .hasValueSatisfying(r -> assertThat(r).isEqualTo(utf8("pw")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Hello", "Token:", "Username or password:", "\u00ff\u00fe"})
    void anUnclearPromptCancels(String prompt) {
        Login login = new Login("alice", "pw");
        assertThat(login.respond(utf8(prompt))).isEmpty();
        assertThat(login.respond(utf8("Password:"))).as("stays cancelled").isEmpty();
    }

    @Test
    void aRepeatedPromptCancels() {
        Login login = new Login("alice", "pw");
        login.respond(utf8("Username:"));
        login.respond(utf8("Password:"));
        assertThat(login.respond(utf8("Password:"))).isEmpty();
        assertThat(new Login("a", "b").respond(utf8("Username:"))).isPresent();
        Login again = new Login("a", "b");
        again.respond(utf8("Username:"));
        assertThat(again.respond(utf8("Username:"))).isEmpty();
    }

    @Test
    void nonAsciiCredentialsAreSentInUtf8() {
        Login login = new Login("j\u00fcrgen", "p\u00e4ss");
        assertThat(login.respond(utf8("Username:")).orElseThrow()).isEqualTo(utf8("j\u00fcrgen"));
        assertThat(login.respond(utf8("Password:")).orElseThrow()).isEqualTo(utf8("p\u00e4ss"));
    }

    @Test
    void toStringDoesNotContainTheSecret() {
        Login login = new Login("alice", "wonderlandSECRET");
        login.respond(utf8("Username:"));
        login.respond(utf8("Password:"));
        assertThat(login.toString()).doesNotContain("SECRET");
    }

    @Test
    void randomChallengesNeverThrow() {
        Random random = new Random(4954);
        for (int i = 0; i < 2000; i++) {
            byte[] challenge = new byte[random.nextInt(40)];
            random.nextBytes(challenge);
            new Login("u", "p").respond(challenge);
        }
    }
}
