package dev.smtpprobe.testing;

/**
 * Decides how a {@link FakeSmtpServer} answers one command in a served conversation. Return {@code null} to let
 * the server answer as it would by default (a well-behaved ESMTP server), so that a handler only names what it
 * changes:
 *
 * <pre>{@code
 * FakeSmtpServer.builder().handler(command -> command.argument().contains("@blocked.test")
 *         ? Response.of("550 5.7.1 Blocked") : null)
 * }</pre>
 *
 * <p>The server's state follows the reply that was sent: a 2xx to MAIL opens the transaction, a 2xx to RCPT adds
 * the recipient, a 354 to DATA makes the server read the content (then the {@code "."} pseudo-command comes with
 * it), a 220 to STARTTLS starts the handshake when the server has a certificate, a 2xx to the final dot or to
 * {@code BDAT ... LAST} records the message. Called on the connection's own thread.
 */
@FunctionalInterface
public interface CommandHandler {

    /** The response to {@code command}, or {@code null} for the server's default. */
    Response handle(Command command);
}
