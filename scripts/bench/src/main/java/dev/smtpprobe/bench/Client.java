package dev.smtpprobe.bench;

import java.util.concurrent.CompletableFuture;

/**
 * One SMTP client under test, able to hold the benchmark's {@link Conversation} in each scenario. Implementations
 * use the client as its documentation shows, with its defaults, and check that the message was accepted (a 250
 * after the final dot): a client that fails throws, and the run stops.
 */
public interface Client extends AutoCloseable {

    /** One full conversation on a new connection: connect, greeting, EHLO, MAIL, RCPT, DATA, QUIT, close. */
    void conversation() throws Exception;

    /**
     * The same conversation without blocking the caller, for an asynchronous API; {@code null} when the client
     * has none (it is then driven from threads of its own in the concurrent scenario).
     */
    default CompletableFuture<Void> conversationAsync() {
        return null;
    }

    /** Whether {@link #conversationAsync()} is this client's way of holding a conversation. */
    default boolean isAsync() {
        return false;
    }

    /** A new connection after greeting and EHLO, on which {@link Connection#message()} sends messages. */
    Connection connect() throws Exception;

    /** Opens a connection, reads the greeting and says EHLO, then leaves it idle: returns what holds it. */
    default Object openIdle() throws Exception {
        throw new UnsupportedOperationException("no idle-session scenario for this client");
    }

    /** Closes what {@link #openIdle()} returned. */
    default void closeIdle(Object idle) throws Exception {
        throw new UnsupportedOperationException("no idle-session scenario for this client");
    }

    /** Releases the client's threads and pools. */
    @Override
    default void close() throws Exception {}

    /** One connection carrying many messages (the reuse scenario). */
    interface Connection extends AutoCloseable {

        /** One transaction on this connection: MAIL, RCPT, DATA with the message; throws if not accepted. */
        void message() throws Exception;

        /** QUIT and close. */
        @Override
        void close() throws Exception;
    }
}
