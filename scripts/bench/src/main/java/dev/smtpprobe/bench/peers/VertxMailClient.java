package dev.smtpprobe.bench.peers;

import dev.smtpprobe.bench.Client;
import dev.smtpprobe.bench.Conversation;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.concurrent.CompletableFuture;

/**
 * The Vert.x mail client: {@code sendMail} of a {@link MailMessage} with the benchmark's subject and body (Vert.x
 * composes the MIME headers itself). One conversation per connection is {@code keepAlive=false} (with a pool of
 * 64, so that the concurrent scenario's 50 conversations all run at once; the default is 10); the reuse
 * scenario is {@code keepAlive=true} with a pool of one connection. Vert.x pipelines where the server offers
 * PIPELINING (its default), as smtp-probe's pipelined variant does.
 */
public final class VertxMailClient implements Client {

    private final Vertx vertx = Vertx.vertx();
    private final String host;
    private final int port;
    private final MailClient oneShot;
    private final MailMessage message = new MailMessage()
            .setFrom(Conversation.FROM)
            .setTo(Conversation.TO)
            .setSubject(Conversation.SUBJECT)
            .setText(Conversation.BODY_TEXT);

    /** A client of the sink at {@code host:port}. */
    public VertxMailClient(String host, int port) {
        this.host = host;
        this.port = port;
        oneShot = MailClient.create(vertx, config().setKeepAlive(false).setMaxPoolSize(64)); // 50 at once
    }

    private MailConfig config() {
        return new MailConfig()
                .setHostname(host)
                .setPort(port)
                .setOwnHostname(Conversation.CLIENT_NAME)
                .setStarttls(StartTLSOptions.DISABLED);
    }

    @Override
    public void conversation() {
        conversationAsync().join();
    }

    @Override
    public boolean isAsync() {
        return true;
    }

    @Override
    public CompletableFuture<Void> conversationAsync() {
        return oneShot.sendMail(message).toCompletionStage().toCompletableFuture().thenApply(r -> null);
    }

    @Override
    public Connection connect() {
        MailClient pooled = MailClient.create(vertx, config().setKeepAlive(true).setMaxPoolSize(1));
        return new Connection() {
            @Override
            public void message() {
                pooled.sendMail(message).toCompletionStage().toCompletableFuture().join();
            }

            @Override
            public void close() {
                pooled.close().toCompletionStage().toCompletableFuture().join();
            }
        };
    }

    @Override
    public void close() {
        oneShot.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
