package dev.smtpprobe.internal;

import dev.smtpprobe.Exchange;
import dev.smtpprobe.Reply;
import java.util.List;
import java.util.Optional;

/** Finding the exchange of a reply a step handed out. */
public final class Exchanges {

    private Exchanges() {}

    /**
     * The newest of {@code exchanges} whose reply is {@code reply} itself or, failing that, equal to it (the redacted
     * copy an AUTH result hands out is equal to the one its exchange keeps); empty when none is.
     */
    public static Optional<Exchange> of(List<Exchange> exchanges, Reply reply) {
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            if (exchanges.get(i).reply() == reply) {
                return Optional.of(exchanges.get(i));
            }
        }
        for (int i = exchanges.size() - 1; i >= 0; i--) {
            if (exchanges.get(i).reply().equals(reply)) {
                return Optional.of(exchanges.get(i));
            }
        }
        return Optional.empty();
    }
}
