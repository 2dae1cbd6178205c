package dev.smtpprobe.spi;

import java.util.concurrent.CompletableFuture;

/**
 * Sends one DNS question to the configured recursive resolvers and gives back the answer section as data. The MX
 * logic of RFC 5321 §5.1 lives in the API, not in the transport.
 */
public interface DnsClient {

    /**
     * Asks for {@code name}'s records of {@code type} with the EDNS DO bit set (RFC 3225, RFC 6891), so that a
     * validating resolver reports what it validated in the AD bit ({@link DnsAnswer#authenticated()}); the records
     * of the answer are those the resolver returns, RRSIGs left out. Completes with the answer whatever its RCODE;
     * fails with {@link dev.smtpprobe.DnsLookupException} only when no server answered or the answer was unreadable.
     */
    CompletableFuture<DnsAnswer> query(String name, DnsType type);
}
