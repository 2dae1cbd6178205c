package dev.smtpprobe.testing;

import dev.smtpprobe.ProbeClient;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the tests that talk to one {@link FakeSmtpServer} through one {@link ProbeClient}: both are closed after
 * each test, whatever it left open.
 */
public abstract class FakeServerTest {

    /** The client the test made, if any. */
    protected ProbeClient client;
    /** The scripted server the test started, if any. */
    protected FakeSmtpServer server;

    @AfterEach
    void closeClientAndServer() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }
}
