package dev.smtpprobe.examples.cli;

import dev.smtpprobe.TlsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one run does, checked: where to connect, what to say, how far to go. Built from the options by
 * {@link PlanBuilder}; run by {@link Conversation}. {@link #toString()} never shows the password.
 *
 * @param host             the server
 * @param port             its port
 * @param ehlo             the EHLO name
 * @param from             the envelope sender ({@code ""} for the null sender)
 * @param to               the envelope recipients (may be empty only when the run stops before RCPT)
 * @param tls              how TLS is used
 * @param tlsOptions       trust, server name, handshake timeout (the mode is set by {@link Conversation})
 * @param auth             the credentials, when {@code --auth} was given
 * @param plaintextAuth    whether PLAIN, LOGIN and XOAUTH2 may run without TLS ({@code --auth-plaintext})
 * @param message          the message (headers, blank line, body)
 * @param quitAfter        where the conversation ends
 * @param pipeline         whether MAIL, RCPT and DATA go as one PIPELINING batch
 * @param timeout          the timeout of every step
 * @param xclient          the XCLIENT attributes to send after EHLO ({@code --xclient})
 * @param proxy            the PROXY protocol header to start the connection with ({@code --proxy})
 * @param prdr             whether MAIL FROM carries PRDR ({@code --prdr})
 * @param protocol         SMTP or LMTP ({@code --protocol})
 * @param esmtp            the ESMTP parameters of the transaction and whether the message goes with BDAT
 */
public record ConversationPlan(String host, int port, String ehlo, String from, List<String> to, TlsChoice tls,
        TlsOptions tlsOptions, Optional<Credentials> auth, boolean plaintextAuth, String message, QuitAfter quitAfter,
        boolean pipeline, Duration timeout, Optional<dev.smtpprobe.XClient> xclient,
        Optional<dev.smtpprobe.ProxyHeader> proxy, boolean prdr, dev.smtpprobe.Protocol protocol,
        EsmtpChoices esmtp) {

    /** Copies the recipients and checks for nulls. */
    public ConversationPlan {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(ehlo, "ehlo");
        Objects.requireNonNull(from, "from");
        to = List.copyOf(to);
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(tlsOptions, "tlsOptions");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(quitAfter, "quitAfter");
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(xclient, "xclient");
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(esmtp, "esmtp");
    }

    /** The same plan toward another server (the next address of an MX), with the TLS options that fit it. */
    ConversationPlan toward(String otherHost, int otherPort, TlsOptions otherTls) {
        return new ConversationPlan(otherHost, otherPort, ehlo, from, to, tls, otherTls, auth, plaintextAuth, message,
                quitAfter, pipeline, timeout, xclient, proxy, prdr, protocol, esmtp);
    }
}
