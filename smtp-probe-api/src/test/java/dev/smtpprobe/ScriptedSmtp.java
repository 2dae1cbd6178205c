package dev.smtpprobe;

import dev.smtpprobe.spi.TranscriptRecorder;
import java.util.Arrays;

/**
 * Opens real {@link SmtpSession}s on a scripted server in memory, for tests of code that takes stages (the AssertJ
 * assertions): each step gets the next reply of the script, written as on the wire ({@code "250-a\n250 b"}).
 *
 * <pre>{@code
 * var tx = ScriptedSmtp.connect("220 mx.test ESMTP", "250 mx.test", "250 2.1.0 Ok", "550 5.7.1 Relay denied")
 *         .ehlo("probe.test").mailFrom("a@probe.test").rcptTo("x@elsewhere.test");
 * }</pre>
 */
public final class ScriptedSmtp {

    private ScriptedSmtp() {}

    /** A session on {@code mx.contoso.test} with the default options. */
    public static SmtpSession connect(String greeting, String... replies) {
        return connect(ProbeOptions.DEFAULT, greeting, replies);
    }

    /** A session on {@code mx.contoso.test} with these options (e.g. plaintext AUTH allowed). */
    public static SmtpSession connect(ProbeOptions options, String greeting, String... replies) {
        var recorder = new TranscriptRecorder(options.transcriptListener(), options.transcriptMaxLines(),
                options.transcriptMaxBytes());
        recorder.info("Trying mx.contoso.test:25...");
        var connection = new ScriptedConnection(recorder, "mx.contoso.test", ScriptedConnection.parse(greeting),
                Arrays.stream(replies).map(ScriptedConnection::parse).toList());
        var core = new SessionCore(connection, recorder, options, "mx.contoso.test");
        return new SmtpSession(core, core.greeting().join());
    }
}
