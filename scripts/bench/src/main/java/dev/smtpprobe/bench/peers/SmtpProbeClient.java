package dev.smtpprobe.bench.peers;

import dev.smtpprobe.DataResult;
import dev.smtpprobe.Hello;
import dev.smtpprobe.Probe;
import dev.smtpprobe.ProbeClient;
import dev.smtpprobe.SmtpSession;
import dev.smtpprobe.bench.Client;
import dev.smtpprobe.bench.Conversation;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;

/**
 * smtp-probe with its default options, in one of three styles: the blocking API one step at a time, the
 * blocking API pipelined (RFC 2920: MAIL, RCPT and DATA in one write), and the async API (every step's
 * {@code *Async} twin chained, no thread blocked).
 */
public final class SmtpProbeClient implements Client {

    /** How the conversation is driven. */
    public enum Style {
        /** {@code ehlo().mailFrom().rcptTo().data()}, each step waiting for its reply. */
        BLOCKING,
        /** {@code ehlo().pipelined().mailFrom().rcptTo().data()}. */
        PIPELINED,
        /** {@code connectAsync}, {@code ehloAsync}, ... chained with {@code thenCompose}. */
        ASYNC
    }

    private final ProbeClient client = Probe.client();
    private final String host;
    private final int port;
    private final Style style;

    /** A client of the sink at {@code host:port} in the given style. */
    public SmtpProbeClient(String host, int port, Style style) {
        this.host = host;
        this.port = port;
        this.style = style;
    }

    @Override
    public void conversation() throws IOException {
        if (style == Style.ASYNC) {
            conversationAsync().join();
            return;
        }
        try (SmtpSession session = client.connect(host, port)) {
            check(send(session.ehlo(Conversation.CLIENT_NAME)));
            session.quit();
        }
    }

    @Override
    public boolean isAsync() {
        return style == Style.ASYNC;
    }

    @Override
    public CompletableFuture<Void> conversationAsync() {
        if (style != Style.ASYNC) {
            return null;
        }
        return client.connectAsync(host, port).thenCompose(session -> session.ehloAsync(Conversation.CLIENT_NAME)
                .thenCompose(SmtpProbeClient::sendAsync)
                .thenCompose(sent -> {
                    check(sent);
                    return session.quitAsync();
                })
                .handle((quit, failure) -> failure)
                .thenCompose(failure -> session.closeAsync().thenApply(v -> {
                    if (failure != null) {
                        throw new IllegalStateException("conversation failed", failure);
                    }
                    return null;
                })));
    }

    private DataResult send(Hello hello) {
        return style == Style.PIPELINED
                ? hello.pipelined().mailFrom(Conversation.FROM).rcptTo(Conversation.TO).data(Conversation.MESSAGE)
                : hello.mailFrom(Conversation.FROM).rcptTo(Conversation.TO).data(Conversation.MESSAGE);
    }

    private static CompletableFuture<DataResult> sendAsync(Hello hello) {
        return hello.mailFromAsync(Conversation.FROM)
                .thenCompose(tx -> tx.rcptToAsync(Conversation.TO))
                .thenCompose(tx -> tx.dataAsync(Conversation.MESSAGE));
    }

    private static void check(DataResult sent) {
        if (!sent.isAccepted()) {
            throw new IllegalStateException("message not accepted: " + sent.reply());
        }
    }

    @Override
    public Connection connect() {
        SmtpSession session = client.connect(host, port);
        Hello hello = session.ehlo(Conversation.CLIENT_NAME);
        return new Connection() {
            @Override
            public void message() {
                check(style == Style.ASYNC ? sendAsync(hello).join() : send(hello));
            }

            @Override
            public void close() {
                try (session) {
                    session.quit();
                }
            }
        };
    }

    /** Keeps the session after EHLO (its {@link Hello}, which holds the session). */
    @Override
    public Object openIdle() {
        // many sessions held open at once: connectAsync, on the client's shared event loops, as the README advises
        // (a session opened by the blocking connect drives its own I/O and holds its own selector, two more fds)
        SmtpSession session = client.connectAsync(host, port).join();
        return session.ehlo(Conversation.CLIENT_NAME);
    }

    @Override
    public void closeIdle(Object idle) {
        ((Hello) idle).session().close();
    }

    @Override
    public void close() {
        client.close();
    }
}
