package dev.smtpprobe.assertj;

import dev.smtpprobe.SessionStage;

/**
 * Assertions on any {@link SessionStage}, for the stages without assertions of their own
 * ({@link dev.smtpprobe.TlsStarted}, {@link dev.smtpprobe.CommandResult} after RSET, NOOP, VRFY, QUIT or a raw
 * command): the reply checks applied to {@code stage.reply()}, failures showing the transcript.
 *
 * <pre>{@code
 * assertThat(hello.vrfy("postmaster")).hasCode(252);
 * }</pre>
 */
public class SessionStageAssert extends AbstractSessionStageAssert<SessionStageAssert, SessionStage> {

    /** Assertions on {@code actual}; prefer {@link SmtpAssertions#assertThat(SessionStage)}. */
    public SessionStageAssert(SessionStage actual) {
        super(actual, SessionStageAssert.class);
    }
}
