package dev.smtpprobe;

/**
 * The result of a command that does not change the session's stage (RSET, NOOP, VRFY, EXPN, HELP, QUIT or a raw
 * command line): the line sent and the server's reply.
 */
public final class CommandResult extends SessionStage {

    private final String command;
    private final Reply reply;

    CommandResult(SessionCore core, SmtpSession session, String command, Reply reply) {
        super(core, session);
        this.command = command;
        this.reply = reply;
    }

    /** The command line as sent (redacted where it carried a secret). */
    public String command() {
        return command;
    }

    @Override
    public Reply reply() {
        return reply;
    }

    @Override
    public String toString() {
        return command + " -> " + reply;
    }
}
