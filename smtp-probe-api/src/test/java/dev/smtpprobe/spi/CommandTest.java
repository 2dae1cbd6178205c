package dev.smtpprobe.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTest {

    @Test
    void lineJoinsVerbAndParametersWithSingleSpaces() {
        var command = new Command("MAIL", List.of("FROM:<a@b.test>", "SIZE=100"), "MAIL FROM:<a@b.test> SIZE=100");

        assertThat(command.line()).isEqualTo("MAIL FROM:<a@b.test> SIZE=100");
    }

    @Test
    void lineOfAVerbWithoutParametersIsTheVerb() {
        assertThat(new Command("NOOP", List.of(), "NOOP").line()).isEqualTo("NOOP");
    }

    @Test
    void emptyVerbSendsTheParameterAsTheWholeLine() {
        assertThat(new Command("", List.of("XCLIENT NAME=x"), "XCLIENT NAME=x").line()).isEqualTo("XCLIENT NAME=x");
    }

    @Test
    void displayIsKeptApartFromTheWireLine() {
        var command = new Command("AUTH", List.of("PLAIN", "AGFsaWNlAHNlY3JldA=="), "AUTH PLAIN <redacted>");

        assertThat(command.display()).isEqualTo("AUTH PLAIN <redacted>").doesNotContain("AGFsaWNl");
        assertThat(command.line()).isEqualTo("AUTH PLAIN AGFsaWNlAHNlY3JldA==");
    }

    @Test
    void onlyTheDataVerbIsData() {
        assertThat(new Command("DATA", List.of(), "DATA").isData()).isTrue();
        assertThat(new Command("BDAT", List.of("10", "LAST"), "BDAT 10 LAST").isData()).isFalse();
        assertThat(new Command("", List.of("DATA"), "DATA").isData()).isFalse();
    }

    @Test
    void parametersAreCopied() {
        var params = new ArrayList<>(List.of("x.test"));
        var command = new Command("EHLO", params, "EHLO x.test");
        params.add("injected");

        assertThat(command.line()).isEqualTo("EHLO x.test");
    }

    @Test
    void nullComponentsAreRefused() {
        assertThatNullPointerException().isThrownBy(() -> new Command(null, List.of(), "x"));
        assertThatNullPointerException().isThrownBy(() -> new Command("NOOP", null, "x"));
        assertThatNullPointerException().isThrownBy(() -> new Command("NOOP", List.of(), null));
    }

    @Test
    void lineOfMakesTheLineOfACommandNotYetMade() {
        assertThat(Command.lineOf("MAIL", List.of("FROM:<a@b.test>", "SIZE=100"))).isEqualTo("MAIL FROM:<a@b.test> SIZE=100");
        assertThat(Command.lineOf("QUIT", List.of())).isEqualTo("QUIT");
        assertThat(Command.lineOf("", List.of("XCLIENT NAME=x"))).isEqualTo("XCLIENT NAME=x");
        assertThat(Command.lineOf("", List.of("a", "b"))).isEqualTo("a b");
        assertThat(Command.lineOf("", List.of())).isEmpty();
    }
}
