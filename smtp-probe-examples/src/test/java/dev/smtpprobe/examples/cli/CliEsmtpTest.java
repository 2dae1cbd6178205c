package dev.smtpprobe.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.smtpprobe.testing.FakeSmtpServer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The ESMTP options swaks users expect (issue 14 item 12), against a scripted server, judged by the exact lines it
 * received: SMTPUTF8 when an address needs it and the server offers it, {@code --size}, {@code --body-type},
 * {@code --bdat} and {@code --chunk-size}, the DSN parameters. An option whose extension the server does not offer
 * sends nothing of the transaction (exit code 1).
 */
class CliEsmtpTest {

    private static final String EVERYTHING = "250-fake.test\r\n250-PIPELINING\r\n250-SIZE 100000\r\n250-8BITMIME\r\n"
            + "250-BINARYMIME\r\n250-CHUNKING\r\n250-DSN\r\n250-SMTPUTF8\r\n250 ENHANCEDSTATUSCODES\r\n";
    private static final String NOTHING = "250-fake.test\r\n250 ENHANCEDSTATUSCODES\r\n";

    private FakeSmtpServer server;

    @AfterEach
    void closeServer() {
        if (server != null) {
            server.close();
        }
    }

    private CliRun against(String ehlo, String... args) {
        return against(s -> s.send(FakeReplies.GREETING).answerEachLine(new FakeReplies().with("EHLO", ehlo).responder()),
                args);
    }

    private CliRun against(Consumer<FakeSmtpServer.Script> script, String... args) {
        server = FakeSmtpServer.start(script);
        var all = new ArrayList<>(List.of("--server", server.host(), "--port", String.valueOf(server.port()),
                "--ehlo", "client.test", "--timeout", "5s"));
        all.addAll(Arrays.asList(args));
        if (!all.contains("--from")) {
            all.addAll(List.of("--from", "a@client.test"));
        }
        if (!all.contains("--to")) {
            all.addAll(List.of("--to", "b@fake.test"));
        }
        CliRun run = CliRun.run(all.toArray(new String[0]));
        server.awaitScript(Duration.ofSeconds(10));
        return run;
    }

    /** A server with CHUNKING that reads each BDAT chunk and answers it with the next of {@code chunkReplies}. */
    private static Consumer<FakeSmtpServer.Script> chunking(String... chunkReplies) {
        return s -> {
            s.send(FakeReplies.GREETING);
            s.reply("EHLO", EVERYTHING);
            s.reply("MAIL", "250 2.1.0 Ok\r\n");
            s.reply("RCPT", "250 2.1.5 Ok\r\n");
            for (String reply : chunkReplies) {
                String bdat = s.expect("BDAT ");
                s.readBytes(Integer.parseInt(bdat.split(" ")[1]));
                s.send(reply);
                if (bdat.endsWith(" LAST") || !reply.startsWith("2")) {
                    break;
                }
            }
            s.answerEachLine(new FakeReplies().responder());
        };
    }

    /** What the client sent, decoded as UTF-8. */
    private String sent() {
        return new String(server.received(), StandardCharsets.UTF_8);
    }

    /**
     * The command lines the client sent, without the message content: the lines after a DATA up to the final dot, and
     * the octets a BDAT line announces, are skipped (every DATA of these tests is answered 354).
     */
    private List<String> commands() {
        String text = server.receivedText();
        var commands = new ArrayList<String>();
        boolean inData = false;
        for (int at = 0, end; (end = text.indexOf("\r\n", at)) >= 0; ) {
            String line = text.substring(at, end);
            at = end + 2;
            if (inData) {
                inData = !line.equals(".");
                continue;
            }
            commands.add(line);
            inData = line.equals("DATA");
            if (line.startsWith("BDAT ")) {
                at += Integer.parseInt(line.split(" ")[1]);
            }
        }
        return commands;
    }

    @Test
    void aNonAsciiAddressUsesSmtpUtf8WhenTheServerOffersIt() {
        CliRun run = against(EVERYTHING, "--from", "jörg@client.test", "--to", "zoë@fake.test");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(sent()).contains("MAIL FROM:<jörg@client.test> SMTPUTF8\r\n", "RCPT TO:<zoë@fake.test>\r\n",
                "To: zoë@fake.test\r\n");
    }

