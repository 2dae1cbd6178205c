package dev.smtpprobe.bench.peers;

import dev.smtpprobe.bench.Client;
import dev.smtpprobe.bench.Conversation;
import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.util.Properties;

/**
 * Angus Mail, the Jakarta Mail implementation, through its SMTP {@link Transport}: {@code connect()},
 * {@code sendMessage} of a {@link MimeMessage} read once from the benchmark's bytes (so it writes them unchanged),
 * {@code close()} (QUIT, waiting for the 221). No AUTH, no STARTTLS.
 */
public final class AngusMailClient implements Client {

    private final Session session;
    private final MimeMessage message;
    private final Address[] recipients;

    /** A client of the sink at {@code host:port}. */
    public AngusMailClient(String host, int port) throws MessagingException {
        var props = new Properties();
        props.setProperty("mail.smtp.host", host);
        props.setProperty("mail.smtp.port", Integer.toString(port));
        props.setProperty("mail.smtp.localhost", Conversation.CLIENT_NAME);
        props.setProperty("mail.smtp.from", Conversation.FROM);
        props.setProperty("mail.smtp.connectiontimeout", "10000");
        props.setProperty("mail.smtp.timeout", "10000");
        session = Session.getInstance(props);
        message = new MimeMessage(session, new ByteArrayInputStream(Conversation.MESSAGE));
        recipients = new Address[] {new InternetAddress(Conversation.TO)};
    }

    @Override
    public void conversation() throws Exception {
        try (Connection c = connect()) {
            c.message();
        }
    }

    @Override
    public Connection connect() throws MessagingException {
        Transport transport = session.getTransport("smtp");
        transport.connect();
        return new Connection() {
            @Override
            public void message() throws MessagingException {
                transport.sendMessage(message, recipients); // throws unless every step was accepted
            }

            @Override
            public void close() throws MessagingException {
                transport.close();
            }
        };
    }
}
