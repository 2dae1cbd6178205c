package dev.smtpprobe.bench.peers;

import dev.smtpprobe.bench.Client;
import dev.smtpprobe.bench.Conversation;
import java.io.IOException;
import org.apache.commons.net.smtp.AuthenticatingSMTPClient;
import org.apache.commons.net.smtp.SMTPReply;

/**
 * Apache Commons Net's {@code SMTPClient} (its {@link AuthenticatingSMTPClient} subclass, which has {@code ehlo}):
 * connect, EHLO, {@code setSender}, {@code addRecipient}, {@code sendShortMessageData}, {@code logout} (QUIT).
 */
public final class CommonsNetClient implements Client {

    private final String host;
    private final int port;

    /** A client of the sink at {@code host:port}. */
    public CommonsNetClient(String host, int port) {
        this.host = host;
        this.port = port;
    }

    @Override
    public void conversation() throws Exception {
        try (Connection c = connect()) {
            c.message();
        }
    }

    @Override
    public Connection connect() throws IOException {
        var smtp = new AuthenticatingSMTPClient();
        smtp.setDefaultTimeout(10_000);
        smtp.connect(host, port);
        check(smtp, SMTPReply.isPositiveCompletion(smtp.getReplyCode()), "greeting");
        check(smtp, SMTPReply.isPositiveCompletion(smtp.ehlo(Conversation.CLIENT_NAME)), "EHLO");
        smtp.setTcpNoDelay(true);
        return new Connection() {
            @Override
            public void message() throws IOException {
                check(smtp, smtp.setSender(Conversation.FROM), "MAIL FROM");
                check(smtp, smtp.addRecipient(Conversation.TO), "RCPT TO");
                check(smtp, smtp.sendShortMessageData(Conversation.MESSAGE_TEXT), "DATA");
            }

            @Override
            public void close() throws IOException {
                try {
                    check(smtp, smtp.logout(), "QUIT");
                } finally {
                    smtp.disconnect();
                }
            }
        };
    }

    private static void check(AuthenticatingSMTPClient smtp, boolean ok, String step) throws IOException {
        if (!ok) {
            smtp.disconnect();
            throw new IOException(step + " refused: " + smtp.getReplyString());
        }
    }
}