    @Test
    void anAsciiTransactionDoesNotAskForSmtpUtf8() {
        assertThat(against(EVERYTHING).exit()).isZero();
        assertThat(commands()).contains("MAIL FROM:<a@client.test>");
    }

    /** Issue 14 item 12: this used to be "SMTPUTF8 is not in use; nothing was sent" even where SMTPUTF8 was offered. */
    @Test
    void aNonAsciiAddressWithoutTheServersSmtpUtf8SendsNothingOfTheTransaction() {
        CliRun run = against(NOTHING, "--to", "zoë@fake.test");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("*** zoë@fake.test is not ASCII and needs SMTPUTF8 (RFC 6531), which the server"
                + " does not offer: nothing of the transaction was sent");
        assertThat(commands()).containsExactly("EHLO client.test", "QUIT");
    }

    @Test
    void sizeWithoutAValueDeclaresTheOctetsOfTheMessageSent() {
        CliRun run = against(EVERYTHING, "--size");
        assertThat(run.exit()).as(run.all()).isZero();
        String received = server.receivedText();
        int start = received.indexOf("DATA\r\n") + "DATA\r\n".length();
        int end = received.indexOf("\r\n.\r\n", start) + 2;
        Matcher size = Pattern.compile("MAIL FROM:<a@client.test> SIZE=(\\d+)\r\n").matcher(received);
        assertThat(size.find()).as(received).isTrue();
        assertThat(Integer.parseInt(size.group(1))).isEqualTo(end - start);
    }

    @Test
    void sizeOverTheAdvertisedLimitIsNotSent() {
        CliRun run = against(EVERYTHING.replace("SIZE 100000", "SIZE 10"), "--size");
        assertThat(run.exit()).as(run.all()).isEqualTo(1);
        assertThat(run.err()).contains("is over the server's advertised limit of 10");
        assertThat(commands()).containsExactly("EHLO client.test", "QUIT");
    }

    @Test
    void aSizeGivenIsSentAsToldForTheServerToJudge() {
        CliRun run = against(s -> s.send(FakeReplies.GREETING).answerEachLine(new FakeReplies().with("EHLO", EVERYTHING)
                .with("MAIL", "552 5.3.4 Message size exceeds fixed limit\r\n").responder()), "--size", "50000000");
        assertThat(run.exit()).as(run.all()).isEqualTo(23);
        assertThat(commands()).containsExactly("EHLO client.test", "MAIL FROM:<a@client.test> SIZE=50000000", "QUIT");
    }

    @Test
    void eachOptionNeedsItsExtensionAndNothingOfTheTransactionIsSentWithoutIt() {
        for (String[] c : new String[][] {
            {"--size", "--size needs SIZE (RFC 1870)"},
            {"--body-type=8BITMIME", "--body-type 8BITMIME needs 8BITMIME (RFC 6152)"},
            {"--body-type=7bit", "--body-type 7BIT needs 8BITMIME (RFC 6152)"},
            {"--body-type=BINARYMIME", "--body-type BINARYMIME needs BINARYMIME (RFC 3030); BINARYMIME's BDAT needs"
                    + " CHUNKING (RFC 3030)"},
            {"--bdat", "BDAT (--bdat, --chunk-size) needs CHUNKING (RFC 3030)"},
            {"--chunk-size=10", "BDAT (--bdat, --chunk-size) needs CHUNKING (RFC 3030)"},
            {"--dsn-notify=never", "--dsn-notify needs DSN (RFC 3461)"},
            {"--dsn-ret=full", "--dsn-ret needs DSN (RFC 3461)"},
            {"--dsn-envid=x", "--dsn-envid needs DSN (RFC 3461)"},
            {"--dsn-orcpt", "--dsn-orcpt needs DSN (RFC 3461)"}}) {
            CliRun run = against(NOTHING, c[0]);
            assertThat(run.exit()).as(c[0] + ": " + run.all()).isEqualTo(1);
            assertThat(run.err()).as(c[0]).contains("*** " + c[1] + ", which the server does not offer: nothing of the"
                    + " transaction was sent");
            assertThat(commands()).as(c[0]).containsExactly("EHLO client.test", "QUIT");
            server.close();
        }
    }

    @Test
    void theBodyTypeIsDeclared() {
        assertThat(against(EVERYTHING, "--body-type", "8bitmime").exit()).isZero();
        assertThat(commands()).contains("MAIL FROM:<a@client.test> BODY=8BITMIME", "DATA");
    }

