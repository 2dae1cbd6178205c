package dev.smtpprobe.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one DNS question to the configured recursive resolvers and gives back the answer section as data. The MX
 * logic of RFC 5321 §5.1 lives in the API, not in the transport.
 */
public interface DnsClient {

    /**
     * Asks for {@code name}'s records of {@code type}. Completes with the answer whatever its RCODE; fails with
     * {@link dev.smtpprobe.DnsLookupException} only when no server answered or the answer was unreadable.
     */
    CompletableFuture<DnsAnswer> query(String name, DnsType type);
}