    @Test
    void bdatSendsTheMessageAsOneLastChunk() {
        CliRun run = against(chunking("250 2.0.0 Ok: queued as BD4T\r\n"), "--bdat");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(commands()).hasSize(5).startsWith("EHLO client.test", "MAIL FROM:<a@client.test>",
                "RCPT TO:<b@fake.test>").endsWith("QUIT").noneMatch(c -> c.equals("DATA"));
        assertThat(commands().get(3)).matches("BDAT \\d+ LAST");
        assertThat(run.out()).contains("=== queue id: BD4T");
    }

    @Test
    void chunkSizeCutsTheMessageIntoChunksTheLastOfThemLast() {
        CliRun run = against(chunking("250 2.0.0 1 ok\r\n", "250 2.0.0 2 ok\r\n", "250 2.0.0 3 ok\r\n",
                "250 2.0.0 4 ok\r\n", "250 2.0.0 5 ok\r\n", "250 2.0.0 6 ok\r\n", "250 2.0.0 Ok: queued as CH7\r\n",
                "250 2.0.0 8 ok\r\n", "250 2.0.0 9 ok\r\n"), "--chunk-size", "40", "--size");
        assertThat(run.exit()).as(run.all()).isZero();
        List<String> bdats = commands().stream().filter(c -> c.startsWith("BDAT")).toList();
        assertThat(bdats.subList(0, bdats.size() - 1)).allMatch(c -> c.equals("BDAT 40"));
        assertThat(bdats.get(bdats.size() - 1)).matches("BDAT \\d+ LAST");
        int total = bdats.stream().mapToInt(c -> Integer.parseInt(c.split(" ")[1])).sum();
        assertThat(commands().get(1)).isEqualTo("MAIL FROM:<a@client.test> SIZE=" + total);
    }

    @Test
    void aRefusedChunkEndsTheRunWith26AndRset() {
        CliRun run = against(chunking("250 2.0.0 1 ok\r\n", "452 4.3.1 Insufficient system storage\r\n"),
                "--chunk-size", "40");
        assertThat(run.exit()).as(run.all()).isEqualTo(26);
        assertThat(run.err()).contains("*** BDAT chunk 2 of ", " was answered 452 4.3.1 Insufficient system storage");
        assertThat(commands()).endsWith("BDAT 40", "BDAT 40", "RSET", "QUIT");
    }

    @Test
    void binaryMimeIsDeclaredAndGoesWithBdat() {
        CliRun run = against(chunking("250 2.0.0 Ok: queued as B1N\r\n"), "--body-type", "BINARYMIME");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(commands()).contains("MAIL FROM:<a@client.test> BODY=BINARYMIME").noneMatch(c -> c.equals("DATA"));
        assertThat(commands().get(3)).matches("BDAT \\d+ LAST");
    }

    @Test
    void theDsnParametersGoOnMailAndEveryRcpt() {
        CliRun run = against(EVERYTHING, "--to", "b@fake.test,c@fake.test", "--dsn-notify", "failure,delay",
                "--dsn-ret", "hdrs", "--dsn-envid", "run 42", "--dsn-orcpt");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(commands()).containsExactly("EHLO client.test", "MAIL FROM:<a@client.test> RET=HDRS ENVID=run+2042",
                "RCPT TO:<b@fake.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;b@fake.test",
                "RCPT TO:<c@fake.test> NOTIFY=FAILURE,DELAY ORCPT=rfc822;c@fake.test", "DATA", "QUIT");
    }

    @Test
    void anOriginalRecipientGivenIsTheOneRcpts() {
        assertThat(against(EVERYTHING, "--dsn-orcpt", "<old@fake.test>", "--dsn-notify", "never").exit()).isZero();
        assertThat(commands()).contains("RCPT TO:<b@fake.test> NOTIFY=NEVER ORCPT=rfc822;old@fake.test");
    }

    @Test
    void pipelinedCommandsCarryTheParametersToo() {
        CliRun run = against(EVERYTHING, "--pipeline", "--size", "--dsn-notify", "success", "--to", "zoë@fake.test");
        assertThat(run.exit()).as(run.all()).isZero();
        assertThat(sent()).containsPattern("MAIL FROM:<a@client.test> SIZE=\\d+ SMTPUTF8\r\n"
                + "RCPT TO:<zoë@fake.test> NOTIFY=SUCCESS\r\nDATA\r\n");
    }
}
